package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The targets mode's report: each target's range across forks, met or missed, and each figure's spread. */
class TargetsReportTest {
    static Row forks(String workload, String contender, double[] ns, double[] bytes) {
        double mean = 0;
        for (double v : ns) {
            mean += v / ns.length;
        }
        double alloc = 0;
        for (double v : bytes) {
            alloc += v / bytes.length;
        }
        return new Row(workload, contender, "time", mean, 1, "ns/op", bytes.length == 0 ? Double.NaN : alloc,
                ns, bytes, 2, 3);
    }

    static Report gather(double weftNs, double callbacksNs, double weftBytes) {
        Report r = new Report();
        r.add(forks("Gather", "weft", new double[] {weftNs - 5, weftNs, weftNs + 5},
                new double[] {weftBytes - 1, weftBytes, weftBytes + 1}));
        r.add(forks("Gather", "callbacks", new double[] {callbacksNs, callbacksNs, callbacksNs}, new double[0]));
        return r;
    }

    @Test
    void eachTargetIsComputedFromEachForkAloneForItsRange() {
        String md = gather(60, 20, 100).targetsMarkdown("# t", false);
        assertTrue(md.contains("| gather: Weft ÷ hand-written callbacks, per task | ≤ 2.50× | 3× | 2.75 – 3.25 | **missed** |\n"), md);
        assertTrue(md.contains("| gather: Weft's allocation per task | ≤ 120 B/op | 100 B/op | 99 – 101 | met |\n"), md);
        assertFalse(md.contains("ping-pong"), "targets not measured in this run are left out: " + md);
    }

    @Test
    void aRatioTargetIsTheMedianOfTheRatiosOfEachRoundNotTheRatioOfTwoMedians() {
        Report r = new Report();
        // round 3 ran slow for Weft alone; the baseline's slow round was round 2
        r.add(forks("Gather", "weft", new double[] {120, 200, 300}, new double[0]));
        r.add(forks("Gather", "callbacks", new double[] {100, 150, 100}, new double[0]));
        String md = r.targetsMarkdown("# t", false);
        // ratios by round 1.2, 1.33, 3: their median, where 200 ÷ 100 (the medians) would say 2
        assertTrue(md.contains("| gather: Weft ÷ hand-written callbacks, per task | ≤ 2.50× | 1.33× | 1.20 – 3 | met |\n"), md);
    }

    @Test
    void eachFigureShowsItsSpreadAcrossForksAndTheCollectionsWhileTimed() {
        String md = gather(60, 20, 100).targetsMarkdown("# t", false);
        assertTrue(md.contains("| `Gather.weft.time` | 60 ns/op | 55 – 65 | 16.7% | 3 | 100 B/op | 99 – 101 | 2 (3 ms) |\n"), md);
        assertTrue(md.contains("| `Gather.callbacks.time` | 20 ns/op | 20 – 20 | 0.0% | 3 |  |  | 2 (3 ms) |\n"), md);
    }

    @Test
    void noCollectionWhileTimedIsACountWithoutTime() {
        Report r = new Report();
        // JMH reports no gc.time when no collection happened
        r.add(new Row("Nested", "weft", "time", 2000, 1, "ns/op", 1417, new double[] {1990, 2010},
                new double[] {1417, 1417}, 0, Double.NaN));
        String md = r.targetsMarkdown("# t", false);
        assertTrue(md.contains("| `Nested.weft.time` | 2,000 ns/op | 1,990 – 2,010 | 1.0% | 2 | 1,417 B/op | 1,417 – 1,417 | 0 |\n"), md);
    }

