package dev.weft.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A performance target of the project, checked against figures of one run: a measured quantity
 * (usually a ratio of two figures) and the bound it must keep.
 */
final class Target {
    final String description;
    final String unit;
    private final ToDoubleFunction<Map<String, Row>> measure;
    private final boolean atMost;
    final double bound;

    private Target(String description, String unit, ToDoubleFunction<Map<String, Row>> measure, boolean atMost, double bound) {
        this.description = description;
        this.unit = unit;
        this.measure = measure;
        this.atMost = atMost;
        this.bound = bound;
    }

    static Target atMost(String description, String unit, double bound, ToDoubleFunction<Map<String, Row>> measure) {
        return new Target(description, unit, measure, true, bound);
    }

    static Target atLeast(String description, String unit, double bound, ToDoubleFunction<Map<String, Row>> measure) {
        return new Target(description, unit, measure, false, bound);
    }

    /** The measured quantity, NaN when a figure it needs was not measured in this run. */
    double measure(Map<String, Row> rows) {
        try {
            return measure.applyAsDouble(rows);
        } catch (MissingFigure e) {
            return Double.NaN;
        }
    }

    boolean met(double measured) {
        return atMost ? measured <= bound : measured >= bound;
    }

    String boundText() {
        return (atMost ? "≤ " : "≥ ") + Report.number(bound) + unit;
    }

    /** A figure's value: {@code value(rows, "PingPong.weft.time")}. */
    static double value(Map<String, Row> rows, String key) {
        Row r = rows.get(key);
        if (r == null) {
            throw new MissingFigure();
        }
        return r.value;
    }

    static double alloc(Map<String, Row> rows, String key) {
        Row r = rows.get(key);
        if (r == null || Double.isNaN(r.alloc)) {
            throw new MissingFigure();
        }
        return r.alloc;
    }

    static double ratio(Map<String, Row> rows, String numerator, String denominator) {
        return value(rows, numerator) / value(rows, denominator);
    }

