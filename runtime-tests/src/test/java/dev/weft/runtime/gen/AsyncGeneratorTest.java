package dev.weft.runtime.gen;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Emitter;
import dev.weft.GeneratorClosedException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** asyncio's test_asyncgen (AsyncGenAsyncioTest), for {@link AsyncGenerator}. */
class AsyncGeneratorTest {
    private final List<String> log = new ArrayList<>();
    private int done;

    @Async
    <T> Task<List<T>> toList(AsyncGenerator<T> gen) {
        List<T> out = new ArrayList<>();
        while (await(gen.hasNext())) {
            out.add(gen.next());
        }
        return Task.of(out);
    }

    // ---- the seed's countdown -------------------------------------------------------------

    @Async
    Task<Void> countdown(int n, Emitter<Integer> out) {
        while (n > 0) {
            log.add("emit " + n);
            await(out.emit(n));
            await(sleep(1));
            n--;
        }
        return Task.done();
    }

    @Test
    void countdownProducesOnDemand() {
        Weft.run(() -> {
            AsyncGenerator<Integer> it = AsyncGenerator.of(out -> countdown(3, out));
            while (await(it.hasNext())) {
                log.add("got " + it.next());
            }
            return Task.done();
        });
        assertEquals(List.of("emit 3", "got 3", "emit 2", "got 2", "emit 1", "got 1"), log);
    }

    // ---- test_async_gen_asyncio_01 / 02 ----------------------------------------------------

    @Async
    Task<Void> oneTwo(Emitter<Integer> out) {
        await(out.emit(1));
        await(sleep(1));
        await(out.emit(2));
        await(sleep(1));
        return Task.done();
    }

    @Test
    void test_async_gen_asyncio_01() {
        assertEquals(List.of(1, 2), Weft.run(() -> toList(AsyncGenerator.of(this::oneTwo))));
    }

    @Async
    Task<Void> oneThenFail(Emitter<Integer> out) {
        await(out.emit(1));
        await(sleep(1));
        throw new ArithmeticException("/ by zero");
    }

