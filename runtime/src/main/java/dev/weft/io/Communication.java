package dev.weft.io;

import dev.weft.Task;
import dev.weft.Waiter;

/**
 * A {@link Subprocess#communicate(byte[])} under way: stdin fed and closed, stdout and stderr read
 * to their end and the exit waited for, all at once (asyncio gathers the same three).
 */
final class Communication extends Waiter<ProcessOutput> {
    private final Task<byte[]> out;
    private final Task<byte[]> err;
    private final Task<Integer> exit;

    Communication(Subprocess child, byte[] input, StreamWriter stdin, StreamReader stdout, StreamReader stderr) {
        // The reads start first: a read already waiting on one of them throws before stdin is touched.
        this.out = stdout != null ? stdout.read(-1) : null;
        Task<byte[]> e;
        try {
            e = stderr != null ? stderr.read(-1) : null;
        } catch (RuntimeException x) {
            if (out != null) {
                out.cancel();
            }
            throw x;
        }
        this.err = e;
        if (stdin != null) {
            feed(stdin, input);
        }
        this.exit = child.waitFor();
        if (out != null) {
            out.whenDone(this::partDone);
        }
        if (err != null) {
            err.whenDone(this::partDone);
        }
        exit.whenDone(this::partDone);
    }

    @Override
    protected String waitsOn() {
        return "a subprocess: communicate() (output " + (out == null || out.isDone() ? "read" : "pending")
                + ", exit " + (exit.isDone() ? "seen" : "pending") + ")";
    }

    /** Writes the input and closes stdin; a child that closed its input early is no error (as asyncio's). */
    private static void feed(StreamWriter stdin, byte[] input) {
        if (stdin.isClosing()) {
            return; // closed by the caller already
        }
        if (input != null && input.length > 0) {
            stdin.write(input);
        }
        stdin.close();
    }

    private void partDone(Task<?> part) {
        if (isDone()) {
            return;
        }
        if (part.isCancelled() || part.isFailed()) {
            Throwable failure = part.exception();
            cancelParts();
            refuse(failure);
            return;
        }
        if ((out == null || out.isDone()) && (err == null || err.isDone()) && exit.isDone()) {
            grant(new ProcessOutput(out != null ? out.result() : null, err != null ? err.result() : null, exit.result()));
        }
    }

    private void cancelParts() {
        if (out != null) {
            out.cancel();
        }
        if (err != null) {
            err.cancel();
        }
        exit.cancel();
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        cancelParts(); // a read's bytes stay with its reader (ReadWaiter puts back what it took)
        return true;
    }
}
