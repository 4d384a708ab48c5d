package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.WovenProgram;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassReader;

/**
 * Methods of {@code s += await(f);} repeated 400 to 800 times, whose woven bodies land between 32 KB
 * and 64 KB and beyond: each is woven and runs, or is refused with the 64 KB diagnostic, never an
 * internal error. Bodies past 32 KB need wide jumps, which ASM 9.11 gets wrong when it widens forward
 * jumps itself (an ArrayIndexOutOfBoundsException from ASM's ClassWriter from about 50 KB on).
 */
class LargeMethodTest {
    /** The most awaits of {@code s += await(f);} that fit in 64 KB once woven. */
    static final int LAST_WOVEN_JAVAC = 661;
    static final int LAST_WOVEN_ECJ = 661;

    /** {@code s += await(f);} n times, f a parameter. */
    static String oneTask(int n) {
        StringBuilder b = new StringBuilder("package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\n");
        b.append("public class Big").append(n).append(" {\n");
        b.append("    @Async static Task<Integer> big(Task<Integer> f) {\n        int s = 0;\n");
        for (int i = 0; i < n; i++) {
            b.append("        s += await(f);\n");
        }
        b.append("        return Task.of(s);\n    }\n}\n");
        return b.toString();
    }

    static List<Integer> counts(int lastWoven) {
        List<Integer> counts = new ArrayList<>();
        for (int n = 400; n <= 800; n += 20) {
            counts.add(n);
        }
        counts.add(lastWoven);
        counts.add(lastWoven + 1);
        return counts;
    }

    @ParameterizedTest
    @EnumSource(SourceCompiler.class)
    void from400To800AwaitsEachMethodIsWovenAndRunsOrIsRefusedForThe64KbLimit(SourceCompiler compiler) {
        int lastWoven = compiler == SourceCompiler.JAVAC ? LAST_WOVEN_JAVAC : LAST_WOVEN_ECJ;
        List<Integer> counts = counts(lastWoven);
        WovenProgram.Builder builder = WovenProgram.builder().compiler(compiler).release(17).allowWeaveErrors();
        for (int n : counts) {
            builder.source("p.Big" + n, oneTask(n));
        }
        WovenProgram w = builder.build();
        for (int n : counts) {
            String name = "p.Big" + n;
            List<String> messages = w.result(name).diagnostics().stream().map(Diagnostic::toString)
                    .collect(Collectors.toList());
            if (n <= lastWoven) {
                assertEquals(List.of(), messages, name);
                assertEquals(WeaveResult.Status.WOVEN, w.result(name).status(), name);
                // done: every await takes the fast path; pending: the first suspends, the rest read it done
                assertEquals(n, (int) w.run(name, "big", Task.of(1)), name);
                assertEquals(n, (int) Weft.run(() -> WovenProgram.<Integer>asTask(
                        w.call(name, "big", Weft.createTask(() -> Task.of(1))))), name + " suspending");
            } else {
                assertEquals(List.of("Big" + n + ".java:6: error: Big" + n + ".big() would exceed the JVM's 64 KB"
                        + " code size limit after weaving; split the method into smaller @Async methods"), messages, name);
                assertEquals(WeaveResult.Status.FAILED, w.result(name).status(), name);
            }
        }
        assertTrue(codeSize(w.bytes("p.Big" + lastWoven), "big") > 60_000);
    }

    /** {@code s += await(f());} 800 times, each await suspending when f() is pending: a body over 50 KB. */
    @Test
    void everyAwaitOfAMethodOver50KbSuspendsAndResumes() {
        int n = 800;
        StringBuilder b = new StringBuilder("package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\n");
        b.append("public class Many {\n    static boolean LATER;\n    static int made;\n");
        b.append("    static Task<Integer> f() { made++; return LATER ? Weft.createTask(() -> Task.of(made)) : Task.of(made); }\n");
        b.append("    @Async static Task<Integer> many() {\n        int s = 0;\n");
        for (int i = 0; i < n; i++) {
            b.append("        s += await(f());\n");
        }
        b.append("        return Task.of(s);\n    }\n}\n");
        WovenProgram w = WovenProgram.compile("p.Many", b.toString());
        int size = codeSize(w.bytes("p.Many"), "many");
        assertTrue(size > 50_000 && size < 65_536, "code size " + size);
        for (boolean later : new boolean[] {false, true}) {
            w.setStatic("p.Many", "LATER", later);
            w.setStatic("p.Many", "made", 0);
            assertEquals(n * (n + 1) / 2, (int) w.run("p.Many", "many"));
        }
    }

    /** The longest code length of the methods named {@code name}, read from the class file's Code attributes. */
    static int codeSize(byte[] classBytes, String name) {
        ClassReader r = new ClassReader(classBytes);
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6;
        at += 2 + 2 * r.readUnsignedShort(at); // interfaces
        for (int pass = 0, max = 0; ; pass++) {
            int count = r.readUnsignedShort(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                boolean named = pass == 1 && name.equals(r.readUTF8(at + 2, buf));
                int attributes = r.readUnsignedShort(at + 6);
                at += 8;
                for (int a = 0; a < attributes; a++) {
                    if (named && "Code".equals(r.readUTF8(at, buf))) {
                        max = Math.max(max, r.readInt(at + 10));
                    }
                    at += 6 + r.readInt(at + 2);
                }
            }
            if (pass == 1) {
                return max; // fields first, then methods
            }
        }
    }
}
