package dev.weft;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Delays in nanoseconds as the loop's timers take them. The timer heap and the loop compare
 * deadlines by subtraction (so that a clock may wrap around), which is right only while two deadlines
 * lie less than 2<sup>63</sup> ns apart; so a delay is clamped to {@link #LONGEST} either way, about
 * 73 years, which "sleep forever" ({@code sleep(Long.MAX_VALUE)}) then means. Converting never
 * overflows: a multiplication that would wrap around made such a sleep return at once.
 */
final class Delays {
    /** The longest delay a timer takes, past or future: 2<sup>61</sup> ns, about 73 years. */
    static final long LONGEST = 1L << 61;

    private Delays() {
    }

    /** {@code nanos} within {@link #LONGEST} either way. */
    static long clamp(long nanos) {
        return Math.max(-LONGEST, Math.min(LONGEST, nanos));
    }

    /** {@code delay} in nanoseconds, clamped. */
    static long nanos(Duration delay) {
        return clamp(TimeUnit.NANOSECONDS.convert(delay)); // saturates where toNanos() throws
    }

    /** {@code millis} milliseconds in nanoseconds, clamped. */
    static long ofMillis(long millis) {
        return clamp(TimeUnit.MILLISECONDS.toNanos(millis)); // saturates where millis * 1_000_000 wraps around
    }
}
