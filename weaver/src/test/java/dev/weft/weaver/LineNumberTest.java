package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.harness.Sources;
import dev.weft.weaver.harness.WovenProgram;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/** Stack traces after a resume point at the user's class, method and line; local names survive. */
class LineNumberTest extends ShapeTestSupport {
    static final String SOURCE = source("Lines", """
                @Async static Task<Integer> boom(int x) {
                    int first = await(t(x));
                    int second = await(t(first + 1));
                    if (second > 0) {
                        throw new RuntimeException("x"); // THROW
                    }
                    return Task.of(second);
                }

                @Async static Task<Integer> boomInLoop(int n) {
                    for (int i = 0; i < n; i++) {
                        int v = await(t(i));
                        if (v == n - 1) throw new IllegalStateException("loop " + v); // LOOP
                    }
                    return Task.of(0);
                }
            """);

    @Override
    String className() {
        return "p.Lines";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(everyRelease());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void stackTraceAfterAResumePointsAtTheSourceLine(Toolchain tc, Mode m) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> run(tc, m, "boom", 1));
        assertEquals("x", e.getMessage());
        assertFrame(e, "boom", Sources.lineOf(SOURCE, "// THROW"));

        IllegalStateException l = assertThrows(IllegalStateException.class, () -> run(tc, m, "boomInLoop", 3));
        assertEquals("loop 2", l.getMessage());
        assertFrame(l, "boomInLoop", Sources.lineOf(SOURCE, "// LOOP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void localVariableNamesSurvive(Toolchain tc) {
        WovenProgram w = woven(tc);
        Set<String> names = new HashSet<>();
        for (byte[] bytes : w.classes().values()) {
            ClassNode cn = new ClassNode();
            new ClassReader(bytes).accept(cn, 0);
            for (MethodNode mn : cn.methods) {
                if (mn.localVariables != null) {
                    for (LocalVariableNode lv : mn.localVariables) {
                        names.add(lv.name);
                    }
                }
            }
        }
        assertTrue(names.containsAll(Set.of("first", "second", "i", "v", "n", "x")), names.toString());
    }

    private void assertFrame(Throwable e, String method, int line) {
        boolean found = Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(className())
                && f.getMethodName().equals(method) && f.getLineNumber() == line);
        assertTrue(found, () -> "no frame " + className() + "." + method + ":" + line + " in\n"
                + Arrays.stream(e.getStackTrace()).limit(12).map(String::valueOf).collect(Collectors.joining("\n")));
    }
}
