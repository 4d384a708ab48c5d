package dev.weft.io;

import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.internal.LoopSelector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A child process started by {@link Subprocesses#exec} (asyncio's {@code Process}): its piped
 * streams as a {@link StreamWriter} and {@link StreamReader}s, its exit, and signals.
 *
 * <pre>{@code
 * Subprocess child = await(Subprocesses.exec(List.of("sort")));
 * child.stdin().write("b\na\n", StandardCharsets.UTF_8);
 * child.stdin().close();
 * String first = await(child.stdout().readLine(StandardCharsets.UTF_8));   // "a"
 * int code = await(child.waitFor());
 * }</pre>
 *
 * <p>The JDK's pipes block, so each piped stream has a pump thread (a virtual thread on JDK 21 and
 * later) that moves its bytes to or from the loop. Back-pressure: a pump holds at most the
 * {@linkplain ProcessOptions#withBufferLimit buffer limit} of output the reader has not taken, and
 * then stops reading the pipe, so that a child writing faster than it is read waits in its write.
 * A child whose stdout is a pipe nobody reads may therefore never end; use
 * {@link #communicate(byte[])}, which reads both outputs while it waits.
 *
 * <p>Everything here is for the loop the child was started on. When that loop ends ({@code
 * Weft.run} returns), a child still running is killed and waited for, and its pumps end: no
 * zombie process and no pump thread outlives the loop.
 */
public final class Subprocess {
    /** How long the loop's end waits for a killed child. */
    private static final long END_WAIT_MILLIS = 5_000;
    /** How long the loop's end waits for the pumps of one child, all together. */
    private static final long PUMP_WAIT_MILLIS = 2_000;

    private final Process process;
    private final LoopSelector selector;
    private final ProcessOptions options;
    private final InputPipe stdin;
    private final OutputPipe stdout;
    private final OutputPipe stderr;
    /** Pumps still running; the child is forgotten by the loop once it exited and they all ended. */
    private final AtomicInteger pumps = new AtomicInteger();
    private final AutoCloseable atLoopEnd = this::endWithLoop;
    /** Set on the loop when it learns of the exit. */
    private Integer exitCode;
    private ArrayDeque<ExitWaiter> waiters;
    private boolean forgotten;

    Subprocess(Process process, LoopSelector selector, ProcessOptions options) {
        this.process = process;
        this.selector = selector;
        this.options = options;
        String prefix = "weft-pipe-" + process.pid() + "-";
        this.stdin = options.stdin() == ProcessStream.PIPE
                ? new InputPipe(selector, process.getOutputStream(), StreamWriter.DEFAULT_WRITE_LIMIT, prefix + "stdin")
                : null;
        this.stdout = options.stdout() == ProcessStream.PIPE
                ? new OutputPipe(selector, process.getInputStream(), options.bufferLimit(), prefix + "stdout")
                : null;
        this.stderr = options.stderr() == ProcessStream.PIPE
                ? new OutputPipe(selector, process.getErrorStream(), options.bufferLimit(), prefix + "stderr")
                : null;
    }

    /** Starts the pumps and watches for the exit; the loop's end kills the child if it still runs. */
    void start() {
        selector.closeAtEnd(atLoopEnd);
        Runnable pumpEnded = () -> {
            if (pumps.decrementAndGet() == 0) {
                selector.execute(this::forgetIfDone);
            }
        };
        pumps.set((stdin != null ? 1 : 0) + (stdout != null ? 1 : 0) + (stderr != null ? 1 : 0));
        // The output pumps first: each must begin reading before the child exits (see OutputPipe.run).
        if (stdout != null) {
            stdout.start(pumpEnded);
        }
        if (stderr != null) {
            stderr.start(pumpEnded);
        }
        if (stdin != null) {
            stdin.start(pumpEnded);
        }
        process.onExit().thenRun(() -> {
            if (stdin != null) {
                stdin.childExited();
            }
            selector.execute(this::exited); // not run if the loop has ended: nobody waits any more
        });
    }

    /**
     * The child's process id.
     *
     * @return the operating system's id of the child
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The child's input (asyncio {@code proc.stdin}): {@link StreamWriter#close()} closes it, so the
     * child reads the end of its input. If the child closed its input or ended, the bytes written
     * are lost and {@link StreamWriter#drain()} throws the {@link java.io.IOException} ("Broken pipe",
     * "Stream closed"), as for a lost connection.
     *
     * @return the writer
     * @throws IllegalStateException if stdin is not {@link ProcessStream#PIPE}
     */
    public StreamWriter stdin() {
        if (stdin == null) {
            throw notPiped("stdin", options.stdin(), "withStdin");
        }
        return stdin.writer;
    }

    /**
     * The child's output (asyncio {@code proc.stdout}).
     *
     * @return the reader
     * @throws IllegalStateException if stdout is not {@link ProcessStream#PIPE}
     */
    public StreamReader stdout() {
        if (stdout == null) {
            throw notPiped("stdout", options.stdout(), "withStdout");
        }
        return stdout.reader;
    }

    /**
     * The child's error output (asyncio {@code proc.stderr}).
     *
     * @return the reader
     * @throws IllegalStateException if stderr is not {@link ProcessStream#PIPE}
     */
    public StreamReader stderr() {
        if (stderr == null) {
            throw notPiped("stderr", options.stderr(), "withStderr");
        }
        return stderr.reader;
    }

    private static IllegalStateException notPiped(String which, ProcessStream stream, String with) {
        return new IllegalStateException(which + " is " + stream + ", not a pipe: start the child with ProcessOptions."
                + with + "(ProcessStream.PIPE)");
    }

    /**
     * Waits for the child to exit (asyncio {@code wait()}).
     *
     * <pre>{@code
     * int code = await(child.waitFor());
     * }</pre>
     *
     * <p>A child writing to a piped output that nobody reads may never exit (it waits for the
     * reader); read it, or use {@link #communicate(byte[])}.
     *
     * <p><b>Cancellation:</b> cancels the waiting only; the child goes on running.
     *
     * @return a task with the exit code (see {@link ProcessOutput#exitCode()})
     * @throws IllegalStateException off the child's loop
     */
    public Task<Integer> waitFor() {
        checkThread();
        if (exitCode != null) {
            return Task.of(exitCode);
        }
        if (waiters == null) {
            waiters = new ArrayDeque<>(2);
        }
        ExitWaiter w = new ExitWaiter();
        waiters.add(w);
        return w;
    }

    /**
     * Writes {@code input} to the child's stdin and closes it, reads its stdout and stderr to their
     * end (both at once, so that neither pipe fills up), and waits for it to exit (asyncio
     * {@code communicate}).
     *
     * <pre>{@code
     * ProcessOutput out = await(child.communicate("some input".getBytes(StandardCharsets.UTF_8)));
     * if (out.exitCode() != 0) { ... }
     * }</pre>
     *
     * <p>A child that does not read all of its input is not an error (asyncio ignores the broken
     * pipe too). Streams that are not pipes give null in the result.
     *
     * <p><b>Cancellation:</b> cancels the reads and the waiting; the child goes on running, and
     * the bytes read so far stay with the readers.
     *
     * @param input what to write to stdin, or null for nothing (stdin is closed all the same)
     * @return a task with the output, error output and exit code
     * @throws IllegalStateException if {@code input} is given but stdin is not a pipe, if a read of
     *     stdout or stderr is waiting already, or off the child's loop
     */
    public Task<ProcessOutput> communicate(byte[] input) {
        checkThread();
        if (input != null && stdin == null) {
            throw notPiped("stdin", options.stdin(), "withStdin");
        }
        return new Communication(this, input, stdin != null ? stdin.writer : null,
                stdout != null ? stdout.reader : null, stderr != null ? stderr.reader : null);
    }

    /**
     * The exit code, once the loop knows of the exit (asyncio {@code returncode}).
     *
     * @return the exit code, or empty while the child runs
     */
    public OptionalInt exitCode() {
        checkThread();
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * Asks the child to end (SIGTERM on Unix); nothing if it has ended. What it wrote before it
     * ended stays readable, then its pipes read their end.
     */
    public void terminate() {
        // Not Process.destroy(): that also closes the JDK's ends of the pipes, under the pumps, so
        // that a read after it fails with "Stream closed" instead of reading what is left.
        process.toHandle().destroy();
    }

    /**
     * Kills the child (SIGKILL on Unix); nothing if it has ended. What it wrote before it died
     * stays readable, then its pipes read their end (as asyncio's).
     */
    public void kill() {
        process.toHandle().destroyForcibly(); // not Process.destroyForcibly(): see terminate()
    }

    @Override
    public String toString() {
        return "Subprocess[pid=" + process.pid() + (exitCode != null ? ", exit code " + exitCode : ", running") + "]";
    }

    private void checkThread() {
        if (!selector.inLoopThread() || dev.weft.Loop.current() != selector.loop()) { // the thread may outlive its loop
            throw new IllegalStateException("a subprocess belongs to the event loop it was started on: use it from that loop's tasks");
        }
    }

    /** On the loop: the child has exited. */
    private void exited() {
        if (exitCode != null) {
            return;
        }
        exitCode = process.exitValue();
        ArrayDeque<ExitWaiter> ws = waiters;
        waiters = null;
        if (ws != null) {
            for (ExitWaiter w : ws) {
                w.end(exitCode);
            }
        }
        forgetIfDone();
    }

    /** On the loop: once the child exited and its pumps ended, the loop's end has nothing to do for it. */
    private void forgetIfDone() {
        if (!forgotten && exitCode != null && pumps.get() == 0) {
            forgotten = true;
            selector.forgetAtEnd(atLoopEnd);
        }
    }

    /**
     * The loop's end (on the thread closing it): kills the child if it still runs, with the
     * processes it started (a shell's children would hold its pipes open), waits for it (no
     * zombie), and ends the pumps.
     */
    private void endWithLoop() {
        boolean interrupted = false;
        try {
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
            try {
                process.waitFor(END_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            PipeTransport[] pipes = {stdin, stdout, stderr};
            for (PipeTransport pipe : pipes) {
                if (pipe != null) {
                    pipe.stop();
                }
            }
            // A pump blocked in a read ends at the pipe's end, which the child's death brings, unless
            // a process that outlived it holds the pipe (the JDK's pipe reads cannot be interrupted):
            // then its thread ends when that process does.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUMP_WAIT_MILLIS);
            for (PipeTransport pipe : pipes) {
                if (pipe == null || interrupted) {
                    continue;
                }
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    boolean ended = pipe.join(left);
                    if (!ended) {
                        selector.report("The pump " + pipe + " is still blocked after the loop's end: a process that outlived "
                                + "the child holds its pipe open; the thread ends when that process closes it", null);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** For tests: the bytes stdout's pump holds for the reader now, and the most it ever held. */
    int[] stdoutHeld() {
        return stdout.held();
    }

    /** A {@link #waitFor()} waiting for the exit. */
    private final class ExitWaiter extends Waiter<Integer> {
        @Override
        protected String waitsOn() {
            return "a subprocess's exit: waitFor() on pid " + process.pid();
        }

        void end(int code) {
            grant(code);
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            selector.execute(() -> { // now if on the loop's thread; not run if the loop has ended
                if (waiters != null) {
                    waiters.remove(this);
                }
            });
            return true;
        }
    }
}
