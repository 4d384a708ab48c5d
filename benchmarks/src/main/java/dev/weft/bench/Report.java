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
