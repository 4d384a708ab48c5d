package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Handle;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.WaitResult;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Delays too long to count in nanoseconds ({@code sleep(Long.MAX_VALUE)}, the usual "sleep
 * forever") wait as long as the loop's timers can, about 73 years, as asyncio's
 * {@code sleep(1e30)} waits: never a sleep that returns at once, never an {@code ArithmeticException}.
 * Under a virtual clock, so the 73 years pass only where a test lets them.
 */
class LongDelayTest {
    static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
    static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** What {@code body} gives under a one-second deadline, with the loop time it ended at. */
    @Async
    static Task<String> underOneSecond(Supplier<Task<String>> body) {
        try {
            return Task.of(await(Weft.waitFor(Weft.createTask(body), ONE_SECOND)) + " at " + Virtual.nowMs() + " ms");
        } catch (AsyncTimeoutException e) {
            return Task.of("timed out at " + Virtual.nowMs() + " ms");
        }
    }

    @Async
    static Task<String> awaitedSleepMillis() {
        await(sleep(Long.MAX_VALUE)); // woven: the frame is its own timer entry
        return Task.of("woke");
    }

    @Async
    static Task<String> awaitedSleepDuration() {
        await(sleep(FOREVER));
        return Task.of("woke");
    }

    @Async
    static Task<String> sleepTaskMillis() {
        Task<Void> s = sleep(Long.MAX_VALUE); // kept as a value: a Sleep task
        await(s);
        return Task.of("woke");
    }

    @Async
    static Task<String> sleepTaskDuration() {
        Task<Void> s = sleep(FOREVER);
        await(s);
        return Task.of("woke");
    }

    /** Bug: {@code millis * 1_000_000} wrapped around to a negative delay, so the sleep was a yield. */
    @Test
    void sleepingLongMaxValueMillisWaitsInEitherForm() {
        assertEquals("timed out at 1000 ms", Virtual.run(() -> underOneSecond(LongDelayTest::awaitedSleepMillis)));
        assertEquals("timed out at 1000 ms", Virtual.run(() -> underOneSecond(LongDelayTest::sleepTaskMillis)));
    }

    /** Bug: {@code Duration.toNanos()} threw {@code ArithmeticException: long overflow}. */
    @Test
    void sleepingTheLongestDurationWaitsInEitherForm() {
        assertEquals("timed out at 1000 ms", Virtual.run(() -> underOneSecond(LongDelayTest::awaitedSleepDuration)));
        assertEquals("timed out at 1000 ms", Virtual.run(() -> underOneSecond(LongDelayTest::sleepTaskDuration)));
    }

    /** The longest sleep ends when its 73 years have passed on the loop's clock, not before. */
    @Test
    void theLongestSleepEndsAfterSeventyThreeYears() {
        assertEquals("woke after 73 years", Virtual.run(() -> {
            await(sleep(Long.MAX_VALUE));
            return Task.of("woke after " + Virtual.nowMs() / 1000 / 86_400 / 365 + " years");
        }));
    }

    @Async
    static Task<String> shortWork() {
        await(sleep(5));
        return Task.of("done");
    }

    /** Bug: each threw {@code ArithmeticException: long overflow} before the body ran. */
    @Test
    void theLongestTimeoutsLetTheirBodyEnd() {
        assertEquals("done at 5 ms, done at 5 ms, done at 5 ms", Virtual.run(() -> {
            String a = await(Weft.timeout(FOREVER, LongDelayTest::shortWork)) + " at " + Virtual.nowMs() + " ms";
            long start = Virtual.nowMs();
            String b = await(Weft.waitFor(Weft.createTask(LongDelayTest::shortWork), FOREVER))
                    + " at " + (Virtual.nowMs() - start) + " ms";
            start = Virtual.nowMs();
            WaitResult<String> r = await(Weft.waitTasks(List.of(Weft.createTask(LongDelayTest::shortWork)),
                    ReturnWhen.ALL_COMPLETED, FOREVER));
            String c = r.done().iterator().next().result() + " at " + (Virtual.nowMs() - start) + " ms";
            return Task.of(a + ", " + b + ", " + c);
        }));
    }

    /**
     * Callbacks at the longest delays either way keep their order against a near one: the past one
     * runs first, the far one not before the near one (deadlines compared by subtraction would
     * misorder them past 2^63 ns apart).
     */
    @Test
    void callbacksAtTheLongestDelaysKeepTheirOrder() {
        List<String> log = new ArrayList<>();
        Virtual.run(() -> {
            Handle far = Weft.loop().callLater(FOREVER, () -> log.add("far"));
            Weft.loop().callLater(Duration.ofSeconds(Long.MIN_VALUE), () -> log.add("past"));
            Weft.loop().callLater(Duration.ofMillis(1), () -> log.add("near"));
            Weft.loop().callLater(Duration.ofSeconds(-1), () -> log.add("a second ago"));
            await(sleep(10));
            far.cancel();
            return Task.done();
        });
        assertEquals(List.of("past", "a second ago", "near"), log);
    }

    /**
     * Absolute deadlines are numbers: {@code Long.MIN_VALUE} is the earliest past, as asyncio's
     * {@code call_at(-1e300)} runs at once. Bug: its difference to now wrapped round into the far
     * future, so the callback never ran and the timeout never expired.
     */
    @Test
    void theEarliestAbsoluteDeadlineIsPast() {
        List<String> log = new ArrayList<>();
        assertEquals("timed out at 10 ms, timed out at 20 ms, timed out at 20 ms", Virtual.run(() -> {
            await(sleep(10)); // so that now is not 0
            Weft.loop().callAt(Weft.loop().time() + 1_000_000, () -> log.add("near"));
            Weft.loop().callAt(Long.MIN_VALUE, () -> log.add("earliest"));
            Weft.loop().callAt(Weft.loop().time() - 1, () -> log.add("just past"));
            String a;
            try {
                a = await(Weft.timeoutAt(Long.MIN_VALUE, LongDelayTest::shortWork));
            } catch (AsyncTimeoutException e) {
                a = "timed out at " + Virtual.nowMs() + " ms";
            }
            await(sleep(10));
            String b;
            try {
                b = await(Weft.timeoutAt(Timeout.NEVER, scope -> {
                    scope.reschedule(Long.MIN_VALUE);
                    return shortWork();
                }));
            } catch (AsyncTimeoutException e) {
                b = "timed out at " + Virtual.nowMs() + " ms";
            }
            String c;
            try {
                c = await(Weft.timeoutAt(Long.MIN_VALUE + 1, LongDelayTest::shortWork));
            } catch (AsyncTimeoutException e) {
                c = "timed out at " + Virtual.nowMs() + " ms";
            }
            return Task.of(a + ", " + b + ", " + c);
        }));
        assertEquals(List.of("earliest", "just past", "near"), log);
    }

    /** The latest absolute deadlines are far future, never past: the body runs to its end. */
    @Test
    void theLatestAbsoluteDeadlinesAreFuture() {
        List<String> log = new ArrayList<>();
        assertEquals("done at 15 ms", Virtual.run(() -> {
            await(sleep(10));
            Handle latest = Weft.loop().callAt(Long.MAX_VALUE, () -> log.add("latest"));
            String a = await(Weft.timeoutAt(Long.MAX_VALUE - 1, LongDelayTest::shortWork));
            latest.cancel();
            return Task.of(a + " at " + Virtual.nowMs() + " ms");
        }));
        assertEquals(List.of(), log);
    }
}
