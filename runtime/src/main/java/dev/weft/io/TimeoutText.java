package dev.weft.io;

import java.time.Duration;

/** How a timeout option reads in the message of the failure it caused. */
final class TimeoutText {
    private TimeoutText() {
    }

    /**
     * {@code timeout} in milliseconds ("300 ms"); one too long to count in them (a virtual clock
     * reaches such a deadline, about 73 years on, where the loop's timers stop counting) as the
     * {@code Duration} reads, where {@code toMillis()} would throw instead.
     */
    static String of(Duration timeout) {
        return timeout.getSeconds() < Long.MAX_VALUE / 1000 - 1 ? timeout.toMillis() + " ms" : timeout.toString();
    }
}
