package dev.weft;

/**
 * Thrown at an async generator's pending {@link Emitter#emit} when its consumer closes it
 * (asyncio's {@code GeneratorExit}), and by {@link Weft#run} to generators left suspended when
 * the run ends. Let it propagate: {@code finally} blocks run, and the producer must not emit again.
 *
 * <p>Closing is not a cancellation: the producer does not end cancelled, and a
 * {@code catch (CancelledException e)} does not see it. It is an {@link Error}, as
 * {@link CancelledException} is and for the same reason: a broad {@code catch (Exception e)} in a
 * producer must not swallow it (asyncio's {@code GeneratorExit} is a {@code BaseException}).
 *
 * <pre>{@code
 * try {
 *     await(out.emit(line));
 * } catch (Exception e) {   // does not catch GeneratorClosedException
 *     log(e);
 * } finally {
 *     await(file.close());  // runs when the consumer closes the generator
 * }
 * }</pre>
 */
public class GeneratorClosedException extends Error {
    private static final long serialVersionUID = 1L;

    /** The exception thrown at the producer's pending emit when the consumer closes the generator. */
    public GeneratorClosedException() {
        super("the async generator was closed");
    }
}
