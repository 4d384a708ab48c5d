package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Java 14+ switch expressions (arrow and colon form, yield) and Java 16 instanceof patterns with awaits. */
class SwitchExpressionShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Switches", """
                enum Color { RED, GREEN, BLUE }

                @Async static Task<Integer> arrow(int k) {
                    int r = switch (k) {
                        case 1 -> await(t(10));
                        case 2, 3 -> await(t(20)) + k;
                        default -> {
                            int z = await(t(k));
                            yield z * 100;
                        }
                    };
                    return Task.of(r);
                }

                @Async static Task<String> onStack(String s) {
                    // .toString(): ecj 3.40 omits the checkcast of a bare generic await(...) here and
                    // emits code the JVM rejects even unwoven.
                    String r = "<" + switch (s) {
                        case "x" -> await(t("X")).toString();
                        case "y" -> {
                            String a = await(t("Y"));
                            yield a + a;
                        }
                        default -> "?";
                    } + ">";
                    return Task.of(r);
                }

                @Async static Task<Integer> enumExpression(String n) {
                    Color c = Color.valueOf(n);
                    return Task.of(switch (c) {
                        case RED -> await(t(1));
                        case GREEN -> await(t(2)) * 2;
                        case BLUE -> {
                            int b = await(t(3));
                            yield b * b;
                        }
                    });
                }

                @Async static Task<Integer> colonYield(int k) {
                    int r = switch (await(t(k))) {
                        case 1: yield await(t(5));
                        case 2: {
                            int q = await(t(6));
                            yield q + 1;
                        }
                        default: yield -1;
                    };
                    return Task.of(r);
                }

                @Async static Task<Long> nestedSwitchExpressions(int a, int b) {
                    long r = 1000L * switch (a) {
                        case 0 -> switch (b) {
                            case 0 -> await(t(1L));
                            default -> await(t(2L)) + b;
                        };
                        default -> await(t(3L));
                    };
                    return Task.of(r);
                }

                @Async static Task<String> instanceofPattern(Object o) {
                    if (o instanceof String s && await(t(s.length())) > 2) {
                        return Task.of(s.toUpperCase() + await(t("!")));
                    }
                    return Task.of("no");
                }

                @Async static Task<String> textBlockAndVar() {
                    var list = new ArrayList<String>();
                    list.add(await(t(\"""
                        a\""")));
                    var x = await(t(2));
                    return Task.of(list.get(0) + x);
                }
            """);

    @Override
    String className() {
        return "p.Switches";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void arrowForm(Toolchain tc, Mode m) {
        assertEquals(10, (int) run(tc, m, "arrow", 1));
        assertEquals(22, (int) run(tc, m, "arrow", 2));
        assertEquals(23, (int) run(tc, m, "arrow", 3));
        assertEquals(500, (int) run(tc, m, "arrow", 5));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void switchExpressionWithOperandsOnTheStack(Toolchain tc, Mode m) {
        assertEquals("<X>", run(tc, m, "onStack", "x"));
        assertEquals("<YY>", run(tc, m, "onStack", "y"));
        assertEquals("<?>", run(tc, m, "onStack", "z"));
        assertEquals(1000L, (long) run(tc, m, "nestedSwitchExpressions", 0, 0));
        assertEquals(7000L, (long) run(tc, m, "nestedSwitchExpressions", 0, 5));
        assertEquals(3000L, (long) run(tc, m, "nestedSwitchExpressions", 1, 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void enumSwitchExpression(Toolchain tc, Mode m) {
        assertEquals(1, (int) run(tc, m, "enumExpression", "RED"));
        assertEquals(4, (int) run(tc, m, "enumExpression", "GREEN"));
        assertEquals(9, (int) run(tc, m, "enumExpression", "BLUE"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void colonFormWithYield(Toolchain tc, Mode m) {
        assertEquals(5, (int) run(tc, m, "colonYield", 1));
        assertEquals(7, (int) run(tc, m, "colonYield", 2));
        assertEquals(-1, (int) run(tc, m, "colonYield", 3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void instanceofPatternAndModernSyntax(Toolchain tc, Mode m) {
        assertEquals("ABC!", run(tc, m, "instanceofPattern", "abc"));
        assertEquals("no", run(tc, m, "instanceofPattern", "ab"));
        assertEquals("no", run(tc, m, "instanceofPattern", 5));
        assertEquals("a2", run(tc, m, "textBlockAndVar"));
    }
}
