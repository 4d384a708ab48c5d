package dev.weft.bench;

/** One figure of one contender in one workload; lower is better. */
final class Row {
    final String workload;
    final String contender;
    final String metric;
    final double value;
    final double error;
    final String unit;
    /** Bytes allocated per operation, or NaN when not measured. */
    final double alloc;

    Row(String workload, String contender, String metric, double value, double error, String unit, double alloc) {
        this.workload = workload;
        this.contender = contender;
        this.metric = metric;
        this.value = value;
        this.error = error;
        this.unit = unit;
        this.alloc = alloc;
    }

    /** A rate (unit "…/s"): the one kind of figure where higher is better. */
    boolean higherIsBetter() {
        return unit.endsWith("/s");
    }

    String key() {
        return workload + "." + contender + "." + metric;
    }
}
