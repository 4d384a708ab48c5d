package dev.weft;

/**
 * Thrown at an async generator's pending {@link Emitter#emit} when its consumer closes it
 * (asyncio's {@code GeneratorExit}). It is a {@link CancelledException}, so code that rethrows
 * cancellations rethrows it too and the producer ends as cancelled; a producer must not catch it
 * and emit again.
 */
public class GeneratorClosedException extends CancelledException {
    private static final long serialVersionUID = 1L;

    public GeneratorClosedException() {
        super("the async generator was closed");
    }
}
