package dev.weft;

import java.util.concurrent.CompletableFuture;

/**
 * How the runtime reads a {@code CompletableFuture} it is given to await or return.
 *
 * <p>Not every {@code CompletableFuture} answers {@code isDone()}, {@code join()} or
 * {@code cancel()}: the JDK's minimal stages ({@code CompletableFuture.completedStage},
 * {@code failedStage}, {@code minimalCompletionStage()} and the stages derived from them) are
 * {@code CompletableFuture}s that throw {@code UnsupportedOperationException} there. Every stage
 * answers {@code toCompletableFuture()}, which for those gives a full future that completes with
 * the stage, and for any other future gives the future itself.
 */
final class Stages {
    private Stages() {
    }

    /** {@code f}, or a full future completing as {@code f} does when {@code f} may be a minimal stage. */
    static <T> CompletableFuture<T> readable(CompletableFuture<T> f) {
        // The plain class is the common case and always full; a subclass is asked (a user's returns itself).
        return f.getClass() == CompletableFuture.class ? f : f.toCompletableFuture();
    }
}
