package dev.weft.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An echo server running in a process of its own, and the driver's end of its {@link ServerControl}
 * channel. {@link #close()} ends the process (and anything it started) on every path: it is asked
 * to quit, then killed; a shutdown hook kills it if the driver exits without closing, and the
 * server exits by itself when its standard input ends.
 */
final class ServerProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private static final long ANSWER_SECONDS = 60;

    private final ServerCommand server;
    private final Process process;
    private final Path scratch;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread killer;
    private final int port;

    private ServerProcess(ServerCommand server, Process process, Path scratch) throws IOException {
        this.server = server;
        this.process = process;
        this.scratch = scratch;
        this.killer = new Thread(this::kill, "echo-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(this::readLines, "echo-server-output");
        reader.setDaemon(true);
        reader.start();
        this.port = Integer.parseInt(next("PORT"));
    }

    /** Starts the server and waits for the port it listens on; {@code measured}: see {@link ServerCommand#command}. */
    static ServerProcess start(ServerCommand server, boolean measured) throws IOException {
        Path scratch = Files.createTempDirectory("weft-echo-" + server.key());
        ServerProcess started = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(server.command(scratch, measured))
                    .redirectError(scratch.resolve("stderr.txt").toFile());
            server.environment(pb.environment());
            Process p = pb.start();
            started = new ServerProcess(server, p, scratch);
            return started;
        } finally {
            if (started == null) {
                deleteTree(scratch);
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    long pid() {
        return process.pid();
    }

    /** The server process's CPU time so far, user and system, all threads. */
    long cpuNanos() throws IOException {
        return Long.parseLong(ask("cpu", "CPU"));
    }

    /** The server's heap in use after full collections, or -1 when it is not measured. */
    long heapUsed() throws IOException {
        return Long.parseLong(ask("heap", "HEAP"));
    }

    int connections() throws IOException {
        return Integer.parseInt(ask("conns", "CONNS"));
    }

    /** The server's file descriptors that are still free, or -1 when it cannot tell. */
    long freeFileDescriptors() throws IOException {
        String[] parts = ask("fds", "FDS").split(" ");
        long limit = Long.parseLong(parts[0]);
        return limit < 0 ? -1 : limit - Long.parseLong(parts[1]);
    }

    /** Waits until the server counts {@code n} open connections. */
    void awaitConnections(int n, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int seen;
        while ((seen = connections()) != n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(server.key() + " server: " + seen + " connections open after "
                        + timeoutMillis + " ms, expected " + n);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private String ask(String command, String tag) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return next(tag);
    }

    /** The rest of the next line the server prints, which must start with {@code tag}. */
    private String next(String tag) throws IOException {
        String line;
        try {
            line = lines.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (line == null || line.equals(EOF) || !line.startsWith(tag + " ")) {
            throw new IOException(server.key() + " server: expected " + tag + ", got "
                    + (line == null ? "nothing in " + ANSWER_SECONDS + " s" : line.equals(EOF) ? "end of output" : line)
                    + (process.isAlive() ? "" : ", exited with " + process.exitValue()) + "; its stderr:\n" + stderr());
        }
        return line.substring(tag.length() + 1).trim();
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            lines.add(EOF);
        }
    }

    String stderr() {
        try {
            return Files.readString(scratch.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the server to quit, kills it (and what it started) if it has not within 5 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // it has gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
            deleteTree(scratch);
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
