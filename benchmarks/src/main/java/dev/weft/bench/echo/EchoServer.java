package dev.weft.bench.echo;

import dev.weft.bench.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server contenders of the echo workload. Each runs in a process of its own (the client driver
 * is another), serves 127.0.0.1 on one thread, and answers the {@link ServerControl} questions.
 */
enum EchoServer implements ServerCommand {
    WEFT("weft", "dev.weft.bench.echo.WeftEchoServer"),
    NETTY("netty", "dev.weft.bench.echo.NettyEchoServer"),
    VIRTUAL_THREADS("virtualThreads", "dev.weft.bench.echo.VirtualThreadEchoServer",
            "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
    SELECTOR_LOOP("selectorLoop", "dev.weft.bench.echo.SelectorEchoServer"),
    /** CPython's asyncio streams; a Python 3 must be on the path (PYENV_VERSION=3.13.0 unless set). */
    ASYNCIO("asyncio", null);

    /** The listen backlog of every server: the client opens connections in batches of at most this many. */
    static final int BACKLOG = 1024;
    private static final String PYTHON_SCRIPT = "echo_server.py";
    private static final String PYENV_VERSION = "3.13.0";
    private static String pythonVersion; // "" when there is none

    /** The contender key of the report ({@code dev.weft.bench.Contenders}). */
    final String key;
    private final String mainClass;
    private final List<String> jvmOptions;

    EchoServer(String key, String mainClass, String... jvmOptions) {
        this.key = key;
        this.mainClass = mainClass;
        this.jvmOptions = List.of(jvmOptions);
    }

    @Override
    public String key() {
        return key;
    }

    boolean available() {
        if (this == VIRTUAL_THREADS) {
            return VirtualThreads.available();
        }
        if (this == ASYNCIO) {
            return !pythonVersion().isEmpty();
        }
        try {
            Class.forName(mainClass, false, EchoServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Why {@link #available()} is false. */
    String unavailableReason() {
        if (this == ASYNCIO) {
            return "no python3 on the path";
        }
        return this == VIRTUAL_THREADS ? "needs JDK 21+, this is " + Runtime.version() : mainClass + " is missing";
    }

    /** Whether the server's heap can be read: CPython's is not comparable with a JVM's. */
    boolean measuresHeap() {
        return mainClass != null;
    }

    @Override
    public List<String> command(Path scratch, boolean measured) throws IOException {
        return mainClass == null ? pythonCommand(scratch) : javaCommand(mainClass, jvmOptions, measured);
    }

    /** The Python server's command: {@code python3 echo_server.py BACKLOG}, the script copied into {@code scratch}. */
    static List<String> pythonCommand(Path scratch) throws IOException {
        Path script = scratch.resolve(PYTHON_SCRIPT);
        try (InputStream in = EchoServer.class.getResourceAsStream(PYTHON_SCRIPT)) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.add(script.toString());
        command.add(Integer.toString(BACKLOG));
        return command;
    }

    /** A JVM server's command: this JVM's {@code java} and class path, {@code jvmOptions} and {@code mainClass}. */
    static List<String> javaCommand(String mainClass, List<String> jvmOptions, boolean measured) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // A fixed heap, touched at start: a server that allocates per message (Weft's read returns
        // a new array) would otherwise pay a page fault for each first touch of its young
        // generation, for far longer than the run, which a long-running server pays once.
        command.add("-Xmx512m");
        if (measured) {
            command.add("-Xms512m");
            command.add("-XX:+AlwaysPreTouch");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    @Override
    public void environment(Map<String, String> env) {
        if (mainClass == null) {
            pythonEnvironment(env);
        }
    }

    static void pythonEnvironment(Map<String, String> env) {
        env.putIfAbsent("PYENV_VERSION", PYENV_VERSION);
    }

    /** The version of {@code python3} ("3.13.0"), or "" when there is none. */
    static synchronized String pythonVersion() {
        if (pythonVersion == null) {
            pythonVersion = "";
            try {
                ProcessBuilder pb = new ProcessBuilder("python3", "-c",
                        "import platform, sys; print(platform.python_version() if sys.version_info >= (3, 8) else '')");
                pb.environment().putIfAbsent("PYENV_VERSION", PYENV_VERSION);
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                }
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("3\\.\\d+\\.\\d+.*")) {
                    pythonVersion = out;
                } else {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                // no python3: the contender is skipped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return pythonVersion;
    }
}