    @Test
    void aProbeRunThreeTimesReportsItsMeanAndRange() {
        Report r = new Report();
        r.add(Suite.probeRow("sleepers", "weft", List.of(new Figure("heap per sleeper", 170, "B"),
                new Figure("heap per sleeper", 172, "B"), new Figure("heap per sleeper", 168, "B"))));
        r.add(Suite.probeRow("sleepers", "kotlin", List.of(new Figure("heap per sleeper", 421, "B"))));
        String md = r.targetsMarkdown("# t", false);
        assertTrue(md.contains("| heap per sleeping coroutine, one frame (timer included) | ≤ 128 B | 170 B | 168 – 172 | **missed** |\n"), md);
        // Kotlin's one run stands for every run: 421 ÷ 172 … 421 ÷ 168
        assertTrue(md.contains("| heap per sleeper: Kotlin ÷ Weft | ≥ 3× | 2.48× | 2.45 – 2.51 | **missed** |\n"), md);
        assertTrue(md.contains("| `sleepers.weft.heap per sleeper` | 170 B | 168 – 172 | 2.4% | 3 |  |  |  |\n"), md);
        assertTrue(md.contains("| `sleepers.kotlin.heap per sleeper` | 421 B |  |  | 1 |  |  |  |\n"), md);
    }

    @Test
    void aProbesFigureIsTheMedianOfItsRunsSoOneOddRunMovesNothing() {
        Report r = new Report();
        r.add(Suite.probeRow("sleepers", "weft", List.of(new Figure("start all", 600, "ms"),
                new Figure("start all", 690, "ms"), new Figure("start all", 610, "ms"))));
        String md = r.targetsMarkdown("# t", false);
        assertTrue(md.contains("| `sleepers.weft.start all` | 610 ms | 600 – 690 | 14.8% | 3 |  |  |  |\n"), md);
        assertEquals(605, Suite.median(new double[] {610, 600}), 1e-9);
        assertEquals(3, Suite.median(new double[] {5, 1, 3, 2, 4}), 1e-9);
    }

    @Test
    void theTargetsCoverTheIssuesWorkloads() {
        Report r = new Report();
        r.add(new Row("Nested", "weft", "time", 200, 1, "ns/op", 0));
        r.add(new Row("Nested", "kotlin", "time", 180, 1, "ns/op", 0));
        r.add(new Row("Yield", "weftOne", "time", 20, 1, "ns/op", 0.01));
        r.add(new Row("LongLoop", "weft", "time", 30, 1, "ns/op", 32));
        r.add(new Row("LongLoop", "kotlin", "time", 15, 1, "ns/op", 0));
        r.add(new Row("Lock", "weft", "time", 50, 1, "ns/op", 24));
        r.add(new Row("Lock", "callbacks", "time", 24, 1, "ns/op", 1));
        String md = r.targetsMarkdown("# t", false);
        assertTrue(md.contains("| nested async calls, depth 10: Kotlin suspend functions ÷ Weft | ≥ 1× | 0.90× |  | **missed** |\n"), md);
        assertTrue(md.contains("| yield, one coroutine: Weft's allocation per yield | ≤ 0.50 B/op | 0.01 B/op |  | met |\n"), md);
        assertTrue(md.contains("| long loop of suspensions: Kotlin ÷ Weft, per iteration | ≥ 1× | 0.50× |  | **missed** |\n"), md);
        assertTrue(md.contains("| long loop of suspensions: Weft's allocation per iteration | ≤ 0.50 B/op | 32 B/op |  | **missed** |\n"), md);
        assertTrue(md.contains("| lock hand-off: Weft ÷ hand-written callbacks | ≤ 2.50× | 2.08× |  | met |\n"), md);
        assertTrue(md.contains("| lock hand-off: Weft's allocation per acquisition | ≤ 32.5 B/op | 24 B/op |  | met |\n"), md);
    }

    @Test
    void theTargetsSelectionNamesBenchmarksThatExist() throws Exception {
        for (String b : Suite.TARGET_BENCHMARKS) {
            String cls = "dev.weft.bench." + b.substring(0, b.lastIndexOf('.'));
            Class.forName(cls).getMethod(b.substring(b.lastIndexOf('.') + 1));
        }
        for (String p : Suite.TARGET_PROBES) {
            assertTrue(Probes.ALL.contains(p), p);
        }
        // the targets' twelve, the lock's floor and the gather without createTask; EA Async is in none
        assertEquals(14, Suite.TARGET_BENCHMARKS.size());
    }
}
