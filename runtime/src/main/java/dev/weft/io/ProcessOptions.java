package dev.weft.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of {@link Subprocesses#exec(java.util.List, ProcessOptions)}; immutable, each
 * {@code with} method returns a copy.
 *
 * <pre>{@code
 * ProcessOptions options = ProcessOptions.defaults()
 *         .withDirectory(Path.of("/tmp"))
 *         .withEnvironmentVariable("LANG", "C")
 *         .withStderr(ProcessStream.STDOUT);
 * Subprocess child = await(Subprocesses.exec(List.of("ls", "-l"), options));
 * }</pre>
 */
public final class ProcessOptions {
    private static final ProcessOptions DEFAULTS = new ProcessOptions(null, null, Collections.emptyMap(),
            ProcessStream.PIPE, ProcessStream.PIPE, ProcessStream.PIPE, StreamReader.DEFAULT_LIMIT);

    private final Path directory;
    /** The whole environment, or null for this program's. */
    private final Map<String, String> environment;
    /** Variables set on top of {@link #environment}. */
    private final Map<String, String> variables;
    private final ProcessStream stdin;
    private final ProcessStream stdout;
    private final ProcessStream stderr;
    private final int bufferLimit;

    private ProcessOptions(Path directory, Map<String, String> environment, Map<String, String> variables,
            ProcessStream stdin, ProcessStream stdout, ProcessStream stderr, int bufferLimit) {
        this.directory = directory;
        this.environment = environment;
        this.variables = variables;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.bufferLimit = bufferLimit;
    }

    /**
     * This program's working directory and environment, a {@link ProcessStream#PIPE} for each of
     * stdin, stdout and stderr (unlike asyncio, whose default is to inherit them), and a 64 KiB
     * buffer limit.
     *
     * @return the defaults
     */
    public static ProcessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another working directory.
     *
     * @param directory where the child runs (asyncio's {@code cwd})
     * @return a copy with the directory
     */
    public ProcessOptions withDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new ProcessOptions(directory, environment, variables, stdin, stdout, stderr, bufferLimit);
    }

    /**
     * A copy whose child gets exactly {@code environment} (asyncio's {@code env}), replacing this
     * program's; variables added by {@link #withEnvironmentVariable} before are dropped.
     *
     * @param environment the variables, copied
     * @return a copy with the environment
     * @throws IllegalArgumentException if a name is empty or holds {@code =} or NUL, or a value holds NUL
     */
    public ProcessOptions withEnvironment(Map<String, String> environment) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = checkName(Objects.requireNonNull(e.getKey(), "variable name"));
            copy.put(name, checkValue(name, Objects.requireNonNull(e.getValue(), name)));
        }
        return new ProcessOptions(directory, Collections.unmodifiableMap(copy), Collections.emptyMap(), stdin, stdout,
                stderr, bufferLimit);
    }

    /**
     * A copy that sets one variable on top of the environment (this program's, or the one given
     * to {@link #withEnvironment}).
     *
     * @param name the variable's name
     * @param value its value
     * @return a copy with the variable
     * @throws IllegalArgumentException if the name is empty or holds {@code =} or NUL, or the value holds NUL
     */
    public ProcessOptions withEnvironmentVariable(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(variables);
        copy.put(checkName(name), checkValue(name, value));
        return new ProcessOptions(directory, environment, Collections.unmodifiableMap(copy), stdin, stdout, stderr,
                bufferLimit);
    }

    /**
     * A copy with another source of the child's input.
     *
     * @param stream {@link ProcessStream#PIPE} (the default), {@link ProcessStream#INHERIT} or {@link ProcessStream#DISCARD}
     * @return a copy with the stream
     * @throws IllegalArgumentException for {@link ProcessStream#STDOUT}
     */
    public ProcessOptions withStdin(ProcessStream stream) {
        return new ProcessOptions(directory, environment, variables, notStdout(stream, "stdin"), stdout, stderr, bufferLimit);
    }

    /**
     * A copy with another destination of the child's output.
     *
     * @param stream {@link ProcessStream#PIPE} (the default), {@link ProcessStream#INHERIT} or {@link ProcessStream#DISCARD}
     * @return a copy with the stream
     * @throws IllegalArgumentException for {@link ProcessStream#STDOUT}
     */
    public ProcessOptions withStdout(ProcessStream stream) {
        return new ProcessOptions(directory, environment, variables, stdin, notStdout(stream, "stdout"), stderr, bufferLimit);
    }

    /**
     * A copy with another destination of the child's error output.
     *
     * @param stream {@link ProcessStream#PIPE} (the default), {@link ProcessStream#INHERIT},
     *     {@link ProcessStream#DISCARD} or {@link ProcessStream#STDOUT} (merged into the output)
     * @return a copy with the stream
     */
    public ProcessOptions withStderr(ProcessStream stream) {
        Objects.requireNonNull(stream, "stderr");
        return new ProcessOptions(directory, environment, variables, stdin, stdout, stream, bufferLimit);
    }

    /**
     * A copy with another buffer limit: the {@linkplain StreamReader#limit() limit} of the stdout
     * and stderr readers, and the most bytes each of their pipes holds that the reader has not
     * taken yet. Past it, the pipe is not read until the reader takes some, so a child writing
     * faster than it is read waits in its write (back-pressure).
     *
     * @param limit the limit in bytes, positive
     * @return a copy with the limit
     */
    public ProcessOptions withBufferLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("buffer limit must be positive: " + limit);
        }
        return new ProcessOptions(directory, environment, variables, stdin, stdout, stderr, limit);
    }

    /**
     * The working directory.
     *
     * @return the child's working directory, or null for this program's
     */
    public Path directory() {
        return directory;
    }

    /** A name the operating system can take: not empty, no {@code =} and no NUL (the JDK refuses those only at the start). */
    private static String checkName(String name) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: \"" + name.replace("\0", "\\0") + "\"");
        }
        return name;
    }

    private static String checkValue(String name, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of environment variable " + name + " holds a NUL character");
        }
        return value;
    }

    /**
     * The environment given to {@link #withEnvironment}.
     *
     * @return the whole environment, or null for this program's (variables set one by one are not in it)
     */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The variables set by {@link #withEnvironmentVariable}.
     *
     * @return the variables, in the order they were set
     */
    public Map<String, String> environmentVariables() {
        return variables;
    }

    /**
     * The child's input.
     *
     * @return what stdin is
     */
    public ProcessStream stdin() {
        return stdin;
    }

    /**
     * The child's output.
     *
     * @return what stdout is
     */
    public ProcessStream stdout() {
        return stdout;
    }

    /**
     * The child's error output.
     *
     * @return what stderr is
     */
    public ProcessStream stderr() {
        return stderr;
    }

    /**
     * The buffer limit.
     *
     * @return the limit in bytes
     */
    public int bufferLimit() {
        return bufferLimit;
    }

    private static ProcessStream notStdout(ProcessStream stream, String which) {
        Objects.requireNonNull(stream, which);
        if (stream == ProcessStream.STDOUT) {
            throw new IllegalArgumentException("ProcessStream.STDOUT is for stderr only, not " + which);
        }
        return stream;
    }

    @Override
    public String toString() {
        return "ProcessOptions[stdin=" + stdin + ", stdout=" + stdout + ", stderr=" + stderr + ", bufferLimit="
                + bufferLimit + (directory != null ? ", directory=" + directory : "")
                + (environment != null ? ", environment of " + environment.size() : "")
                + (variables.isEmpty() ? "" : ", variables " + variables.keySet()) + "]";
    }
}
