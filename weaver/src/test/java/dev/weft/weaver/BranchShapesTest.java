package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Awaits in if/else branches and conditions, ternaries, and classic switch on int, String and enum. */
class BranchShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Branches", """
                enum Color { RED, GREEN, BLUE }

                @Async static Task<String> ifElse(int x) {
                    String r;
                    if (await(t(x)) > 0) {
                        r = "pos" + await(t(x));
                    } else if (x == 0) {
                        r = "zero";
                    } else {
                        int y = await(t(-x));
                        r = "neg" + y;
                    }
                    return Task.of(r);
                }

                @Async static Task<Integer> ternary(boolean c, int a, int b) {
                    int r = c ? await(t(a)) : await(t(b)) * 2;
                    return Task.of(r + (c ? 1 : await(t(100))));
                }

                @Async static Task<String> ternaryOnStack(int x) {
                    String s = "v=" + (x > 0 ? await(t("p")) : "n") + "/" + (x > 1 ? "q" : await(t("r")));
                    return Task.of(s);
                }

                @Async static Task<Boolean> shortCircuit(boolean a, boolean b) {
                    boolean r = (a && await(t(b))) || (!a && !await(t(b)));
                    return Task.of(r);
                }

                @Async static Task<Integer> switchInt(int k) {
                    int r = 0;
                    switch (await(t(k))) {
                        case 1: r += await(t(10)); // falls through
                        case 2: r += await(t(20)); break;
                        case 7: { int z = await(t(70)); r = z * 2; break; }
                        default: r = -await(t(1));
                    }
                    return Task.of(r);
                }

                @Async static Task<Integer> switchDense(int k) {
                    switch (k) {
                        case 0: return Task.of(await(t(100)));
                        case 1: return Task.of(await(t(101)));
                        case 2: return Task.of(await(t(102)));
                        case 3: return Task.of(await(t(103)));
                        default: return Task.of(await(t(-1)));
                    }
                }

                @Async static Task<Integer> switchSparse(int k) {
                    int r;
                    switch (k) {
                        case -5: r = await(t(1)); break;
                        case 1000: r = await(t(2)); break;
                        case 2000000: r = await(t(3)); break;
                        default: r = 0;
                    }
                    return Task.of(r);
                }

                @Async static Task<String> switchString(String s) {
                    String r;
                    switch (await(t(s))) {
                        case "a": r = "A" + await(t(1)); break;
                        case "bb": r = "B" + await(t(2)); break;
                        case "Aa": r = "Aa"; break;              // "Aa" and "BB" have the same hashCode
                        case "BB": r = "BB" + await(t(3)); break;
                        default: r = await(t("other"));
                    }
                    return Task.of(r);
                }

                @Async static Task<Integer> switchEnum(String name) {
                    int r;
                    switch (Color.valueOf(await(t(name)))) {
                        case RED: r = await(t(1)); break;
                        case GREEN: r = await(t(2)) + await(t(20)); break;
                        default: r = 3;
                    }
                    return Task.of(r * 10);
                }

                @Async static Task<String> awaitInSwitchOperandOnStack(int k) {
                    String r = "<" + k;
                    switch (k) {
                        case 1: r = r + await(t("one")); break;
                        default: r = r + "?";
                    }
                    return Task.of(r + ">");
                }
            """);

    @Override
    String className() {
        return "p.Branches";
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
    void ifElse(Toolchain tc, Mode m) {
        assertEquals("pos5", run(tc, m, "ifElse", 5));
        assertEquals("zero", run(tc, m, "ifElse", 0));
        assertEquals("neg3", run(tc, m, "ifElse", -3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void ternaries(Toolchain tc, Mode m) {
        assertEquals(4, (int) run(tc, m, "ternary", true, 3, 4));
        assertEquals(108, (int) run(tc, m, "ternary", false, 3, 4));
        assertEquals("v=p/r", run(tc, m, "ternaryOnStack", 1));
        assertEquals("v=p/q", run(tc, m, "ternaryOnStack", 2));
        assertEquals("v=n/r", run(tc, m, "ternaryOnStack", 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shortCircuitOperators(Toolchain tc, Mode m) {
        for (boolean a : new boolean[] {false, true}) {
            for (boolean b : new boolean[] {false, true}) {
                assertEquals((a && b) || (!a && !b), run(tc, m, "shortCircuit", a, b), a + " " + b);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void switchOnInt(Toolchain tc, Mode m) {
        assertEquals(30, (int) run(tc, m, "switchInt", 1));
        assertEquals(20, (int) run(tc, m, "switchInt", 2));
        assertEquals(140, (int) run(tc, m, "switchInt", 7));
        assertEquals(-1, (int) run(tc, m, "switchInt", 9));
        for (int k = -1; k <= 4; k++) {
            assertEquals(k >= 0 && k <= 3 ? 100 + k : -1, (int) run(tc, m, "switchDense", k));
        }
        assertEquals(1, (int) run(tc, m, "switchSparse", -5));
        assertEquals(2, (int) run(tc, m, "switchSparse", 1000));
        assertEquals(3, (int) run(tc, m, "switchSparse", 2000000));
        assertEquals(0, (int) run(tc, m, "switchSparse", 7));
        assertEquals("<1one>", run(tc, m, "awaitInSwitchOperandOnStack", 1));
        assertEquals("<2?>", run(tc, m, "awaitInSwitchOperandOnStack", 2));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void switchOnString(Toolchain tc, Mode m) {
        assertEquals("A1", run(tc, m, "switchString", "a"));
        assertEquals("B2", run(tc, m, "switchString", "bb"));
        assertEquals("Aa", run(tc, m, "switchString", "Aa"));
        assertEquals("BB3", run(tc, m, "switchString", "BB"));
        assertEquals("other", run(tc, m, "switchString", "zz"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void switchOnEnum(Toolchain tc, Mode m) {
        assertEquals(10, (int) run(tc, m, "switchEnum", "RED"));
        assertEquals(220, (int) run(tc, m, "switchEnum", "GREEN"));
        assertEquals(30, (int) run(tc, m, "switchEnum", "BLUE"));
    }
}
