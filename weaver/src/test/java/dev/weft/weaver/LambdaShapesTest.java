package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lambdas whose functional method returns a task or stage and whose body awaits are woven too. */
class LambdaShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Lambdas", """
                final int base;

                Lambdas(int base) { this.base = base; }

                interface AsyncFn { CompletableFuture<String> call(String x); }

                interface StageFn { CompletionStage<Integer> call(); }

                @Async static Task<Integer> seven() { return Task.of(await(t(7))); }

                static Task<Integer> supplier() {
                    Supplier<Task<Integer>> s = () -> { int v = await(t(2)); return Task.of(v * 21); };
                    return s.get();
                }

                static Task<Integer> expressionLambda() {
                    Supplier<Task<Integer>> s = () -> Task.of(await(t(20)) + await(t(22)));
                    return s.get();
                }

                static Task<String> capturing(String p) {
                    int k = 3;
                    Function<Integer, Task<String>> f = x -> {
                        String a = await(t(p));
                        return Task.of(a + (x + k) + await(t("!")));
                    };
                    return f.apply(4);
                }

                Task<Integer> capturingThis() {
                    Supplier<Task<Integer>> s = () -> Task.of(base + await(t(1)));
                    return s.get();
                }

                static Task<Integer> runCapturingThis() { return new Lambdas(5).capturingThis(); }

                @Async static Task<Integer> lambdaInsideAsync() {
                    int a = await(t(1));
                    Supplier<Task<Integer>> s = () -> Task.of(await(t(a + 1)) * 10);
                    return Task.of(a + await(s.get()));
                }

                static Task<Integer> nestedLambdas() {
                    Supplier<Task<Integer>> outer = () -> {
                        Supplier<Task<Integer>> inner = () -> Task.of(await(t(3)) * 2);
                        return Task.of(await(inner.get()) + await(t(1)));
                    };
                    return outer.get();
                }

                static CompletableFuture<String> futureLambda() {
                    AsyncFn f = x -> {
                        String y = await(t(x));
                        return CompletableFuture.completedFuture(y + y);
                    };
                    return f.call("ab");
                }

                static CompletionStage<Integer> stageLambda() {
                    StageFn f = () -> CompletableFuture.completedFuture(await(t(6)) * 7);
                    return f.call();
                }

                static Task<Integer> methodReference() {
                    Supplier<Task<Integer>> s = Lambdas::seven;
                    return s.get();
                }

                static Task<Integer> lambdaInLoop() {
                    Supplier<Task<Integer>> all = () -> {
                        int r = 0;
                        for (int i = 0; i < 3; i++) {
                            int j = i;
                            Supplier<Task<Integer>> s = () -> Task.of(await(t(j)) * 10);
                            r += await(s.get());
                        }
                        return Task.of(r);
                    };
                    return all.get();
                }
            """);

    @Override
    String className() {
        return "p.Lambdas";
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
    void supplierLambdas(Toolchain tc, Mode m) {
        assertEquals(42, (int) run(tc, m, "supplier"));
        assertEquals(42, (int) run(tc, m, "expressionLambda"));
        assertEquals(7, (int) run(tc, m, "methodReference"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void capturingLambdas(Toolchain tc, Mode m) {
        assertEquals("v7!", run(tc, m, "capturing", "v"));
        assertEquals(6, (int) run(tc, m, "runCapturingThis"));
        assertEquals(30, (int) run(tc, m, "lambdaInLoop"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void lambdasInsideAsyncCodeAndOtherLambdas(Toolchain tc, Mode m) {
        assertEquals(21, (int) run(tc, m, "lambdaInsideAsync"));
        assertEquals(7, (int) run(tc, m, "nestedLambdas"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void lambdasReturningStages(Toolchain tc, Mode m) {
        assertEquals("abab", run(tc, m, "futureLambda"));
        assertEquals(42, (int) run(tc, m, "stageLambda"));
    }
}
