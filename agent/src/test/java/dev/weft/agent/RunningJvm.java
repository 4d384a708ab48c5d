package dev.weft.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A JVM that keeps running while a test attaches to it: started with its stdout on a pipe (the test
 * waits for its "ready" line and asks it questions on stdin) and its stderr in a file. Closing it
 * closes its stdin, which the test apps take as the signal to exit; one that does not is killed.
 */
final class RunningJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path err;
    private int exit = -1;

    private RunningJvm(Process process, Path err) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.err = err;
    }

    /** Starts {@code java options -cp classPath mainClass args} in {@code workDir} and waits for its "ready". */
    static RunningJvm start(Path workDir, List<String> options, List<Path> classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add(JavaProcess.java());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(List.of(args));
        Path err = workDir.resolve("target-stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(err.toFile()).start();
        RunningJvm jvm = new RunningJvm(process, err);
        String first = jvm.out.readLine();
        if (!"ready".equals(first)) {
            jvm.close();
            throw new AssertionError("expected ready, got " + first + "; stderr:\n" + jvm.stderr());
        }
        return jvm;
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code question} on a line of stdin and returns the line it answers with. */
    String ask(String question) throws IOException {
        in.write(question + "\n");
        in.flush();
        return out.readLine();
    }

    /** Closes stdin and waits for the exit; returns the exit status. */
    int stop() throws IOException, InterruptedException {
        if (exit < 0) {
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the target did not exit at the end of its stdin");
            }
            exit = process.exitValue();
        }
        return exit;
    }

    String stderr() throws IOException {
        return Files.readString(err).replace("\r\n", "\n");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                stop();
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
        out.close();
    }
}
