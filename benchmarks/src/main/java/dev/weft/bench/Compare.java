package dev.weft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two reports of the targets mode figure by figure: each target's measured value and each
 * figure's mean and allocation (of other modes' reports, the targets alone), the difference in % from the first report to the second, flagged
 * when beyond ±{@value #TOLERANCE_PERCENT}%. Allocations are flagged only when they also differ by a
 * byte or more (JMH's allocation figures carry a fraction of a byte of noise).
 *
 * <pre>
 *   benchmarks/run compare benchmarks/target/report-targets-A.md benchmarks/target/report-targets-B.md
 * </pre>
 */
final class Compare {
    static final double TOLERANCE_PERCENT = 10;
    private static final Pattern NUMBER = Pattern.compile("^-?[0-9][0-9,]*(\\.[0-9]+)?");

    private Compare() {}

    /** Prints the comparison; returns 0 when every figure is within the tolerance, 1 when one is not, 2 on bad use. */
    static int main(String[] args, PrintStream out) throws IOException {
        if (args.length != 2) {
            out.println("usage: compare A.md B.md (two reports of benchmarks/run targets)");
            return 2;
        }
        Map<String, Value> a = figures(Files.readString(Path.of(args[0])));
        Map<String, Value> b = figures(Files.readString(Path.of(args[1])));
        if (a.isEmpty() || b.isEmpty()) {
            out.println("no figures found in " + (a.isEmpty() ? args[0] : args[1])
                    + ": compare reads the reports of the targets mode");
            return 2;
        }
        StringBuilder md = new StringBuilder();
        int beyond = compare(a, b, md);
        out.print(md);
        return beyond == 0 ? 0 : 1;
    }

    /** Appends the comparison table to {@code out}; returns how many figures differ beyond the tolerance. */
    static int compare(Map<String, Value> a, Map<String, Value> b, StringBuilder out) {
        out.append("| Figure | A | B | Difference | |\n|---|---:|---:|---:|---|\n");
        int beyond = 0;
        int compared = 0;
        List<String> onlyOne = new ArrayList<>();
        for (Map.Entry<String, Value> e : a.entrySet()) {
            Value va = e.getValue();
            Value vb = b.get(e.getKey());
            if (vb == null) {
                onlyOne.add(e.getKey() + " (only in A)");
                continue;
            }
            compared++;
            double diff = vb.number - va.number;
            double pct = va.number == 0 ? Double.NaN : diff / Math.abs(va.number) * 100;
            boolean bytes = e.getKey().endsWith(ALLOCATED) || va.text.endsWith("B/op");
            boolean flagged = (Double.isNaN(pct) ? diff != 0 : Math.abs(pct) > TOLERANCE_PERCENT)
                    && (!bytes || Math.abs(diff) >= 1);
            if (flagged) {
                beyond++;
            }
            out.append("| ").append(e.getKey()).append(" | ").append(va.text).append(" | ").append(vb.text)
                    .append(" | ").append(Double.isNaN(pct) ? "–" : String.format(Locale.ROOT, "%+.1f%%", pct))
                    .append(" | ").append(flagged ? "**beyond ±" + Report.number(TOLERANCE_PERCENT) + "%**" : "")
                    .append(" |\n");
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                onlyOne.add(k + " (only in B)");
            }
        }
        out.append('\n').append(beyond).append(" of ").append(compared).append(" figures differ by more than ±")
                .append(Report.number(TOLERANCE_PERCENT)).append("%.\n");
        for (String k : onlyOne) {
            out.append("- ").append(k).append('\n');
        }
        return beyond;
    }

    static final String ALLOCATED = " [allocated]";

    /** One number read from a report, with the text it was read from. */
    static final class Value {
        final double number;
        final String text;

        Value(double number, String text) {
            this.number = number;
            this.text = text;
        }
    }

    /**
     * The figures of a targets report by name: each target row's "Measured", each figure row's
     * "Median" ("Mean" in reports before the median was the figure; named by its key) and "Allocated"
     * (the key and {@value #ALLOCATED}).
     */
    static Map<String, Value> figures(String markdown) {
        Map<String, Value> found = new LinkedHashMap<>();
        String[] lines = markdown.split("\n");
        List<String> header = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            if (i + 1 < lines.length && lines[i + 1].trim().startsWith("|---")) {
                header = cells(line);
                i++;
                continue;
            }
            if (header == null || !(header.get(0).equals("Target") || header.get(0).equals("Figure"))) {
                continue; // the full modes' table of figures has no key per row
            }
            List<String> cells = cells(line);
            String key = cells.get(0).replace("`", "");
            for (int c = 1; c < Math.min(cells.size(), header.size()); c++) {
                String column = header.get(c);
                String name = column.equals("Median") || column.equals("Mean") || column.equals("Measured") ? key
                        : column.equals("Allocated") ? key + ALLOCATED : null;
                Matcher m = NUMBER.matcher(cells.get(c));
                if (name != null && m.find()) {
                    found.put(name, new Value(Double.parseDouble(m.group().replace(",", "")), cells.get(c)));
                }
            }
        }
        return found;
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.trim());
        }
        return cells;
    }
}
