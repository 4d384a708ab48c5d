package dev.weft;

import java.time.Duration;

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
    private static final long LONGEST_MILLIS = LONGEST / 1_000_000L;
    private static final long LONGEST_SECONDS = LONGEST / 1_000_000_000L;

    private Delays() {
    }

    /** {@code nanos} within {@link #LONGEST} either way. */
    static long clamp(long nanos) {
        return Math.max(-LONGEST, Math.min(LONGEST, nanos));
    }

    /** {@code delay} in nanoseconds, clamped: never throws, where {@code toNanos()} overflows. */
    static long nanos(Duration delay) {
        // Seconds within LONGEST_SECONDS + 1 either way cannot overflow once multiplied; the sum is clamped after.
        long s = Math.max(-LONGEST_SECONDS - 1, Math.min(LONGEST_SECONDS + 1, delay.getSeconds()));
        return clamp(s * 1_000_000_000L + delay.getNano());
    }

    /**
     * An absolute deadline in loop time as the timers take it: {@code at} is compared with
     * {@code now} as the numbers they are (a deadline near {@code Long.MIN_VALUE} is long past, not
     * wrapped round into the future, where a plain difference would put it) and brought within
     * {@link #LONGEST} of now either way.
     */
    static long deadline(long at, long now) {
        long d = at - now;
        if (((at ^ now) & (at ^ d)) < 0) {
            d = at < now ? -LONGEST : LONGEST; // the difference overflowed: at lies more than 2^63 ns from now
        }
        return now + clamp(d);
    }

    /**
     * {@code millis} milliseconds in nanoseconds, clamped: never wraps around. Constants only, no
     * {@code TimeUnit} (whose fields the JIT does not fold): every awaited {@code sleep(0)} passes here.
     */
    static long ofMillis(long millis) {
        return millis > LONGEST_MILLIS ? LONGEST : millis < -LONGEST_MILLIS ? -LONGEST : millis * 1_000_000L;
    }
}
