package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.hostile.HostileShapes;
import dev.weft.weaver.hostile.UninitializedShapes;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * Hostile class files under {@code java -javaagent:target/weft-agent.jar}: the application goes on,
 * each class the agent cannot weave is named on stderr with the reason and loaded as it was, and the
 * others, and the application's well-formed {@code @Async} class, are woven and run. The classes
 * come from the weaver's {@link HostileShapes} (its test jar); {@code src/test/apps/hostile} loads and runs them.
 */
class HostileAppIT {
    /** The app's {@code app.Tasks.later(v)} completes on a later loop turn. */
    private static final HostileShapes SHAPES = new HostileShapes("app/Tasks");

    private static final Path AGENT = property("weft.agent.jar");
    private static final Path APPS = property("weft.it.apps");
    private static final Path WORK = property("weft.it.work").resolve("hostile");
    private static final Path RUNTIME = Javac.runtime();

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: run the ITs through Maven (mvn verify)");
        }
        return Paths.get(value);
    }

    /** Runs app.Main under the agent on the given classes (internal name to bytes), in this order. */
    private static JavaProcess.Result run(String test, Map<String, byte[]> classes) throws Exception {
        return run(test, classes, classes.keySet());
    }

    /** Runs app.Main under the agent on the named ones of the given classes, in this order. */
    private static JavaProcess.Result run(String test, Map<String, byte[]> classes, java.util.Collection<String> toRun)
            throws Exception {
        Path app = Javac.compileTree(APPS.resolve("hostile"), WORK.resolve("app"), List.of(RUNTIME));
        Path generated = WORK.resolve(test).resolve("classes");
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            Path file = generated.resolve(c.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
        String[] names = toRun.stream().map(n -> n.replace('/', '.')).toArray(String[]::new);
        return new JavaProcess().option("-javaagent:" + AGENT).classPath(app, generated, RUNTIME)
                .run(WORK.resolve(test), "app.Main", names);
    }

    private static String stdout(String... lines) {
        return "start\n" + String.join("\n", lines) + "\napp.Fine: fine\ndone\n";
    }

    @Test
    void classesTheAgentCannotWeaveAreNamedWithTheReasonAndTheOthersAreWovenAndRun() throws Exception {
        // in load order: ones the agent refuses between ones it weaves
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put("h/Decorated", SHAPES.unknownAttributes("h/Decorated"));
        classes.put("h/BadTag", SHAPES.badInvisibleAnnotation("h/BadTag", HostileShapes.unknownTag(), "Lh/Ann;"));
        classes.put("h/Wide", SHAPES.wide("h/Wide", 400, 100, 250));
        classes.put("h/DeepArrays", SHAPES.badInvisibleAnnotation("h/DeepArrays",
                HostileShapes.nestedArrays(100_000, 1), "Lh/Ann;"));
        classes.put("h/Irreducible", SHAPES.irreducible("h/Irreducible"));
        byte[] whole = SHAPES.simple(Opcodes.V11, "h/Truncated");
        classes.put("h/Truncated", Arrays.copyOf(whole, whole.length - 20));
        classes.put("h/Overlapping", SHAPES.overlappingHandlersAndDeadCode("h/Overlapping"));
        classes.put("h/Huge", SHAPES.huge("h/Huge", 21_830));
        classes.put("h/Old49", SHAPES.simple(Opcodes.V1_5, "h/Old49"));
        classes.put("h/ManyAwaits", SHAPES.manyAwaits("h/ManyAwaits", 3700));
        classes.put("h/Old50", SHAPES.simple(Opcodes.V1_6, "h/Old50"));
        classes.put("h/Old48Jsr", SHAPES.subroutine("h/Old48Jsr"));
        classes.put("h/NeedsGone", SHAPES.needsMissingClass("h/NeedsGone", "h/Gone"));
        classes.put("h/GoneAsObject", SHAPES.needsMissingClass("h/GoneAsObject", "h/Gone", false));

        JavaProcess.Result r = run("mixed", classes);

        assertEquals(0, r.exit(), r.toString());
        assertEquals(stdout(
                "h.Decorated: 42",
                "h.BadTag: not woven",                 // the JVM skips invisible annotations; ASM cannot
                "h.Wide: " + HostileShapes.wideSum(400, 100, 250),
                "h.DeepArrays: not woven",
                "h.Irreducible: 12",
                "h.Truncated: ClassFormatError",       // the JVM refuses it too; the agent leaves that to the JVM
                "h.Overlapping: 7",
                "h.Huge: not woven",
                "h.Old49: 33",
                "h.ManyAwaits: not woven",
                "h.Old50: 33",
                "h.Old48Jsr: not woven",
                "h.NeedsGone: not woven",
                "h.GoneAsObject: s5"), r.out(), r.toString());
        String hint = "; check that the file is a class file and not truncated";
        String tooLarge = " would exceed the JVM's 64 KB code size limit after weaving; split the method into smaller @Async methods";
        List<String> expected = List.of(
                "[weft] h.BadTag: error: not a valid class file: java.lang.IllegalArgumentException" + hint,
                unwoven("h.BadTag"),
                "[weft] h.DeepArrays: error: not a valid class file: dev.weft.agent.shaded.asm.LimitExceededException:"
                        + " Too many nested annotations" + hint,
                unwoven("h.DeepArrays"),
                "[weft] h.Truncated: error: not a valid class file: java.lang.ArrayIndexOutOfBoundsException: \\E.*\\Q" + hint,
                unwoven("h.Truncated"),
                "[weft] Huge.java: error: Huge.run()" + tooLarge,
                unwoven("h.Huge"),
                "[weft] ManyAwaits.java: error: ManyAwaits.run()" + tooLarge,
                unwoven("h.ManyAwaits"),
                "[weft] Old48Jsr.java: error: Old48Jsr.run() uses jsr/ret subroutines (a class file from a pre-Java-7"
                        + " compiler); recompile the class with a current compiler (--release 8 or later)",
                unwoven("h.Old48Jsr"),
                "[weft] NeedsGone.java: error: cannot weave NeedsGone.run(): class h.Gone not found"
                        + " (needed to compute stack map frames); put it on the weaving classpath",
                unwoven("h.NeedsGone"));
        List<String> lines = List.of(r.err().split("\n"));
        assertEquals(expected.size(), lines.size(), r.toString());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).matches("\\Q" + expected.get(i) + "\\E"), "line " + (i + 1) + ": " + lines.get(i)
                    + "\nexpected: " + expected.get(i));
        }
    }

    @Test
    void uninitializedObjectsAroundAwaitsInShapesJavacDoesNotWriteAreWovenAndRun() throws Exception {
        UninitializedShapes shapes = new UninitializedShapes("app/Tasks");
        Map<String, byte[]> classes = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        for (UninitializedShapes.Shape s : UninitializedShapes.Shape.values()) {
            String name = "u/" + s.name();
            classes.put(name, shapes.build(s, name));
            out.append(name.replace('/', '.')).append(": ").append(s.expected).append('\n');
        }
        classes.put("u/Compared", shapes.comparedWithNull("u/Compared"));

        JavaProcess.Result r = run("uninitialized", classes);

        assertEquals(0, r.exit(), r.toString());
        assertEquals(stdout(out + "u.Compared: not woven"), r.out(), r.toString());
        assertEquals("[weft] Compared.java: error: the uninitialized object of 'new StringBuilder' is used by ifnonnull"
                + " while an await() is pending before its constructor call in Compared.run(); call the constructor"
                + " before the await, or use the object only after it is constructed\n" + unwoven("u.Compared") + "\n",
                r.err(), r.toString());
    }

    @Test
    void javacsStackSpillAndEcjsNewWithoutDupAreWovenAndRun() throws Exception {
        // javac 17+ spills the stack, the uninitialized Holder with it, before a switch with a try;
        // ecj writes new without dup for a new used as a statement
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>();
        for (SourceCompiler c : List.of(SourceCompiler.JAVAC, SourceCompiler.ECJ)) {
            String simple = c == SourceCompiler.JAVAC ? "SpillJavac" : "StatementEcj";
            classes.putAll(c.compile(Map.of("u." + simple, """
                    package u;
                    import static dev.weft.Weft.await;
                    import dev.weft.*;
                    public class NAME {
                        static String log = "";
                        static final class Holder { final int v; Holder(int v) { this.v = v; } }
                        static final class Registration { Registration(String a, Object b) { log += a + "=" + b + ";"; } }
                        static <T> Task<T> later(T v) { return Weft.createTask(() -> Task.of(v)); }
                        @Async static Task<String> run() {
                            int k = 0;
                            Holder h = new Holder(switch (k) {
                                case 0 -> {
                                    try {
                                        yield await(later(5));
                                    } catch (RuntimeException e) {
                                        yield -1;
                                    }
                                }
                                default -> 0;
                            });
                            new Registration("a", await(later("b")));
                            return Task.of(h.v + " " + log);
                        }
                    }
                    """.replace("NAME", simple)), 17));
            names.add("u/" + simple);
        }

        JavaProcess.Result r = run("spill", classes, names);

        assertEquals(0, r.exit(), r.toString());
        assertEquals(stdout("u.SpillJavac: 5 a=b;", "u.StatementEcj: 5 a=b;"), r.out(), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    private static String unwoven(String name) {
        return "[weft] left " + name + " unwoven; its await() calls will throw";
    }
}
