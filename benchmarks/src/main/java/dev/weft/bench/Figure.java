package dev.weft.bench;

import java.util.Locale;

/** One measured number of a probe: lower is better for every metric the suite reports. */
public final class Figure {
    private static final String TAG = "FIGURE\t";

    final String metric;
    final double value;
    final String unit;

    public Figure(String metric, double value, String unit) {
        this.metric = metric;
        this.value = value;
        this.unit = unit;
    }

    /** The line {@link ProbeMain} prints for the suite to read back. */
    String toLine() {
        return TAG + metric + "\t" + String.format(Locale.ROOT, "%.6g", value) + "\t" + unit;
    }

    static Figure fromLine(String line) {
        if (!line.startsWith(TAG)) {
            return null;
        }
        String[] parts = line.substring(TAG.length()).split("\t");
        return new Figure(parts[0], Double.parseDouble(parts[1]), parts[2]);
    }

    @Override
    public String toString() {
        return metric + " = " + value + " " + unit;
    }
}
