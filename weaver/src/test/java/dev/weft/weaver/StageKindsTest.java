package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of {@code CompletionStage} the JDK makes, and one of the user's own, is awaited, and
 * returned from an {@code @Async CompletionStage} method, like any other: minimal stages
 * ({@code completedStage}, {@code failedStage}, {@code minimalCompletionStage()}) are
 * {@code CompletableFuture}s that refuse {@code isDone()}, {@code join()} and {@code cancel()}.
 * Each kind done at the await (the fast path) and pending (the await suspends), and awaited from a
 * frame that suspended before (mode LATER).
 */
class StageKindsTest extends ShapeTestSupport {
    static final String SOURCE = source("Kinds", """
                static final class Boom extends RuntimeException { Boom(String m) { super(m); } }

                /** A CompletableFuture subclass of the user's. */
                static final class MyFuture<T> extends CompletableFuture<T> {
                    @Override public <U> CompletableFuture<U> newIncompleteFuture() { return new MyFuture<>(); }
                }

                /** The user's own stage, no CompletableFuture: it even refuses toCompletableFuture(). */
                @SuppressWarnings("unchecked")
                static <T> CompletionStage<T> own(CompletableFuture<T> f) {
                    return (CompletionStage<T>) java.lang.reflect.Proxy.newProxyInstance(Kinds.class.getClassLoader(),
                            new Class<?>[] {CompletionStage.class}, (proxy, m, args) -> {
                                if (m.getName().equals("toCompletableFuture")) {
                                    throw new UnsupportedOperationException("own stage");
                                }
                                try {
                                    return m.invoke(f, args);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }

                /** Completes f on the loop's next turn. */
                static <T> CompletableFuture<T> onNextTurn(CompletableFuture<T> f, T v, String how) {
                    Weft.createTask(() -> {
                        if (how.equals("value")) f.complete(v);
                        else if (how.equals("fail")) f.completeExceptionally(new Boom("later"));
                        else f.cancel(false);
                        return Task.done();
                    });
                    return f;
                }

                static <T> CompletableFuture<T> onAnotherThread(T v) {
                    return CompletableFuture.supplyAsync(() -> v, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
                }

                static <T> CompletableFuture<T> cancelled() {
                    CompletableFuture<T> f = new CompletableFuture<>();
                    f.cancel(false);
                    return f;
                }

                static <T> MyFuture<T> mine(T v) {
                    MyFuture<T> f = new MyFuture<>();
                    f.complete(v);
                    return f;
                }

                static CompletionStage<Integer> stage(String kind, Integer v) {
                    switch (kind) {
                        case "completedStage": return CompletableFuture.completedStage(v);
                        case "failedStage": return CompletableFuture.failedStage(new Boom("failedStage"));
                        case "minimal of done": return CompletableFuture.completedFuture(v).minimalCompletionStage();
                        case "minimal of failed": return CompletableFuture.<Integer>failedFuture(new Boom("failed")).minimalCompletionStage();
                        case "minimal of cancelled": return Kinds.<Integer>cancelled().minimalCompletionStage();
                        case "minimal of pending": return onNextTurn(new CompletableFuture<>(), v, "value").minimalCompletionStage();
                        case "minimal of pending, fails": return onNextTurn(new CompletableFuture<>(), v, "fail").minimalCompletionStage();
                        case "minimal of pending, cancelled": return onNextTurn(new CompletableFuture<>(), v, "cancel").minimalCompletionStage();
                        case "minimal, another thread": return onAnotherThread(v).minimalCompletionStage();
                        case "minimal of minimal": return CompletableFuture.completedStage(v).thenApply(x -> x + 1);
                        case "subclass done": return mine(v);
                        case "subclass pending": return onNextTurn(new MyFuture<>(), v, "value");
                        case "subclass derived": return mine(v).thenApply(x -> x + 1);
                        case "copy of done": return CompletableFuture.completedFuture(v).copy();
                        case "copy of pending": return onNextTurn(new CompletableFuture<>(), v, "value").copy();
                        case "copy of failed": return CompletableFuture.<Integer>failedFuture(new Boom("copied")).copy();
                        case "own done": return own(CompletableFuture.completedFuture(v));
                        case "own failed": return own(CompletableFuture.failedFuture(new Boom("own")));
                        case "own pending": return own(onNextTurn(new CompletableFuture<>(), v, "value"));
                        case "own, another thread": return own(onAnotherThread(v));
                        case "own cancelled": return own(Kinds.<Integer>cancelled());
                        default: throw new IllegalArgumentException(kind);
                    }
                }

                static String outcome(Throwable e) {
                    if (e instanceof Boom) return "failed " + e.getMessage();
                    if (e instanceof CancelledException) return "cancelled";
                    return "other " + e;
                }

                @Async static Task<String> awaitKind(String kind) {
                    int a = await(t(1));
                    try {
                        return Task.of("value " + (a + await(stage(kind, 6))));
                    } catch (Boom | CancelledException e) {
                        return Task.of(outcome(e));
                    }
                }

                @Async static CompletionStage<Integer> returnKind(String kind) {
                    int a = await(t(1));
                    return stage(kind, 6 + a);
                }

                @Async static Task<String> awaitReturned(String kind) {
                    try {
                        return Task.of("value " + await(returnKind(kind)));
                    } catch (Boom | CancelledException e) {
                        return Task.of(outcome(e));
                    }
                }
            """);

