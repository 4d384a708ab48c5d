package dev.weft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
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
 *   java -jar benchmarks/target/weft-benchmarks.jar [quick|full|smoke|targets] [--targets-only] [--only REGEX] [--out FILE]
 *   java -jar benchmarks/target/weft-benchmarks.jar compare A.md B.md
 * </pre>
 *
 * {@code --only} selects benchmarks whose JMH name ({@code ...PingPongBenchmark.weft}) and probes
 * whose {@code workload.contender} the pattern finds. quick (the default) takes a few minutes; full takes longer with more forks and iterations;
 * smoke runs each benchmark once and each probe at a tiny scale, to show that everything runs.
 * targets runs only the figures the performance targets of issue 16 rest on, in five rounds of one fork
 * of each (and three runs of each probe), each figure and target their median, so that the report shows the run-to-run spread, a full collection
 * between iterations and a fixed 2 GB young generation so that few collections fall in the timed part, and the
 * collections that still do reported apart; {@code --targets-only} makes the same selection in
 * another mode ({@code smoke --targets-only} to check it runs). {@code compare} prints the
 * differences between two reports of the targets mode ({@link Compare}).
 */
public final class Suite {
    enum Mode {
        QUICK(0.25), FULL(1.0), SMOKE(0.001), TARGETS(0.25);

        final double probeScale;

        Mode(double probeScale) {
            this.probeScale = probeScale;
        }
    }

    /**
     * The benchmarks the targets mode runs (package-relative JMH names): what issue 16's targets rest
     * on, the floor that explains the lock's figure, and the gather without {@code createTask}'s tasks
     * that shows their share of the gather's.
     */
    static final List<String> TARGET_BENCHMARKS = List.of(
            "yield.YieldBenchmark.weftOne", "yield.YieldBenchmark.kotlinOne",
            "yield.YieldBenchmark.weftTwo", "yield.YieldBenchmark.kotlinTwo",
            "longloop.LongLoopBenchmark.weft", "longloop.LongLoopBenchmark.kotlin",
            "gather.GatherBenchmark.weft", "gather.GatherBenchmark.callbacks",
            "gather.GatherBenchmark.weftFramesOnly", // in no target: the gather without createTask's tasks
            "lock.LockBenchmark.weft", "lock.LockBenchmark.callbacks",
            "lock.LockBenchmark.weftTripsOnly", // in no target: the floor under the lock's (see its Javadoc)
            "nested.NestedBenchmark.weft", "nested.NestedBenchmark.kotlin");

    /** The probes the targets mode runs: heap per sleeping coroutine of Weft, Kotlin and virtual threads. */
    static final List<String> TARGET_PROBES = List.of(
            "dev.weft.bench.sleepers.WeftSleepers",
            "dev.weft.bench.sleepers.KotlinSleepersProbe",
            "dev.weft.bench.sleepers.VirtualThreadSleepers");

    /**
     * Forks of each benchmark in the targets mode. Most of the run-to-run difference is between forks
     * (where the JIT's choices land), not between iterations of one fork: five short forks whose median
     * is the figure repeat better than three long ones whose mean is.
     */
    static final int TARGET_FORKS = 5;
    /** Runs of each probe in the targets mode (each makes a million sleepers three ways: slow to repeat). */
    static final int TARGET_PROBE_RUNS = 3;

    private final Mode mode;
    private final Pattern only;
    private final boolean targetsOnly;

    Suite(Mode mode, Pattern only) {
        this(mode, only, mode == Mode.TARGETS);
    }

