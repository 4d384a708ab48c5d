package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Child processes on the event loop (asyncio's {@code create_subprocess_exec}).
 *
 * <pre>{@code
 * @Async
 * static Task<String> javaVersion() {
 *     Subprocess child = await(Subprocesses.exec(List.of("java", "-version"),
 *             ProcessOptions.defaults().withStderr(ProcessStream.STDOUT)));
 *     ProcessOutput out = await(child.communicate(null));
 *     return Task.of(new String(out.stdout(), StandardCharsets.UTF_8));
 * }
 * }</pre>
 *
 * <p>By default the child's stdin, stdout and stderr are pipes ({@link ProcessStream#PIPE}); see
 * {@link ProcessOptions} for the others. No shell is involved: the command is the program and its
 * arguments (for a shell command line, run {@code List.of("/bin/sh", "-c", line)}).
 */
public final class Subprocesses {
    private Subprocesses() {
    }

    /**
     * Starts a child process with the default options: its stdin, stdout and stderr are pipes.
     *
     * @param command the program and its arguments
     * @return a task with the running child; see {@link #exec(List, ProcessOptions)}
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Subprocess> exec(List<String> command) {
        return exec(command, ProcessOptions.defaults());
    }

    /**
     * Starts a child process.
     *
     * <pre>{@code
     * Subprocess child = await(Subprocesses.exec(List.of("git", "status", "--short"),
     *         ProcessOptions.defaults().withDirectory(repository).withStdin(ProcessStream.DISCARD)));
     * }</pre>
     *
     * <p>The task is done when the child has started (the operating system's fork and exec run
     * on the loop's thread, as asyncio's). A program that cannot be started (not found, not
     * executable, a working directory that does not exist) fails it with the JDK's
     * {@link IOException} ("Cannot run program ...").
     *
     * <p>A program named without a directory is looked for in the child's {@code PATH}, as
     * asyncio's: the one {@code options} give it ({@code /bin:/usr/bin} if they remove it), not
     * only the JVM's; found there, it is started by its path (its {@code argv[0]} is that path).
     *
     * @param command the program and its arguments; not empty
     * @param options the working directory, environment, streams and buffer limit
     * @return a task with the running child
     * @throws IllegalArgumentException if {@code command} is empty
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Subprocess> exec(List<String> command, ProcessOptions options) {
        Objects.requireNonNull(options, "options");
        List<String> cmd = new ArrayList<>(command);
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("an empty command: name the program to run");
        }
        for (String s : cmd) {
            Objects.requireNonNull(s, "an element of the command is null");
        }
        LoopSelector selector = LoopSelector.current("Subprocesses.exec");
        ProcessBuilder builder = new ProcessBuilder(cmd);
        if (options.directory() != null) {
            builder.directory(options.directory().toFile());
        }
        if (options.environment() != null) {
            builder.environment().clear();
            builder.environment().putAll(options.environment());
        }
        for (Map.Entry<String, String> e : options.environmentVariables().entrySet()) {
            builder.environment().put(e.getKey(), e.getValue());
        }
        try {
            cmd.set(0, ProgramPath.resolve(cmd.get(0), builder.environment(), options.directory()));
        } catch (IOException e) {
            return Task.failed(e);
        }
        builder.command(cmd);
        builder.redirectInput(input(options.stdin()));
        builder.redirectOutput(output(options.stdout()));
        if (options.stderr() == ProcessStream.STDOUT) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(output(options.stderr()));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Task.failed(e);
        }
        Subprocess child = new Subprocess(process, selector, options);
        child.start();
        return Task.of(child);
    }

    private static ProcessBuilder.Redirect input(ProcessStream stream) {
        switch (stream) {
            case INHERIT:
                return ProcessBuilder.Redirect.INHERIT;
            case DISCARD:
                return ProcessBuilder.Redirect.from(nullDevice());
            default:
                return ProcessBuilder.Redirect.PIPE;
        }
    }

    private static ProcessBuilder.Redirect output(ProcessStream stream) {
        switch (stream) {
            case INHERIT:
                return ProcessBuilder.Redirect.INHERIT;
            case DISCARD:
                return ProcessBuilder.Redirect.DISCARD;
            default:
                return ProcessBuilder.Redirect.PIPE;
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
