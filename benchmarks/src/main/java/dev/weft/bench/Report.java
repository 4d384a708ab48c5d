package dev.weft.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown the suite prints: every figure with its ratio to Weft's, then the targets. */
final class Report {
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row r) {
        rows.add(r);
    }

    /** A remark printed under the table: a contender skipped and why, a peer's version. */
    void note(String text) {
        notes.add(text);
    }

    Map<String, Row> byKey() {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.key(), r);
        }
        return m;
    }

    String markdown(String heading, boolean smoke) {
        StringBuilder out = new StringBuilder();
        out.append(heading).append("\n\n");
        if (smoke) {
            out.append("Smoke run: each benchmark ran once, unwarmed, so these figures only show that it runs.\n\n");
        }
        out.append("Lower is better for every figure but rates (per second). \"÷ Weft\" is the contender's figure "
                + "divided by Weft's in the same workload and run (for a rate, Weft's divided by the contender's): "
                + "above 1, Weft is that many times better.\n\n");
        out.append("| Workload | Contender | Figure | Allocated | ÷ Weft |\n");
        out.append("|---|---|---:|---:|---:|\n");
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Row r) -> Workloads.order(r.workload)).thenComparing(r -> r.workload)
                .thenComparing(r -> r.metric).thenComparing(r -> !Contenders.isWeft(r.contender)));
        String lastWorkload = null;
        for (Row r : sorted) {
            String w = Workloads.title(r.workload);
            out.append("| ").append(w.equals(lastWorkload) ? "" : w).append(" | ")
                    .append(Contenders.label(r.contender)).append(" | ")
                    .append(figure(r)).append(" | ")
                    .append(Double.isNaN(r.alloc) ? "" : number(r.alloc) + " B/op").append(" | ")
                    .append(ratioToWeft(r)).append(" |\n");
            lastWorkload = w;
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        out.append("\n| Target | Bound | Measured | Met |\n|---|---:|---:|:---:|\n");
        Map<String, Row> byKey = byKey();
        for (Target t : Target.all()) {
            double m = t.measure(byKey);
            out.append("| ").append(t.description).append(" | ").append(t.boundText()).append(" | ")
                    .append(Double.isNaN(m) ? "not measured" : number(m) + t.unit).append(" | ")
                    .append(Double.isNaN(m) ? "–" : t.met(m) ? "yes" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    /**
     * The targets mode's report: each target with its run-to-run range (the target computed from each
     * fork alone), then each figure with its mean, its range across forks, its allocation and the
     * collections that happened while it was timed. Keys in the first column are what
     * {@link Compare} matches between two reports.
     */
    String targetsMarkdown(String heading, boolean smoke) {
        StringBuilder out = new StringBuilder();
        out.append(heading).append("\n\n");
        if (smoke) {
            out.append("Smoke run: each benchmark ran once, unwarmed, so these figures only show that it runs.\n\n");
        }
        out.append("\"Across runs\" is the target computed from each round (a fork of every benchmark, or a probe run) alone: its lowest and highest; \"Measured\" is their median. "
                + "\"Spread\" is a figure's highest minus its lowest across forks, in % of its median. A figure is "
                + "the median of its forks (probe runs).\n\n");
        out.append("| Target | Bound | Measured | Across runs | Met |\n|---|---:|---:|---:|:---:|\n");
        Map<String, Row> byKey = byKey();
        for (Target t : Target.all()) {
            double m = t.measure(byKey);
            if (Double.isNaN(m)) {
                continue; // not among the figures this mode measures
            }
            double[] runs = targetRuns(t);
            if (runs.length > 1) {
                m = Suite.median(runs); // a ratio of two figures taken in the same round, not of two medians
            }
            double[] range = minMax(runs);
            out.append("| ").append(t.description).append(" | ").append(t.boundText()).append(" | ")
                    .append(number(m)).append(t.unit).append(" | ")
                    .append(range == null ? "" : number(range[0]) + " – " + number(range[1])).append(" | ")
                    .append(t.met(m) ? "met" : "**missed**").append(" |\n");
        }
        out.append("\n| Figure | Median | Across runs | Spread | Runs | Allocated | Allocated across runs "
                + "| GC while timed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Row r) -> Workloads.order(r.workload)).thenComparing(r -> r.workload)
                .thenComparing(r -> r.metric).thenComparing(r -> r.contender));
        for (Row r : sorted) {
            double[] v = minMax(r.runs);
            double[] a = minMax(r.allocRuns);
            out.append("| `").append(r.key()).append("` | ").append(number(r.value)).append(' ').append(r.unit)
                    .append(" | ").append(v == null ? "" : number(v[0]) + " – " + number(v[1]))
                    .append(" | ").append(v == null || r.value == 0 ? "" : percent((v[1] - v[0]) / Math.abs(r.value)))
                    .append(" | ").append(Math.max(1, r.runs.length))
                    .append(" | ").append(Double.isNaN(r.alloc) ? "" : number(r.alloc) + " B/op")
                    .append(" | ").append(a == null ? "" : number(a[0]) + " – " + number(a[1]))
                    .append(" | ").append(Double.isNaN(r.gcCount) ? ""
                            : number(r.gcCount) + (Double.isNaN(r.gcMs) ? "" : " (" + number(r.gcMs) + " ms)"))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        return out.toString();
    }

    /** The target computed from each run alone (fork {@code i} of every figure), lowest and highest; null with one run. */
    double[] targetRange(Target t) {
        return minMax(targetRuns(t));
    }

    /**
     * The target computed from each run alone (round {@code i} of every figure: in the targets mode
     * the forks of one round ran one after another, so a ratio of two of them is taken at one time);
     * empty with one run or where the target is not measured.
     */
    double[] targetRuns(Target t) {
        int n = 0;
        for (Row r : rows) {
            n = Math.max(n, Math.max(r.runs.length, r.allocRuns.length));
        }
        if (n < 2) {
            return new double[0];
        }
        double[] values = new double[n];
        int found = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Row> m = new LinkedHashMap<>();
            for (Row r : rows) {
                m.put(r.key(), r.run(i));
            }
            double v = t.measure(m);
            if (!Double.isNaN(v)) {
                values[found++] = v;
            }
        }
        return java.util.Arrays.copyOf(values, found);
    }

    private static double[] minMax(double[] values) {
        if (values.length < 2) {
            return null;
        }
        double lo = values[0];
        double hi = values[0];
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new double[] {lo, hi};
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String figure(Row r) {
        String v = number(r.value) + (r.error > 0 && !Double.isNaN(r.error) ? " ± " + number(r.error) : "") + " " + r.unit;
        return r.metric.equals("time") ? v : r.metric + ": " + v;
    }

    private String ratioToWeft(Row r) {
        Row weft = weftCounterpart(r);
        // A ratio to a figure at or near zero (heap growth) says nothing.
        if (weft == null || weft == r || Math.abs(weft.value) < 0.01 || Math.abs(r.value) < 0.01) {
            return "";
        }
        return number(r.higherIsBetter() ? weft.value / r.value : r.value / weft.value);
    }

    /** Weft's row of the same workload and metric, the same variant if there is one. */
    private Row weftCounterpart(Row r) {
        Row plain = null;
        for (Row o : rows) {
            if (!o.workload.equals(r.workload) || !o.metric.equals(r.metric) || !Contenders.isWeft(o.contender)) {
                continue;
            }
            if (Contenders.variant(o.contender).equals(Contenders.variant(r.contender))) {
                return o;
            }
            if (plain == null || o.contender.equals("weft")) {
                plain = o;
            }
        }
        return plain;
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
