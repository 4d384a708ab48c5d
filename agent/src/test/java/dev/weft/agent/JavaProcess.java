package dev.weft.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs a Java program in a new JVM of the running JDK and collects what it printed. */
final class JavaProcess {
    /** What a finished program printed, and its exit status. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();

    JavaProcess option(String option) {
        jvmOptions.add(option);
        return this;
    }

    JavaProcess classPath(Path... entries) {
        classPath.addAll(List.of(entries));
        return this;
    }

    static int javaVersion() {
        return Runtime.version().feature();
    }

    /** The java launcher of the running JDK. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    Result run(Path workDir, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(List.of(args));
        return run(workDir, command);
    }

    /** Runs {@code java -jar jar args}. */
    Result runJar(Path workDir, Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return run(workDir, command);
    }

    private static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        // Normalise line ends so expectations read the same on every OS.
        return new Result(p.exitValue(), Files.readString(out).replace("\r\n", "\n"),
                Files.readString(err).replace("\r\n", "\n"));
    }
}
