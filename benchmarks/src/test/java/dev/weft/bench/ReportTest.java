package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportTest {
    private static Row time(String workload, String contender, double ns) {
        return new Row(workload, contender, "time", ns, 1.5, "ns/op", 80);
    }

    @Test
    void ratiosAreToWeftsRowOfTheSameVariant() {
        Report r = new Report();
        r.add(time("Yield", "weftOne", 20));
        r.add(time("Yield", "weftTwo", 40));
        r.add(time("Yield", "kotlinOne", 30));
        r.add(time("Yield", "kotlinTwo", 100));
        r.add(time("PingPong", "weft", 100));
        r.add(time("PingPong", "kotlinChannel", 250));
        String md = r.markdown("# t", false);
        assertTrue(md.contains("| 7. yield, per trip through the loop | Weft (one) | 20 ± 1.50 ns/op | 80 B/op |  |"), md);
        assertTrue(md.contains("|  | Kotlin coroutines (one) | 30 ± 1.50 ns/op | 80 B/op | 1.50 |"), md);
        assertTrue(md.contains("|  | Kotlin coroutines (two) | 100 ± 1.50 ns/op | 80 B/op | 2.50 |"), md);
        assertTrue(md.contains("|  | Kotlin coroutines (channel) | 250 ± 1.50 ns/op | 80 B/op | 2.50 |"), md);
    }

    @Test
    void targetsReportMetMissedAndUnmeasured() {
        Report r = new Report();
        r.add(time("PingPong", "weft", 100));
        r.add(time("PingPong", "callbacks", 80));
        r.add(time("PingPong", "kotlinChannel", 150));
        String md = r.markdown("# t", false);
        assertTrue(md.contains("| ping-pong: Weft ÷ hand-written callbacks | ≤ 1.50× | 1.25× | yes |"), md);
        assertTrue(md.contains("| ping-pong: Kotlin (channel) ÷ Weft | ≥ 2× | 1.50× | **no** |"), md);
        assertTrue(md.contains("| ping-pong: EA Async ÷ Weft | ≥ 2× | not measured | – |"), md);
    }

    @Test
    void ratesAreDividedTheOtherWaySoAboveOneStillMeansWeftIsBetter() {
        Report r = new Report();
        String rate = "1 conn × 64 B: messages per second";
        String cpu = "100 conns × 64 B: server CPU per message";
        r.add(new Row("echo", "weft", rate, 30_000, Double.NaN, "msg/s", Double.NaN));
        r.add(new Row("echo", "netty", rate, 15_000, Double.NaN, "msg/s", Double.NaN));
        r.add(new Row("echo", "weft", cpu, 9, Double.NaN, "µs", Double.NaN));
        r.add(new Row("echo", "netty", cpu, 10, Double.NaN, "µs", Double.NaN));
        r.add(new Row("echo", "selectorLoop", cpu, 6, Double.NaN, "µs", Double.NaN));
        String md = r.markdown("# t", false);
        assertTrue(md.contains("|  | Netty 4.2 (NIO, one event loop) | " + rate + ": 15,000 msg/s |  | 2 |"), md);
        assertTrue(md.contains("|  | Netty 4.2 (NIO, one event loop) | " + cpu + ": 10 µs |  | 1.11 |"), md);
        assertTrue(md.contains("| TCP echo, 100 conns × 64 B: Weft's server CPU per message ÷ Netty's | ≤ 1× | 0.90× | yes |"), md);
        assertTrue(md.contains("| TCP echo, 100 conns × 64 B: Weft's server CPU per message ÷ the hand-written selector loop's"
                + " | ≤ 1.15× | 1.50× | **no** |"), md);
        assertTrue(md.contains("| TCP echo: Weft's heap per idle connection ÷ Netty's | ≤ 0.60× | not measured | – |"), md);
    }

    @Test
    void tlsEchoTargetsCompareWeftWithNettyInTheTlsWorkloadOnly() {
        Report r = new Report();
        String one = "1 conn × 4 KiB: server CPU per message";
        String many = "100 conns × 4 KiB: server CPU per message";
        r.add(new Row("tlsEcho", "weft", one, 33, Double.NaN, "µs", Double.NaN));
        r.add(new Row("tlsEcho", "netty", one, 30, Double.NaN, "µs", Double.NaN));
        r.add(new Row("tlsEcho", "weft", many, 20, Double.NaN, "µs", Double.NaN));
        r.add(new Row("echo", "netty", many, 10, Double.NaN, "µs", Double.NaN)); // plain TCP: not the TLS peer
        String md = r.markdown("# t", false);
        assertTrue(md.contains("| 11. TLS echo, one server thread | Weft | " + one + ": 33 µs |  |  |\n"
                + "|  | Netty 4.2 (NIO, one event loop) | " + one + ": 30 µs |  | 0.91 |"), md);
        assertTrue(md.contains("| TLS echo, 1 conn × 4 KiB: Weft's server CPU per message ÷ Netty's (`SslHandler`, JDK engine)"
                + " | ≤ 1.10× | 1.10× | yes |"), md);
        assertTrue(md.contains("| TLS echo, 100 conns × 4 KiB: Weft's server CPU per message ÷ Netty's (`SslHandler`, JDK engine)"
                + " | ≤ 1.10× | not measured | – |"), md);
    }

    @Test
    void notesFollowTheTable() {
        Report r = new Report();
        r.add(time("PingPong", "weft", 100));
        r.note("10. TCP echo, one server thread / CPython asyncio: skipped, no python3 on the path");
        String md = r.markdown("# t", false);
        assertTrue(md.contains("| 2. ping-pong round trip | Weft | 100 ± 1.50 ns/op | 80 B/op |  |\n\n"
                + "- 10. TCP echo, one server thread / CPython asyncio: skipped, no python3 on the path\n\n| Target |"), md);
    }

    @Test
    void numbersKeepThreeSignificantDigitsOrWholeUnits() {
        assertEquals("1,234", Report.number(1234.4));
        assertEquals("12.3", Report.number(12.34));
        assertEquals("0.12", Report.number(0.1234));
        assertEquals("3", Report.number(3.0));
    }
}