    /** The project's targets (issues 6, 13, 14 and 16), in report order. */
    static List<Target> all() {
        return List.of(
                atMost("await on a completed task: Weft ÷ `join()` on a completed CompletableFuture", "×", 1.3,
                        r -> ratio(r, "AwaitDone.weft.time", "AwaitDone.cfJoin.time")),
                atMost("await on a completed task: Weft's allocation", " B/op", 0.5,
                        r -> alloc(r, "AwaitDone.weft.time")),
                atMost("ping-pong: Weft ÷ hand-written callbacks", "×", 1.5,
                        r -> ratio(r, "PingPong.weft.time", "PingPong.callbacks.time")),
                atLeast("ping-pong: Kotlin (deferred) ÷ Weft", "×", 2,
                        r -> ratio(r, "PingPong.kotlinDeferred.time", "PingPong.weft.time")),
                atLeast("ping-pong: Kotlin (channel) ÷ Weft", "×", 2,
                        r -> ratio(r, "PingPong.kotlinChannel.time", "PingPong.weft.time")),
                atLeast("ping-pong: virtual threads on one carrier ÷ Weft", "×", 3,
                        r -> ratio(r, "PingPong.virtualThreads.time", "PingPong.weft.time")),
                atLeast("ping-pong: EA Async ÷ Weft", "×", 2,
                        r -> ratio(r, "PingPong.eaAsync.time", "PingPong.weft.time")),
                atLeast("yield, one coroutine: Kotlin `yield()` ÷ Weft `sleep(ZERO)`", "×", 1,
                        r -> ratio(r, "Yield.kotlinOne.time", "Yield.weftOne.time")),
                atLeast("yield, two coroutines: Kotlin ÷ Weft", "×", 1,
                        r -> ratio(r, "Yield.kotlinTwo.time", "Yield.weftTwo.time")),
                // Issue 16: a yield awaited at once allocates nothing (below half a byte per op is JMH's noise).
                atMost("yield, one coroutine: Weft's allocation per yield", " B/op", 0.5,
                        r -> alloc(r, "Yield.weftOne.time")),
                atMost("yield, two coroutines: Weft's allocation per yield", " B/op", 0.5,
                        r -> alloc(r, "Yield.weftTwo.time")),
                atLeast("long loop of suspensions: Kotlin ÷ Weft, per iteration", "×", 1,
                        r -> ratio(r, "LongLoop.kotlin.time", "LongLoop.weft.time")),
                atMost("long loop of suspensions: Weft's allocation per iteration", " B/op", 0.5,
                        r -> alloc(r, "LongLoop.weft.time")),
                // Objects are 8-byte aligned: a per-object figure is read to the nearest byte.
                atMost("heap per sleeping coroutine, one frame (timer included)", " B", 128,
                        r -> Math.round(value(r, "sleepers.weft.heap per sleeper"))),
                atMost("heap per further suspended async frame", " B", 48,
                        r -> Math.round(value(r, "sleepers.weft.heap per extra frame"))),
                atLeast("heap per sleeper: Kotlin ÷ Weft", "×", 3,
                        r -> ratio(r, "sleepers.kotlin.heap per sleeper", "sleepers.weft.heap per sleeper")),
                atLeast("heap per sleeper: virtual threads ÷ Weft", "×", 6,
                        r -> ratio(r, "sleepers.virtualThreads.heap per sleeper", "sleepers.weft.heap per sleeper")),
                atMost("gather: Weft ÷ hand-written callbacks, per task", "×", 2.5,
                        r -> ratio(r, "Gather.weft.time", "Gather.callbacks.time")),
                atMost("gather: Weft's allocation per task", " B/op", 120,
                        r -> alloc(r, "Gather.weft.time")),
                atMost("lock hand-off: Weft ÷ hand-written callbacks", "×", 2.5,
                        r -> ratio(r, "Lock.weft.time", "Lock.callbacks.time")),
                // One 32-byte object per acquisition; the half byte is what a run's own set-up (its loop,
                // tasks and frames) adds spread over 100,000 acquisitions, as "nothing" is judged at 0.5 B
                atMost("lock hand-off: Weft's allocation per acquisition", " B/op", 32.5,
                        r -> alloc(r, "Lock.weft.time")),
                atLeast("nested async calls, depth 10: Kotlin suspend functions ÷ Weft", "×", 1,
                        r -> ratio(r, "Nested.kotlin.time", "Nested.weft.time")),
                atMost("one million sleepers: all started", " ms", 500,
                        r -> value(r, "sleepers.weft.start all")),
                atMost("one million sleepers: all fired", " ms", 2000,
                        r -> value(r, "sleepers.weft.all fired")),
                atMost("one million sleepers: heap in use while they sleep", " MB", 200,
                        r -> value(r, "sleepers.weft.heap in use")),
                atMost("long loop of suspensions: heap growth from 100k to 1M iterations", " MB", 1,
                        r -> value(r, "longLoopHeap.weft.heap growth")),
                atMost("agent start-up on classes without @Async ÷ no agent", "×", 1.10,
                        r -> ratio(r, "agentStartup.weft.start-up", "agentStartup.noAgent.start-up")),
                echoCpu("100 conns × 64 B", "netty", "Netty", 1.0),
                echoCpu("100 conns × 64 B", "selectorLoop", "the hand-written selector loop", 1.15),
                echoCpu("1 conn × 64 B", "netty", "Netty", 1.0),
                echoCpu("1 conn × 64 B", "selectorLoop", "the hand-written selector loop", 1.15),
                echoHeap("netty", "Netty", 0.6),
                echoHeap("selectorLoop", "the hand-written selector loop", 1.5),
                tlsEchoCpu("100 conns × 4 KiB", 1.1),
                tlsEchoCpu("1 conn × 4 KiB", 1.1));
    }

    /** TCP echo (issue 13): Weft's server CPU per message in one case ÷ a peer's. */
    private static Target echoCpu(String echoCase, String peer, String peerName, double bound) {
        String metric = "." + echoCase + ": server CPU per message";
        return atMost("TCP echo, " + echoCase + ": Weft's server CPU per message ÷ " + peerName + "'s", "×", bound,
                r -> ratio(r, "echo.weft" + metric, "echo." + peer + metric));
    }

    /** TLS echo (issue 14): Weft's server CPU per message in one case ÷ Netty's with {@code SslHandler}. */
    private static Target tlsEchoCpu(String echoCase, double bound) {
        String metric = "." + echoCase + ": server CPU per message";
        return atMost("TLS echo, " + echoCase + ": Weft's server CPU per message ÷ Netty's (`SslHandler`, JDK engine)",
                "×", bound, r -> ratio(r, "tlsEcho.weft" + metric, "tlsEcho.netty" + metric));
    }

    private static Target echoHeap(String peer, String peerName, double bound) {
        String metric = ".heap per idle connection";
        return atMost("TCP echo: Weft's heap per idle connection ÷ " + peerName + "'s", "×", bound,
                r -> ratio(r, "echo.weft" + metric, "echo." + peer + metric));
    }

    private static final class MissingFigure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingFigure() {
            super(null, null, false, false);
        }
    }
}