    Suite(Mode mode, Pattern only, boolean targetsOnly) {
        this.mode = mode;
        this.only = only;
        this.targetsOnly = targetsOnly || mode == Mode.TARGETS;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("compare")) {
            System.exit(Compare.main(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        Mode mode = Mode.QUICK;
        Pattern only = Pattern.compile(".*");
        boolean targetsOnly = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "quick": mode = Mode.QUICK; break;
                case "full": mode = Mode.FULL; break;
                case "smoke": mode = Mode.SMOKE; break;
                case "targets": mode = Mode.TARGETS; break;
                case "--targets-only": targetsOnly = true; break;
                case "--only": only = Pattern.compile(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                default:
                    System.err.println("usage: Suite [quick|full|smoke|targets] [--targets-only] [--only REGEX] [--out FILE]\n"
                            + "       Suite compare A.md B.md");
                    System.exit(2);
            }
        }
        Suite suite = new Suite(mode, only, targetsOnly);
        Report report = suite.run();
        String heading = "Weft benchmarks, " + mode.name().toLowerCase(Locale.ROOT) + " mode"
                + (targetsOnly && mode != Mode.TARGETS ? " (targets only)" : "") + ", JDK "
                + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs";
        String md = suite.targetsOnly ? report.targetsMarkdown(heading, mode == Mode.SMOKE)
                : report.markdown(heading, mode == Mode.SMOKE);
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

    /**
     * Every measuring fork's heap: fixed, with a 2 GB young generation (about 1.5 s of the busiest
     * allocator here, 1.4 KB per 1.4 µs) that keeps most collections out of the timed part, and
     * touched in full before the first iteration. Untouched, each 4 KB page faults at its first
     * use, which costs about 2.4 µs on the shared machines this suite runs on (pre-touching 3 GB
     * takes 7.4 s): the first 10 to 20 seconds of a fork then measure the kernel at a rate set by
     * how much the contender allocates, longer than any warm-up here, and put a penalty in
     * proportion to its bytes on every figure. Huge pages (where the kernel offers them) make the
     * touch take about 1.5 s.
     */
    static final List<String> FORK_HEAP = List.of(
            "-Xms3g", "-Xmx3g", "-Xmn2g", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch");

    private void runJmh(Report report) throws RunnerException {
        if (targetsOnly) {
            List<String> names = new ArrayList<>();
            for (String b : TARGET_BENCHMARKS) {
                String name = "dev.weft.bench." + b;
                if (only.matcher(name).find()) {
                    names.add(Pattern.quote(name));
                }
            }
            if (!names.isEmpty()) { // JMH finds its include in each name: one alternation of exact names
                String include = "^(" + String.join("|", names) + ")$";
                if (mode == Mode.TARGETS) {
                    runRounds(report, include);
                } else {
                    runJmh(report, options(include, 1));
                }
            }
            return;
        }
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
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1)).forks(1);
                break;
            case FULL:
                options.warmupIterations(5 * warmupFactor).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(2)).forks(2);
                break;
            case TARGETS:
                // About 9 s per fork: 13 benchmarks × 5 rounds ≈ 10 minutes, the probes' 9 runs about 3 more.
                // A full collection between iterations (shouldDoGC) and FORK_HEAP keep most collections
                // out of the timed part; those that remain are counted in the report.
                options.warmupIterations(2 * warmupFactor).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1)).forks(TARGET_FORKS)
                        .shouldDoGC(true);
                break;
        }
        if (mode != Mode.SMOKE) {
            // Every measuring mode: jvmArgsPrepend, so the benchmarks' own @Fork(jvmArgsAppend) still apply.
            options.jvmArgsPrepend(FORK_HEAP.toArray(new String[0])).addProfiler(GCProfiler.class);
        }
        return options;
    }

    /**
     * The targets mode's JMH part: {@value #TARGET_FORKS} rounds, each one fork of every benchmark in
     * turn, rather than every fork of one benchmark and then the next. A machine's speed drifts over
     * minutes (a shared host); in rounds, fork {@code i} of Weft and of its baseline run minutes
     * apart at most, so the ratio a target takes from them drifts far less than their figures do.
     */
    private void runRounds(Report report, String include) throws RunnerException {
        Map<String, List<RunResult>> byName = new LinkedHashMap<>();
        for (int round = 0; round < TARGET_FORKS; round++) {
            Collection<RunResult> results;
            try {
                results = new Runner(options(include, 1).forks(1).build()).run();
            } catch (NoBenchmarksException e) {
                return;
            }
            for (RunResult r : results) {
                byName.computeIfAbsent(r.getParams().getBenchmark(), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<RunResult> rounds : byName.values()) {
            String name = rounds.get(0).getParams().getBenchmark();
            String method = name.substring(name.lastIndexOf('.') + 1);
            String cls = name.substring(0, name.lastIndexOf('.'));
            String workload = cls.substring(cls.lastIndexOf('.') + 1).replaceFirst("Benchmark$", "");
            double[] runs = new double[rounds.size()];
            double[] allocRuns = new double[rounds.size()];
            double gcCount = 0;
            double gcMs = 0;
            for (int i = 0; i < runs.length; i++) {
                RunResult r = rounds.get(i);
                runs[i] = r.getPrimaryResult().getScore();
                allocRuns[i] = secondary(r.getSecondaryResults(), "gc.alloc.rate.norm");
                gcCount += zeroIfNaN(secondary(r.getSecondaryResults(), "gc.count"));
                gcMs += zeroIfNaN(secondary(r.getSecondaryResults(), "gc.time"));
            }
            double alloc = median(allocRuns);
            report.add(new Row(workload, method, "time", median(runs), Double.NaN,
                    rounds.get(0).getPrimaryResult().getScoreUnit(), alloc, runs,
                    Double.isNaN(alloc) ? new double[0] : allocRuns, gcCount, gcMs == 0 ? Double.NaN : gcMs));
        }
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private void runJmh(Report report, ChainedOptionsBuilder options) throws RunnerException {
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
            List<BenchmarkResult> forks = new ArrayList<>(r.getBenchmarkResults());
            double[] runs = new double[forks.size()];
            double[] allocRuns = new double[forks.size()];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = forks.get(i).getPrimaryResult().getScore();
                allocRuns[i] = secondary(forks.get(i).getSecondaryResults(), "gc.alloc.rate.norm");
            }
            if (Double.isNaN(secondary(r.getSecondaryResults(), "gc.alloc.rate.norm"))) {
                allocRuns = new double[0];
            }
            double score = primary.getScore();
            report.add(new Row(workload, method, "time", score, primary.getScoreError(),
                    primary.getScoreUnit(), secondary(r.getSecondaryResults(), "gc.alloc.rate.norm"),
                    runs, allocRuns, secondary(r.getSecondaryResults(), "gc.count"),
                    secondary(r.getSecondaryResults(), "gc.time")));
        }
    }

    /** A profiler's figure, summed or averaged over the forks as JMH does; NaN when it was not taken. */
    private static double secondary(Map<String, Result> secondary, String name) {
        for (String key : List.of(name, "·" + name)) {
            Result<?> a = secondary.get(key);
            if (a != null) {
                return a.getScore();
            }
        }
        return Double.NaN;
    }

    private void runProbes(Report report) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String className : targetsOnly ? TARGET_PROBES : Probes.ALL) {
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
            int times = mode == Mode.TARGETS ? TARGET_PROBE_RUNS : 1;
            Map<String, List<Figure>> byFigure = new LinkedHashMap<>();
            for (int run = 0; run < times; run++) {
                for (Figure f : runProbe(command, className, report)) {
                    String contender = f.contender != null ? f.contender : probe.contender();
                    byFigure.computeIfAbsent(contender + "\t" + f.metric, k -> new ArrayList<>()).add(f);
                    if (mode != Mode.SMOKE) {
                        System.out.println("#   " + f);
                    }
                }
            }
            for (Map.Entry<String, List<Figure>> e : byFigure.entrySet()) {
                report.add(probeRow(probe.workload(), e.getKey().substring(0, e.getKey().indexOf('\t')), e.getValue()));
            }
        }
    }

    /** A probe's figure: the median of its runs, each run kept when there were several. */
    static Row probeRow(String workload, String contender, List<Figure> runs) {
        Figure first = runs.get(0);
        if (runs.size() == 1) {
            return new Row(workload, contender, first.metric, first.value, Double.NaN, first.unit, Double.NaN);
        }
        double[] values = new double[runs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = runs.get(i).value;
        }
        return new Row(workload, contender, first.metric, median(values), Double.NaN, first.unit, Double.NaN,
                values, new double[0], Double.NaN, Double.NaN);
    }

    /** The middle value (the mean of the two middle ones for an even count); NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
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