    @Test
    void test_async_gen_asyncio_02() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::oneThenFail);
            assertTrue(await(gen.hasNext()));
            assertEquals(1, gen.next());
            try {
                await(gen.hasNext());
            } catch (ArithmeticException e) {
                log.add("caught " + e.getMessage());
            }
            assertFalse(await(gen.hasNext()), "a generator that failed is finished");
            return Task.done();
        });
        assertEquals(List.of("caught / by zero"), log);
    }

    // ---- aclose ----------------------------------------------------------------------------

    @Test
    void test_async_gen_asyncio_03_aclose_before_iteration() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> countdown(3, out));
            assertTrue(gen.close().isDone());
            assertFalse(await(gen.hasNext()));
            return Task.done();
        });
        assertEquals(List.of(), log, "the producer never ran");
    }

    @Async
    Task<Void> ignoresClose(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            throw new ArithmeticException();
        } catch (GeneratorClosedException e) {
            await(sleep(1));
            await(out.emit(12));
        }
        return Task.done();
    }

    @Test
    void test_async_gen_asyncio_aclose_06_ignored_exit() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::ignoresClose);
            assertTrue(await(gen.hasNext()));
            assertEquals(1, gen.next());
            try {
                await(gen.close());
            } catch (IllegalStateException e) {
                log.add(e.getMessage());
            }
            return Task.done();
        });
        assertEquals(List.of("the async generator caught GeneratorClosedException and emitted again"), log);
    }

    @Async
    Task<Void> withFinally(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            throw new ArithmeticException();
        } finally {
            await(sleep(1));
            done += 1;
        }
    }

    @Test
    void test_async_gen_asyncio_aclose_07_finally_runs() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::withFinally);
            assertTrue(await(gen.hasNext()));
            assertEquals(1, gen.next());
            await(gen.close());
            return Task.done();
        });
        assertEquals(1, done);
    }

    @Async
    Task<Void> finallyFails(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } finally {
            await(sleep(1));
            throw new IllegalArgumentException("cleanup failed");
        }
    }

    @Test
    void test_async_gen_asyncio_aclose_10_failure_in_finally() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::finallyFails);
            assertTrue(await(gen.hasNext()));
            try {
                await(gen.close());
            } catch (IllegalArgumentException e) {
                log.add(e.getMessage());
            }
            return Task.done();
        });
        assertEquals(List.of("cleanup failed"), log);
    }

    @Test
    void test_async_gen_aclose_twice_and_after_exhaustion() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::oneTwo);
            assertEquals(List.of(1, 2), await(toList(gen)));
            await(gen.close());
            await(gen.close());
            AsyncGenerator<Integer> other = AsyncGenerator.of(this::oneTwo);
            assertTrue(await(other.hasNext()));
            Task<Void> first = other.close();
            assertSame(first, other.close(), "a second close while closing is the same close");
            await(first);
            assertTrue(other.close().isDone());
            return Task.done();
        });
    }

    // ---- athrow ----------------------------------------------------------------------------

    @Async
    Task<Void> recovers(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } catch (ArithmeticException e) {
            await(out.emit(1000));
        }
        await(out.emit(2));
        return Task.done();
    }

    @Test
    void test_async_gen_asyncio_athrow_01_handled() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::recovers);
            assertTrue(await(gen.hasNext()));
            assertEquals(1, gen.next());
            assertTrue(await(gen.throwInto(new ArithmeticException())));
            assertEquals(1000, gen.next());
            assertTrue(await(gen.hasNext()));
            assertEquals(2, gen.next());
            assertFalse(await(gen.hasNext()));
            return Task.done();
        });
    }

    @Test
    void test_async_gen_asyncio_athrow_02_unhandled() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::oneTwo);
            assertTrue(await(gen.hasNext()));
            try {
                await(gen.throwInto(new ArithmeticException("thrown in")));
            } catch (ArithmeticException e) {
                log.add("out came " + e.getMessage());
            }
            assertFalse(await(gen.hasNext()));
            Task<Boolean> onFinished = gen.throwInto(new IllegalStateException("late"));
            assertTrue(onFinished.isFailed());
            return Task.done();
        });
        assertEquals(List.of("out came thrown in"), log);
    }

    // ---- early exit, cancellation, protocol errors ---------------------------------------

    @Async
    Task<Void> endless(Emitter<Integer> out) {
        int i = 0;
        try {
            for (;;) {
                await(out.emit(i++));
            }
        } catch (GeneratorClosedException e) {
            log.add("closed at emit");
            throw e;
        } finally {
            log.add("producer finally");
        }
    }

    @Test
    void breakingOutEarlyClosesTheProducer() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::endless);
            try {
                while (await(gen.hasNext())) {
                    int v = gen.next();
                    log.add("got " + v);
                    if (v == 2) {
                        break;
                    }
                }
            } finally {
                await(gen.close());
            }
            log.add("after loop");
            return Task.done();
        });
        assertEquals(List.of("got 0", "got 1", "got 2", "closed at emit", "producer finally", "after loop"), log);
    }

    @Test
    void usingClosesTheGenerator() {
        Weft.run(() -> {
            int sum = await(using(AsyncGenerator.of(this::endless), gen -> {
                int s = 0;
                while (await(gen.hasNext())) {
                    s += gen.next();
                    if (s > 5) {
                        break;
                    }
                }
                return Task.of(s);
            }));
            log.add("sum " + sum);
            return Task.done();
        });
        assertEquals(List.of("closed at emit", "producer finally", "sum 6"), log);
    }

    @Async
    Task<Void> slowProducer(Emitter<Integer> out) {
        try {
            await(sleep(10_000));
            await(out.emit(1));
        } catch (CancelledException e) {
            log.add("producer cancelled");
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<Boolean> consumeOne(AsyncGenerator<Integer> gen) {
        return Task.of(await(gen.hasNext()));
    }

    @Test
    void cancellingTheConsumerCancelsTheProducer() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::slowProducer);
            Task<Boolean> consumer = consumeOne(gen);
            await(turns(1));
            consumer.cancel();
            await(turns(2));
            assertTrue(consumer.isCancelled());
            assertFalse(await(gen.hasNext()), "the cancelled producer has finished");
            return Task.done();
        });
        assertEquals(List.of("producer cancelled"), log);
    }

    @Test
    void hasNextIsIdempotentAndOneAtATime() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::oneTwo);
            assertThrows(NoSuchElementException.class, gen::next);
            assertTrue(await(gen.hasNext()));
            assertTrue(await(gen.hasNext()), "asking again does not advance");
            assertEquals(1, gen.next());
            assertThrows(NoSuchElementException.class, gen::next);
            Task<Boolean> pending = gen.hasNext();
            Task<Boolean> again = gen.hasNext();
            assertTrue(again.isFailed(), "one question at a time");
            assertThrows(IllegalStateException.class, () -> {
                throw again.exception();
            });
            assertTrue(await(pending));
            assertEquals(2, gen.next());
            return Task.done();
        });
    }

    @Async
    Task<Void> backPressure(Emitter<Integer> out) {
        for (int i = 0; i < 3; i++) {
            log.add("produce " + i);
            await(out.emit(i));
        }
        log.add("producer ends");
        return Task.done();
    }

    @Test
    void theProducerWaitsForTheConsumer() {
        Weft.run(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(this::backPressure);
            while (await(gen.hasNext())) {
                int v = gen.next();
                await(turns(3));           // the producer must not run ahead meanwhile
                log.add("consume " + v);
            }
            return Task.done();
        });
        assertEquals(List.of("produce 0", "consume 0", "produce 1", "consume 1", "produce 2", "consume 2",
                "producer ends"), log);
    }

    // ---- asyncio conformance: aclose is no cancellation, asyncio.run's shutdown_asyncgens, asend;
    // ---- the traces are CPython 3.13's for the same programs

    @Async
    Task<Void> catchesBroadly(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } catch (CancelledException e) {
            log.add("caught as a cancellation");
            throw e;
        } catch (RuntimeException e) {
            log.add("caught as an exception");
            throw e;
        } finally {
            log.add("finally");
        }
        return Task.done();
    }

    // Closing is asyncio's GeneratorExit: neither a cancellation nor an Exception
    @Test
    void closingIsNotACancellationNorAnException() {
        Weft.run(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(this::catchesBroadly);
            await(g.hasNext());
            log.add("got " + g.next());
            await(g.close());
            log.add("closed");
            return Task.done();
        });
        assertEquals(List.of("got 1", "finally", "closed"), log);
        Object closed = new GeneratorClosedException();
        assertFalse(closed instanceof CancelledException);
        assertFalse(closed instanceof Exception);
    }

    @Async
    Task<Void> finalized(String name, Emitter<Integer> out) {
        try {
            for (int i = 0; i < 10; i++) {
                await(out.emit(i));
            }
        } finally {
            log.add(name + " finally");
            await(sleep(0));
            log.add(name + " finally after an await");
        }
        return Task.done();
    }

    @Async
    Task<Void> failsInFinally(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } finally {
            log.add("failing finally");
            throw new IllegalArgumentException("boom in finally");
        }
    }

    @Async
    Task<Void> leavesGeneratorsSuspended(List<AsyncGenerator<Integer>> keep) {
        AsyncGenerator<Integer> g1 = AsyncGenerator.of(out -> finalized("g1", out));
        keep.add(g1);
        await(g1.hasNext());
        log.add("g1 got " + g1.next());
        AsyncGenerator<Integer> g2 = AsyncGenerator.of(out -> finalized("g2", out));
        keep.add(g2);
        await(g2.hasNext());
        log.add("g2 got " + g2.next());
        AsyncGenerator<Integer> g3 = AsyncGenerator.of(this::failsInFinally);
        keep.add(g3);
        await(g3.hasNext());
        log.add("g3 got " + g3.next());
        keep.add(AsyncGenerator.of(out -> finalized("g4", out))); // never started: nothing to finalize
        log.add("main returns");
        return Task.done();
    }

    // asyncio.run's shutdown_asyncgens: Weft.run closes the generators left suspended, and reports
    // what their closing threw
    @Test
    void runClosesTheGeneratorsLeftSuspended() {
        List<AsyncGenerator<Integer>> keep = new ArrayList<>();
        Weft.run(() -> leavesGeneratorsSuspended(keep), RunOptions.defaults().withClock(LoopClock.virtual())
                .withReporter((message, error) -> log.add("reported: " + message + ": " + error)));
        log.add("run returned");
        assertEquals(List.of("g1 got 0", "g2 got 0", "g3 got 1", "main returns", "g1 finally", "g2 finally",
                "failing finally", "g1 finally after an await", "g2 finally after an await",
                "reported: an error occurred during closing of asynchronous generator: "
                        + "java.lang.IllegalArgumentException: boom in finally", "run returned"), log);
        assertEquals(4, keep.size());
    }

    @Async
    Task<Void> echo(Emitter<String> out) {
        String received = null;
        try {
            for (int i = 0; i < 3; i++) {
                received = await(out.emit("item " + i + " after " + received));
                log.add("producer got " + received);
            }
        } finally {
            log.add("producer finally");
        }
        return Task.done();
    }

    // test_async_gen_asyncio_asend_*: send(v) is asend: the pending emit returns v, and send
    // completes as hasNext; a just-started generator takes only null
    @Test
    void sendHandsAValueToThePendingEmit() {
        Weft.run(() -> {
            AsyncGenerator<String> g = AsyncGenerator.of(this::echo);
            assertTrue(await(g.send(null)));
            log.add(g.next());
            assertTrue(await(g.send("a")));
            log.add(g.next());
            assertTrue(await(g.hasNext()));
            log.add(g.next());
            if (!await(g.send("c"))) {
                log.add("stop");
            }
            if (!await(g.send("d"))) {
                log.add("stop again");
            }
            AsyncGenerator<String> g2 = AsyncGenerator.of(this::echo);
            try {
                await(g2.send("x"));
            } catch (IllegalStateException e) {
                log.add("IllegalStateException: " + e.getMessage());
            }
            return Task.done();
        });
        assertEquals(List.of("item 0 after null", "producer got a", "item 1 after a", "producer got null",
                "item 2 after null", "producer got c", "producer finally", "stop", "stop again",
                "IllegalStateException: can't send non-null value to a just-started async generator"), log);
    }

    @Async
    Task<Void> slowAfterReceiving(Emitter<Integer> out) {
        try {
            String x = await(out.emit(1));
            log.add("producer got " + x);
            await(sleep(10_000));
            await(out.emit(2));
        } catch (CancelledException e) {
            log.add("producer cancelled");
            throw e;
        }
        return Task.done();
    }

    // A consumer cancelled in send cancels the producer, and its send ends once the producer has
    // unwound (the generator runs in the consumer's task in asyncio)
    @Test
    void cancellingASendCancelsTheProducer() {
        Weft.run(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(this::slowAfterReceiving);
            await(g.hasNext());
            log.add("got " + g.next());
            Task<Boolean> t = createTask(() -> g.send("a"));
            await(sleep(10));
            t.cancel();
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("send cancelled");
            }
            if (!await(g.hasNext())) {
                log.add("finished");
            }
            return Task.done();
        }, RunOptions.defaults().withClock(LoopClock.virtual()));
        assertEquals(List.of("got 1", "producer got a", "producer cancelled", "send cancelled", "finished"), log);
    }
}
