package dev.weft.bench.startup;

import dev.weft.Task;
import dev.weft.bench.Figure;
import dev.weft.bench.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Workload 9, agent start-up: a child JVM runs an application of {@value #CLASSES} generated
 * classes without {@code @Async} whose main loads them all ({@link StartupClassPath}), with
 * {@code -javaagent:weft-agent.jar} ("weft"), with no agent, and with an agent whose transformer
 * does nothing; the three alternate, run after run, and each figure is the median wall-clock time
 * from process start to exit ("start-up") and the child's own CPU time at the end of main.
 *
 * <p>The agent jar is {@code -Dweft.agent.jar}, or {@code agent/target/weft-agent.jar} of the
 * checkout the benchmarks jar was built in; without it the probe is unavailable.
 */
public final class AgentStartupProbe implements Probe {
    static final int CLASSES = 3000;
    private static final String AGENT_PROPERTY = "weft.agent.jar";

    @Override
    public String workload() {
        return "agentStartup";
    }

    @Override
    public String contender() {
        return "weft";
    }

    @Override
    public List<String> contenders() {
        return List.of("weft", "noAgent", "noopAgent");
    }

    @Override
    public boolean available() {
        if (agentJar() != null) {
            return true;
        }
        System.err.println("agentStartup: skipped, no agent jar: build agent/target/weft-agent.jar"
                + " (mvn package -pl benchmarks -am) or pass -D" + AGENT_PROPERTY + "=PATH");
        return false;
    }

    @Override
    public String unavailableReason() {
        return "no agent jar (build agent/target/weft-agent.jar or pass -D" + AGENT_PROPERTY + "=PATH)";
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-Xmx512m", "-D" + AGENT_PROPERTY + "=" + agentJar());
    }

    @Override
    public List<Figure> run(double scale) throws Exception {
        int classes = scale >= 0.1 ? CLASSES : 100;
        int runs = Math.max(1, (int) Math.round(24 * scale)) | 1;
        Path dir = Files.createTempDirectory("weft-agent-startup");
        try {
            Path app = StartupClassPath.application(dir, classes);
            List<String> classPath = List.of(app.toString(), codeSource(Task.class).toString());
            String[] contenders = {"noAgent", "noopAgent", "weft"};
            List<String> agents = Arrays.asList(null, StartupClassPath.noopAgent(dir).toString(), agentJar().toString());
            long[][] wall = new long[contenders.length][runs];
            long[][] cpu = new long[contenders.length][runs];
            for (int warm = 0; warm < contenders.length; warm++) {
                launch(agents.get(warm), classPath, classes, dir);
            }
            for (int r = 0; r < runs; r++) {
                for (int c = 0; c < contenders.length; c++) {
                    long[] t = launch(agents.get(c), classPath, classes, dir);
                    wall[c][r] = t[0];
                    cpu[c][r] = t[1];
                }
            }
            List<Figure> figures = new ArrayList<>();
            for (int c = 0; c < contenders.length; c++) {
                String who = contenders[c].equals(contender()) ? null : contenders[c];
                figures.add(new Figure(who, "start-up", median(wall[c]), "ms"));
                figures.add(new Figure(who, "start-up CPU", median(cpu[c]), "ms"));
            }
            return figures;
        } finally {
            StartupClassPath.deleteTree(dir);
        }
    }

    /** Runs the application once; its wall-clock and CPU ms. */
    private static long[] launch(String agent, List<String> classPath, int classes, Path dir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (agent != null) {
            command.add("-javaagent:" + agent);
        }
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add(LoadAll.class.getName());
        command.add(Integer.toString(classes));
        Path err = dir.resolve("stderr.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        int exit = p.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        String errors = Files.readString(err);
        String[] parts = out.split(" ");
        if (exit != 0 || !errors.isEmpty() || parts.length != 2 || Integer.parseInt(parts[0]) != classes) {
            throw new AssertionError("start-up run failed: " + command + " exited " + exit + ", out: " + out
                    + ", err: " + errors);
        }
        return new long[] {wall, Long.parseLong(parts[1])};
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The agent jar, or null if there is none. */
    static Path agentJar() {
        String property = System.getProperty(AGENT_PROPERTY);
        if (property != null) {
            Path p = Paths.get(property);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        }
        // benchmarks/target/weft-benchmarks.jar (or benchmarks/target/classes) -> agent/target/weft-agent.jar
        Path dir = codeSource(AgentStartupProbe.class).getParent();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("agent").resolve("target").resolve("weft-agent.jar");
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
