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
    /** The figure in each fork (or probe run) apart, for the run-to-run spread; empty when unknown. */
    final double[] runs;
    /** Bytes allocated per operation in each fork apart; empty when unknown. */
    final double[] allocRuns;
    /** Collections during the timed iterations and the time they took (ms), NaN when not measured. */
    final double gcCount;
    final double gcMs;

    Row(String workload, String contender, String metric, double value, double error, String unit, double alloc) {
        this(workload, contender, metric, value, error, unit, alloc, new double[0], new double[0], Double.NaN, Double.NaN);
    }

    Row(String workload, String contender, String metric, double value, double error, String unit, double alloc,
            double[] runs, double[] allocRuns, double gcCount, double gcMs) {
        this.workload = workload;
        this.contender = contender;
        this.metric = metric;
        this.value = value;
        this.error = error;
        this.unit = unit;
        this.alloc = alloc;
        this.runs = runs;
        this.allocRuns = allocRuns;
        this.gcCount = gcCount;
        this.gcMs = gcMs;
    }

    /** This figure as measured in run {@code i} alone (the mean when runs were not kept apart). */
    Row run(int i) {
        double v = i < runs.length ? runs[i] : value;
        double a = i < allocRuns.length ? allocRuns[i] : alloc;
        return new Row(workload, contender, metric, v, Double.NaN, unit, a);
    }

    /** A rate (unit "…/s"): the one kind of figure where higher is better. */
    boolean higherIsBetter() {
        return unit.endsWith("/s");
    }

    String key() {
        return workload + "." + contender + "." + metric;
    }
}
