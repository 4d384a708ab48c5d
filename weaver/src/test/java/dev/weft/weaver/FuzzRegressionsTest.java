package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Bugs the differential fuzzer ({@code fuzz.WeaverFuzzTest}) found, each reduced by hand to a small
 * source and kept here, run with both compilers in both modes.
 */
class FuzzRegressionsTest extends ShapeTestSupport {
    private static final String SOURCE = source("Regressions", """
                // Fuzz seed 1054 (ecj 17): a condition that is a constant (1e300 >= -2.25) makes the throw
                // certain, and ecj still writes the code after it, so every await of the method is
                // unreachable. The weaver found no live suspend point and emitted TABLESWITCH 1..0.
                @Async static Task<Integer> onlyDeadAwaits(int x) {
                    int i = 0;
                    do {
                        i++;
                        if (1e300 >= -2.25) throw new IllegalStateException("always " + x);
                    } while (i < 3);
                    return Task.of(await(t(x)) + 1);
                }

                @Async static Task<Integer> callsOnlyDeadAwaits(int x) {
                    try {
                        return Task.of(await(onlyDeadAwaits(x)));
                    } catch (IllegalStateException e) {
                        return Task.of(await(t(e.getMessage().length())));
                    }
                }

                // Fuzz seed 20261126 (javac 8 and 17): @Async on get() of an anonymous
                // Supplier<Task<Integer>>. javac copies the annotation to the bridge Object get(), and
                // the weaver refused the bridge ("must return Task...") before it looked at the flag.
                @Async static Task<Integer> anonymousSupplier(int x) {
                    final int c = x + 1;
                    java.util.function.Supplier<Task<Integer>> s = new java.util.function.Supplier<Task<Integer>>() {
                        int z = c;

                        @Async public Task<Integer> get() {
                            return Task.of(await(t(z)) * 2);
                        }
                    };
                    return Task.of(await(s.get()) + 1);
                }
            """);

    @Override
    String className() {
        return "p.Regressions";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> toolchains() {
        return withModes(List.of(JAVAC_17, ECJ_17, new Toolchain(dev.weft.weaver.harness.SourceCompiler.ECJ, 8)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("toolchains")
    void methodWhoseAwaitsAreAllUnreachable(Toolchain tc, Mode m) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tc, m, "onlyDeadAwaits", 5));
        assertEquals("always 5", e.getMessage());
        assertEquals(8, (int) run(tc, m, "callsOnlyDeadAwaits", 5));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("toolchains")
    void asyncMethodBehindAGenericBridge(Toolchain tc, Mode m) {
        assertEquals(13, (int) run(tc, m, "anonymousSupplier", 5));
    }
}
