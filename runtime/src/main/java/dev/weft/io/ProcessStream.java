package dev.weft.io;

/**
 * What one of a child process's standard streams is connected to (asyncio's {@code PIPE},
 * {@code DEVNULL}, {@code STDOUT}, or {@code None} for inherited).
 *
 * <pre>{@code
 * ProcessOptions options = ProcessOptions.defaults()
 *         .withStdin(ProcessStream.DISCARD)
 *         .withStderr(ProcessStream.STDOUT);   // the error output goes where the output goes
 * }</pre>
 */
public enum ProcessStream {
    /** A pipe to this program: {@link Subprocess#stdin()}, {@link Subprocess#stdout()} or {@link Subprocess#stderr()}. */
    PIPE,
    /** This program's own stream: the child reads this program's input, or writes where this program writes. */
    INHERIT,
    /** Nothing: the child reads the end of its input at once, or what it writes is dropped (the null device). */
    DISCARD,
    /** For stderr only: the error output goes where the output goes (merged into the stdout pipe if that is a pipe). */
    STDOUT
}
