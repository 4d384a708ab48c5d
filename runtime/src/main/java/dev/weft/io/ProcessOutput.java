package dev.weft.io;

import java.util.Arrays;

/**
 * What {@link Subprocess#communicate(byte[])} gathered: the child's output, its error output and
 * its exit code (asyncio's {@code (stdout, stderr)} pair, with the {@code returncode}).
 *
 * <pre>{@code
 * ProcessOutput out = await(child.communicate(null));
 * System.out.print(new String(out.stdout(), StandardCharsets.UTF_8));
 * }</pre>
 */
public final class ProcessOutput {
    private final byte[] stdout;
    private final byte[] stderr;
    private final int exitCode;

    ProcessOutput(byte[] stdout, byte[] stderr, int exitCode) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    /**
     * The bytes the child wrote to its output.
     *
     * @return a copy of them, or null if its stdout was not {@link ProcessStream#PIPE}
     */
    public byte[] stdout() {
        return stdout == null ? null : stdout.clone();
    }

    /**
     * The bytes the child wrote to its error output.
     *
     * @return a copy of them, or null if its stderr was not {@link ProcessStream#PIPE}
     */
    public byte[] stderr() {
        return stderr == null ? null : stderr.clone();
    }

    /**
     * The child's exit code.
     *
     * @return the code; for a child ended by a signal, 128 plus the signal's number (as the JDK reports it)
     */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProcessOutput)) {
            return false;
        }
        ProcessOutput other = (ProcessOutput) o;
        return exitCode == other.exitCode && Arrays.equals(stdout, other.stdout) && Arrays.equals(stderr, other.stderr);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(stdout) + Arrays.hashCode(stderr)) + exitCode;
    }

    @Override
    public String toString() {
        return "ProcessOutput[exitCode=" + exitCode + ", stdout=" + length(stdout) + ", stderr=" + length(stderr) + "]";
    }

    private static String length(byte[] b) {
        return b == null ? "none" : b.length + " bytes";
    }
}
