package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} methods of {@code s += await(f);} repeated 400 to 800 times under
 * {@code java -javaagent:target/weft-agent.jar}: those whose woven body fits in 64 KB (up to 661
 * awaits) are woven and run, the others are left unwoven with the 64 KB diagnostic; never an
 * internal error. Bodies of 50 to 64 KB once failed inside ASM 9.11's jump widening.
 */
class LargeMethodsAppIT {
    private static final Path AGENT = property("weft.agent.jar");
    private static final Path WORK = property("weft.it.work").resolve("large");
    private static final Path RUNTIME = Javac.runtime();
    /** As in the weaver's LargeMethodTest. */
    private static final int LAST_WOVEN = 661;

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: run the ITs through Maven (mvn verify)");
        }
        return Paths.get(value);
    }

    private static String big(int n) {
        StringBuilder b = new StringBuilder("package app;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\n");
        b.append("public class Big").append(n).append(" {\n");
        b.append("    @Async static Task<Integer> big(Task<Integer> f) {\n        int s = 0;\n");
        for (int i = 0; i < n; i++) {
            b.append("        s += await(f);\n");
        }
        b.append("        return Task.of(s);\n    }\n}\n");
        return b.toString();
    }

    @Test
    void methodsOf400To800AwaitsAreWovenAndRunOrLeftUnwovenWithThe64KbDiagnostic() throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (int n = 400; n <= 800; n += 20) {
            counts.add(n);
        }
        counts.add(LAST_WOVEN);
        counts.add(LAST_WOVEN + 1);
        Map<String, String> sources = new LinkedHashMap<>();
        StringBuilder main = new StringBuilder("package app;\nimport dev.weft.*;\npublic class Main {\n");
        main.append("    public static void main(String[] args) {\n");
        StringBuilder out = new StringBuilder();
        List<String> err = new ArrayList<>();
        for (int n : counts) {
            sources.put("app.Big" + n, big(n));
            if (n <= LAST_WOVEN) {
                // the first await suspends (f is pending), the others find f done
                main.append("        System.out.println(\"Big").append(n).append(": \" + Weft.run(() -> Big").append(n)
                        .append(".big(Weft.createTask(() -> Task.of(1)))));\n");
                out.append("Big").append(n).append(": ").append(n).append('\n');
            } else {
                // loaded, not run: the agent weaves a class as it is loaded
                main.append("        System.out.println(Big").append(n).append(".class.getSimpleName());\n");
                out.append("Big").append(n).append('\n');
                err.add("[weft] Big" + n + ".java:6: error: Big" + n + ".big() would exceed the JVM's 64 KB code size"
                        + " limit after weaving; split the method into smaller @Async methods");
                err.add("[weft] left app.Big" + n + " unwoven; its await() calls will throw");
            }
        }
        main.append("    }\n}\n");
        sources.put("app.Main", main.toString());
        Path classes = Javac.compile(sources, WORK.resolve("classes"), List.of(RUNTIME));

        JavaProcess.Result r = new JavaProcess().option("-javaagent:" + AGENT).classPath(classes, RUNTIME)
                .run(WORK, "app.Main");

        assertEquals(0, r.exit(), r.toString());
        assertEquals(out.toString(), r.out(), r.toString());
        assertEquals(err, List.of(r.err().split("\n")), r.toString());
    }
}
