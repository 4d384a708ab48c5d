package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Absolute deadlines as the timers take them: compared with now as numbers, within LONGEST of it. */
class DelaysTest {
    private static final long L = Delays.LONGEST;

    @Test
    void aNearDeadlineIsKeptAsGiven() {
        assertEquals(5, Delays.deadline(5, 10));
        assertEquals(15, Delays.deadline(15, 10));
        assertEquals(-15, Delays.deadline(-15, -10));
    }

    @Test
    void aDeadlineWhoseDifferenceToNowOverflowsLiesOnItsOwnSide() {
        assertEquals(10 - L, Delays.deadline(Long.MIN_VALUE, 10)); // MIN - 10 wraps round to positive
        assertEquals(-10 + L, Delays.deadline(Long.MAX_VALUE, -10)); // MAX + 10 wraps round to negative
        assertEquals(Long.MAX_VALUE - L, Delays.deadline(Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE + L, Delays.deadline(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void aFarDeadlineWithoutOverflowIsBroughtWithinTheLongest() {
        assertEquals(10 + L, Delays.deadline(Long.MAX_VALUE, 10));
        assertEquals(-10 - L, Delays.deadline(Long.MIN_VALUE, -10));
        assertEquals(L, Delays.deadline(L, 0));
        assertEquals(-L, Delays.deadline(-L - 1, 0));
    }
}
