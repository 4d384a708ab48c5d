package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two targets reports compared figure by figure, differences beyond ±10% flagged. */
class CompareTest {
    private static String report(double weftNs, double callbacksNs, double weftBytes) {
        return TargetsReportTest.gather(weftNs, callbacksNs, weftBytes).targetsMarkdown("# t", false);
    }

    @Test
    void readsTargetsMeansAndAllocationsBackFromAReport() {
        Map<String, Compare.Value> f = Compare.figures(report(1060, 20, 100));
        assertEquals(53, f.get("gather: Weft ÷ hand-written callbacks, per task").number, 1e-9);
        assertEquals(1060, f.get("Gather.weft.time").number, 1e-9);
        assertEquals("1,060 ns/op", f.get("Gather.weft.time").text);
        assertEquals(100, f.get("Gather.weft.time" + Compare.ALLOCATED).number, 1e-9);
        assertEquals(100, f.get("gather: Weft's allocation per task").number, 1e-9);
        assertEquals(5, f.size(), f.keySet().toString()); // callbacks' allocation was not measured
    }

    @Test
    void readsTheMeanColumnOfReportsMadeBeforeTheMedianWasTheFigure() {
        String old = report(1060, 20, 100).replace("| Figure | Median |", "| Figure | Mean |");
        assertTrue(old.contains("| Figure | Mean |"), old);
        assertEquals(1060, Compare.figures(old).get("Gather.weft.time").number, 1e-9);
    }

    @Test
    void flagsDifferencesBeyondTenPercentButNotAllocationNoiseBelowAByte() {
        // Figures are read as printed (three digits): 3.33 ÷ 3 is +11.0%, not 70/21 ÷ 3.
        StringBuilder out = new StringBuilder();
        int beyond = Compare.compare(Compare.figures(report(60, 20, 0.2)), Compare.figures(report(70, 21, 0.6)), out);
        String md = out.toString();
        assertEquals(2, beyond, md);
        assertTrue(md.contains("| gather: Weft ÷ hand-written callbacks, per task | 3× | 3.33× | +11.0% | **beyond ±10%** |\n"), md);
        assertTrue(md.contains("| Gather.weft.time | 60 ns/op | 70 ns/op | +16.7% | **beyond ±10%** |\n"), md);
        assertTrue(md.contains("| Gather.callbacks.time | 20 ns/op | 21 ns/op | +5.0% |  |\n"), md);
        assertTrue(md.contains("| Gather.weft.time [allocated] | 0.20 B/op | 0.60 B/op | +200.0% |  |\n"), md);
        assertTrue(md.contains("2 of 5 figures differ by more than ±10%.\n"), md);
    }

    @Test
    void theCommandReadsTwoFilesAndExitsWithOneWhenAFigureMoved(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.md"), report(60, 20, 100));
        Path b = Files.writeString(dir.resolve("b.md"), report(61, 20, 100));
        Path c = Files.writeString(dir.resolve("c.md"), report(80, 20, 100));
        assertEquals(0, Compare.main(new String[] {a.toString(), b.toString()}, sink()));
        assertEquals(1, Compare.main(new String[] {a.toString(), c.toString()}, sink()));
        Path quick = Files.writeString(dir.resolve("quick.md"), "| Workload | Contender |\n|---|---|\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(2, Compare.main(new String[] {a.toString(), quick.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals("no figures found in " + quick + ": compare reads the reports of the targets mode\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
