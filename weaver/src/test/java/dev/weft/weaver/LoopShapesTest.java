package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Awaits inside for, while and do loops, nested loops, labelled break and continue. */
class LoopShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Loops", """
                @Async static Task<Integer> forSum(int n) {
                    int s = 0;
                    for (int i = 0; i < n; i++) s += await(t(i));
                    return Task.of(s);
                }

                @Async static Task<Integer> whileCondition(int n) {
                    int i = 0, s = 0;
                    while (await(t(i)) < n) { s += i * 2; i++; }
                    return Task.of(s);
                }

                @Async static Task<String> doWhile(int n) {
                    StringBuilder b = new StringBuilder();
                    int i = 0;
                    do { b.append(await(t(i))).append(','); i++; } while (i < n);
                    return Task.of(b.toString());
                }

                @Async static Task<Integer> doWhileAwaitInCondition() {
                    int i = 0;
                    do { i++; } while (await(t(i)) < 5);
                    return Task.of(i);
                }

                @Async static Task<Long> nested(int n, int m) {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < m; j++) {
                            s += await(t(i * 10 + j));
                        }
                        s += 1000;
                    }
                    return Task.of(s);
                }

                @Async static Task<String> labelled() {
                    StringBuilder b = new StringBuilder();
                    outer:
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 5; j++) {
                            int v = await(t(i * 10 + j));
                            if (j == 3) continue outer;
                            if (i == 3) break outer;
                            if ((v & 1) == 1) continue;
                            b.append(v).append(' ');
                        }
                    }
                    return Task.of(b.toString().trim());
                }

                @Async static Task<String> labelledBlock(int k) {
                    String r = "start";
                    block: {
                        r += await(t("-a"));
                        if (k > 0) break block;
                        r += await(t("-b"));
                    }
                    return Task.of(r + await(t("-end")));
                }

                @Async static Task<Integer> forEach(List<Integer> xs) {
                    int s = 0;
                    for (int x : xs) s += await(t(x)) * x;
                    return Task.of(s);
                }

                @Async static Task<Integer> forEachArray(int[] xs) {
                    int s = 0;
                    for (int x : xs) s = s * 10 + await(t(x));
                    return Task.of(s);
                }

                @Async static Task<Integer> awaitInUpdate(int n) {
                    int c = 0;
                    for (int i = 0; i < n; i = await(t(i + 1))) c++;
                    return Task.of(c);
                }

                @Async static Task<Integer> whileTrueBreak() {
                    int i = 0;
                    while (true) {
                        i += await(t(3));
                        if (i > 10) break;
                    }
                    return Task.of(i);
                }

                @Async static Task<Integer> returnFromLoop(int target) {
                    for (int i = 0; ; i++) {
                        if (await(t(i)) * i >= target) return Task.of(i);
                    }
                }

                @Async static Task<String> loopLocalsPerIteration() {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < 3; i++) {
                        String s = "i" + i;
                        long l = i * 100L;
                        String t = await(t(s + ":"));
                        b.append(t).append(l).append(s).append(';');
                    }
                    return Task.of(b.toString());
                }
            """);

    @Override
    String className() {
        return "p.Loops";
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
    void forLoop(Toolchain tc, Mode m) {
        assertEquals(45, (int) run(tc, m, "forSum", 10));
        assertEquals(0, (int) run(tc, m, "forSum", 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void forLoopWithManyIterations(Toolchain tc, Mode m) {
        assertEquals(499_500, (int) run(tc, m, "forSum", 1000));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void whileWithAwaitInCondition(Toolchain tc, Mode m) {
        assertEquals(20, (int) run(tc, m, "whileCondition", 5));
        assertEquals(0, (int) run(tc, m, "whileCondition", 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void doWhile(Toolchain tc, Mode m) {
        assertEquals("0,1,2,", run(tc, m, "doWhile", 3));
        assertEquals("0,", run(tc, m, "doWhile", 0));
        assertEquals(5, (int) run(tc, m, "doWhileAwaitInCondition"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void nestedLoops(Toolchain tc, Mode m) {
        long expected = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expected += i * 10 + j;
            }
            expected += 1000;
        }
        assertEquals(3138L, expected);
        assertEquals(expected, (long) run(tc, m, "nested", 3, 4));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void labelledBreakAndContinue(Toolchain tc, Mode m) {
        StringBuilder b = new StringBuilder();
        outer:
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                int v = i * 10 + j;
                if (j == 3) {
                    continue outer;
                }
                if (i == 3) {
                    break outer;
                }
                if ((v & 1) == 1) {
                    continue;
                }
                b.append(v).append(' ');
            }
        }
        assertEquals("0 2 10 12 20 22", b.toString().trim());
        assertEquals(b.toString().trim(), run(tc, m, "labelled"));
        assertEquals("start-a-end", run(tc, m, "labelledBlock", 1));
        assertEquals("start-a-b-end", run(tc, m, "labelledBlock", 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void forEachLoops(Toolchain tc, Mode m) {
        assertEquals(14, (int) run(tc, m, "forEach", List.of(1, 2, 3)));
        assertEquals(4321, (int) run(tc, m, "forEachArray", (Object) new int[] {4, 3, 2, 1}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitInUpdateClause(Toolchain tc, Mode m) {
        assertEquals(7, (int) run(tc, m, "awaitInUpdate", 7));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void breakAndReturnOutOfLoops(Toolchain tc, Mode m) {
        assertEquals(12, (int) run(tc, m, "whileTrueBreak"));
        assertEquals(5, (int) run(tc, m, "returnFromLoop", 25));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void freshLocalsInEachIteration(Toolchain tc, Mode m) {
        assertEquals("i0:0i0;i1:100i1;i2:200i2;", run(tc, m, "loopLocalsPerIteration"));
    }
}