    /** Each kind and what awaiting {@code stage(kind, 7)} gives. */
    static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("completedStage", "value 7");
        KINDS.put("failedStage", "failed failedStage");
        KINDS.put("minimal of done", "value 7");
        KINDS.put("minimal of failed", "failed failed");
        KINDS.put("minimal of cancelled", "cancelled");
        KINDS.put("minimal of pending", "value 7");
        KINDS.put("minimal of pending, fails", "failed later");
        KINDS.put("minimal of pending, cancelled", "cancelled");
        KINDS.put("minimal, another thread", "value 7");
        KINDS.put("minimal of minimal", "value 8");
        KINDS.put("subclass done", "value 7");
        KINDS.put("subclass pending", "value 7");
        KINDS.put("subclass derived", "value 8");
        KINDS.put("copy of done", "value 7");
        KINDS.put("copy of pending", "value 7");
        KINDS.put("copy of failed", "failed copied");
        KINDS.put("own done", "value 7");
        KINDS.put("own failed", "failed own");
        KINDS.put("own pending", "value 7");
        KINDS.put("own, another thread", "value 7");
        KINDS.put("own cancelled", "cancelled");
    }

    @Override
    String className() {
        return "p.Kinds";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        // completedStage and minimalCompletionStage are Java 9+
        return withModes(List.of(JAVAC_17, ECJ_17));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @Timeout(120) // a stage the runtime cannot read once left its awaiter waiting forever
    void everyKindOfStageIsAwaited(Toolchain tc, Mode m) {
        Map<String, String> seen = new LinkedHashMap<>();
        KINDS.keySet().forEach(kind -> seen.put(kind, outcome(() -> run(tc, m, "awaitKind", kind))));
        assertEquals(KINDS, seen);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @Timeout(120) // a stage the runtime cannot read once left its awaiter waiting forever
    void everyKindOfStageIsReturnedFromAnAsyncMethod(Toolchain tc, Mode m) {
        Map<String, String> seen = new LinkedHashMap<>();
        KINDS.keySet().forEach(kind -> seen.put(kind, outcome(() -> run(tc, m, "awaitReturned", kind))));
        assertEquals(KINDS, seen);
    }

    /** What the run gave, or what it threw: one kind's failure shows beside the others' outcomes. */
    private static String outcome(java.util.function.Supplier<String> run) {
        try {
            return run.get();
        } catch (RuntimeException | Error e) {
            return "threw " + e;
        }
    }
}
