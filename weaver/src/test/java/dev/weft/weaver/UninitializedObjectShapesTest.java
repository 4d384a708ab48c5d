package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compilers' own shapes of a {@code new} whose arguments await: javac 17+ spills the operand stack,
 * the uninitialized object with it, into locals before a switch expression that contains a
 * {@code try}; ecj writes {@code new} without {@code dup} for a {@code new} used as a statement.
 */
class UninitializedObjectShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Uninit", """
                static final List<String> LOG = new ArrayList<>();

                static final class Holder {
                    final int v;
                    Holder(int v) { this.v = v; }
                }

                static final class Registration {
                    Registration(String a, String b) { LOG.add(a + "=" + b); }
                }

                @Async static Task<Integer> switchWithTry(int k, boolean fail) {
                    Holder h = new Holder(switch (k) {
                        case 0 -> {
                            try {
                                yield await(fail ? Uninit.<Integer>failing(new IllegalStateException("no")) : t(k + 5));
                            } catch (RuntimeException e) {
                                yield -1;
                            }
                        }
                        default -> 0;
                    });
                    return Task.of(h.v);
                }

                @Async static Task<String> switchWithTryOnAStack(int k, boolean fail) {
                    LOG.clear();
                    String s = String.valueOf(k) + ":" + new Holder(switch (k) {
                        case 0 -> {
                            try {
                                yield await(fail ? Uninit.<Integer>failing(new IllegalStateException("no")) : t(7));
                            } catch (RuntimeException e) {
                                yield -2;
                            } finally {
                                LOG.add("finally");
                            }
                        }
                        default -> k;
                    }).v;
                    return Task.of(s + LOG);
                }

                @Async static Task<String> newAsStatement(boolean fail) {
                    LOG.clear();
                    new Registration("a", await(fail ? Uninit.<String>failing(new IllegalStateException("no b")) : t("b")));
                    new Registration(await(t("c")), "d");
                    return Task.of(String.join(",", LOG));
                }
            """);

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    @Override
    String className() {
        return "p.Uninit";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void newWithASwitchContainingATryInItsArguments(Toolchain tc, Mode m) {
        assertEquals(5, (int) run(tc, m, "switchWithTry", 0, false));
        assertEquals(-1, (int) run(tc, m, "switchWithTry", 0, true));
        assertEquals(0, (int) run(tc, m, "switchWithTry", 3, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void newWithASwitchContainingATryBelowOtherOperands(Toolchain tc, Mode m) {
        assertEquals("0:7[finally]", run(tc, m, "switchWithTryOnAStack", 0, false));
        assertEquals("0:-2[finally]", run(tc, m, "switchWithTryOnAStack", 0, true));
        assertEquals("4:4[]", run(tc, m, "switchWithTryOnAStack", 4, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void newUsedAsAStatement(Toolchain tc, Mode m) {
        assertEquals("a=b,c=d", run(tc, m, "newAsStatement", false));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run(tc, m, "newAsStatement", true));
        assertEquals("no b", e.getMessage());
    }
}
