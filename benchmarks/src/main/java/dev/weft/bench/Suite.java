package dev.weft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every workload for every contender in this JVM's JDK and prints one Markdown report.
 *
 * <pre>
 *   java -jar benchmarks/target/weft-benchmarks.jar [quick|full|smoke] [--only REGEX] [--out FILE]
 * </pre>
 *
 * {@code --only} selects benchmarks whose JMH name ({@code ...PingPongBenchmark.weft}) and probes
 * whose {@code workload.contender} the pattern finds. quick (the default) takes a few minutes; full takes longer with more forks and iterations;
 * smoke runs each benchmark once and each probe at a tiny scale, to show that everything runs.
 */
public final class Suite {
    enum Mode {
        QUICK(0.25), FULL(1.0), SMOKE(0.001);

        final double probeScale;

        Mode(double probeScale) {
            this.probeScale = probeScale;
        }
    }

    private final Mode mode;
    private final Pattern only;

    Suite(Mode mode, Pattern only) {
        this.mode = mode;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.QUICK;
        Pattern only = Pattern.compile(".*");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "quick": mode = Mode.QUICK; break;
                case "full": mode = Mode.FULL; break;
                case "smoke": mode = Mode.SMOKE; break;
                case "--only": only = Pattern.compile(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                default:
                    System.err.println("usage: Suite [quick|full|smoke] [--only REGEX] [--out FILE]");
                    System.exit(2);
            }
        }
        Report report = new Suite(mode, only).run();
        String md = report.markdown("Weft benchmarks, " + mode.name().toLowerCase(Locale.ROOT) + " mode, JDK "
                + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs", mode == Mode.SMOKE);
        System.out.println();
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md);
        }
    }

    Report run() throws RunnerException, IOException, InterruptedException {
        Report report = new Report();
        runJmh(report);
        runProbes(report);
        return report;
    }

    /**
     * The weaver is a large body of code for the JIT: its benchmark gets a longer warm-up of its own,
     * so it runs apart from the others.
     */
    private static final String SLOW_TO_WARM = ".*\\.WeaveBenchmark\\..*";

    private void runJmh(Report report) throws RunnerException {
        String include = only.pattern().equals(".*") ? "dev\\.weft\\.bench\\..*Benchmark\\..*" : only.pattern();
        runJmh(report, options(include, 1).exclude(SLOW_TO_WARM));
        if (only.matcher("dev.weft.bench.weave.WeaveBenchmark.weftWithAsync").find()) {
            runJmh(report, options(SLOW_TO_WARM, 4)); // JMH ORs includes: this one alone
        }
    }

    private ChainedOptionsBuilder options(String include, int warmupFactor) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .shouldFailOnError(true)
                .verbosity(mode == Mode.SMOKE ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (!VirtualThreads.available()) {
            options.exclude(".*\\.virtualThreads.*");
        }
        switch (mode) {
            case SMOKE:
                options.mode(org.openjdk.jmh.annotations.Mode.SingleShotTime).warmupIterations(0)
                        .measurementIterations(1).measurementBatchSize(1).forks(0);
                break;
            case QUICK:
                options.warmupIterations(3 * warmupFactor).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1)).forks(1)
                        .addProfiler(GCProfiler.class);
                break;
            case FULL:
                options.warmupIterations(5 * warmupFactor).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(2)).forks(2)
                        .addProfiler(GCProfiler.class);
                break;
        }
        return options;
    }

    private static void runJmh(Report report, ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (NoBenchmarksException e) {
            return; // the pattern picked none of these (probes only, say)
        }
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark();
            String method = name.substring(name.lastIndexOf('.') + 1);
            String cls = name.substring(0, name.lastIndexOf('.'));
            String workload = cls.substring(cls.lastIndexOf('.') + 1).replaceFirst("Benchmark$", "");
            Result<?> primary = r.getPrimaryResult();
            report.add(new Row(workload, method, "time", primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit(), alloc(r)));
        }
    }

    private static double alloc(RunResult r) {
        Map<String, Result> secondary = r.getSecondaryResults();
        for (String key : List.of("gc.alloc.rate.norm", "·gc.alloc.rate.norm")) {
            Result<?> a = secondary.get(key);
            if (a != null) {
                return a.getScore();
            }
        }
        return Double.NaN;
    }

    private void runProbes(Report report) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String className : Probes.ALL) {
            Probe probe;
            try {
                probe = (Probe) Class.forName(className).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make probe " + className, e);
            }
            if (!only.matcher(probe.workload() + "." + probe.contender()).find()) {
                continue;
            }
            if (!probe.available()) {
                report.note(Workloads.title(probe.workload()) + " / " + Contenders.label(probe.contender())
                        + ": skipped, " + probe.unavailableReason());
                continue;
            }
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(probe.jvmOptions());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ProbeMain.class.getName());
            command.add(className);
            command.add(Double.toString(mode.probeScale));
            if (mode != Mode.SMOKE) {
                System.out.println("# Probe " + probe.workload() + " / " + Contenders.label(probe.contender()));
            }
            for (Figure f : runProbe(command, className, report)) {
                String contender = f.contender != null ? f.contender : probe.contender();
                report.add(new Row(probe.workload(), contender, f.metric, f.value, Double.NaN, f.unit, Double.NaN));
                if (mode != Mode.SMOKE) {
                    System.out.println("#   " + f);
                }
            }
        }
    }

    private static List<Figure> runProbe(List<String> command, String className, Report report)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Figure> figures = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Figure f = Figure.fromLine(line);
                String note = Note.fromLine(line);
                if (f != null) {
                    figures.add(f);
                } else if (note != null) {
                    report.note(note);
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || figures.isEmpty()) {
            throw new IllegalStateException("probe " + className + " exited with " + exit + ":\n" + output);
        }
        return figures;
    }
}
