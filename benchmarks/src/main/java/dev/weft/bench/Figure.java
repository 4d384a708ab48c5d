package dev.weft.bench;

import java.util.Locale;

/** One measured number of a probe: lower is better for every metric the suite reports. */
public final class Figure {
    private static final String TAG = "FIGURE\t";

    /** The contender it belongs to when not the probe's own (a probe that times peers side by side), else null. */
    final String contender;
    final String metric;
    final double value;
    final String unit;

    public Figure(String metric, double value, String unit) {
        this(null, metric, value, unit);
    }

    /** A figure of another contender than the probe's, measured by the same probe. */
    public Figure(String contender, String metric, double value, String unit) {
        this.contender = contender;
        this.metric = metric;
        this.value = value;
        this.unit = unit;
    }

    /** The line {@link ProbeMain} prints for the suite to read back. */
    String toLine() {
        return TAG + metric + "\t" + String.format(Locale.ROOT, "%.6g", value) + "\t" + unit
                + (contender == null ? "" : "\t" + contender);
    }

    static Figure fromLine(String line) {
        if (!line.startsWith(TAG)) {
            return null;
        }
        String[] parts = line.substring(TAG.length()).split("\t");
        return new Figure(parts.length > 3 ? parts[3] : null, parts[0], Double.parseDouble(parts[1]), parts[2]);
    }

    @Override
    public String toString() {
        return (contender == null ? "" : contender + ": ") + metric + " = " + value + " " + unit;
    }
}
