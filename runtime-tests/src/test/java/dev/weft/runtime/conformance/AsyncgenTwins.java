package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.CancelledException;
import dev.weft.Emitter;
import dev.weft.GeneratorClosedException;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Twins of asyncgen.py. Python's {@code await g.__anext__()} raising StopAsyncIteration is
 * {@code await(g.hasNext())} returning false (traced as {@code stop}); {@code yield v} is
 * {@code await(out.emit(v))}.
 */
final class AsyncgenTwins {
    private AsyncgenTwins() {
    }

    @Async
    static Task<Void> countdown(Emitter<Integer> out, int n, long delay) {
        try {
            while (n > 0) {
                log("gen yields", n);
                await(out.emit(n));
                await(sleep(delay));
                n--;
            }
            log("gen exhausted");
        } finally {
            log("gen finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenIterationWithSleeps() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> countdown(out, 3, 10));
        while (await(g.hasNext())) {
            log("got", g.next());
        }
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Void> otherTask() {
        log("other task runs");
        return Task.done();
    }

    @Async
    static Task<Void> numbers(Emitter<Integer> out) {
        for (int i = 0; i < 3; i++) {
            await(out.emit(i));
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenItemsWithinOneStep() {
        Task<Void> t = createTask(AsyncgenTwins::otherTask);
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::numbers);
        while (await(g.hasNext())) {
            log("got", g.next());
        }
        log("loop done");
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> finallyThatAwaits(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            log("after yield (must not run)");
        } finally {
            log("finally starts");
            await(sleep(10));
            log("finally ends");
        }
        log("after finally (must not run)");
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseAwaitsInFinally() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::finallyThatAwaits);
        await(g.hasNext());
        log("got", g.next());
        await(g.close());
        log("closed");
        if (!await(g.hasNext())) {
            log("next after close", "stop");
        }
        return Task.done();
    }

    @Async
    static Task<Void> closeCatcher(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } catch (CancelledException e) {
            log("caught as a cancellation");
            throw e;
        } catch (Throwable e) {
            if (e instanceof GeneratorClosedException) {
                log("caught", e);
            }
            throw e;
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseIsNotCancellation() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::closeCatcher);
        await(g.hasNext());
        await(g.close());
        log("closed, task cancelling", currentTask().cancelling());
        return Task.done();
    }

    @Async
    static Task<Void> yieldsInFinally(Emitter<Integer> out) {
        try {
            await(out.emit(1));
        } finally {
            await(sleep(1));
            await(out.emit(12));
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseIgnoredGeneratorExit() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::yieldsInFinally);
        await(g.hasNext());
        try {
            await(g.close());
        } catch (IllegalStateException e) {
            log("aclose", e);
        }
        return Task.done();
    }

    @Async
    private static Task<Void> failingTarget() {
        await(sleep(10));
        throw new Boom("target");
    }

    @Async
    static Task<Void> awaitsTaskInFinally(Emitter<Integer> out) {
        Task<Void> task = createTask(AsyncgenTwins::failingTarget);
        try {
            await(out.emit(1));
        } finally {
            try {
                await(task);
            } catch (Boom e) {
                log("finally caught", e);
            }
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseWaitsForTaskInFinally() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::awaitsTaskInFinally);
        await(g.hasNext());
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> neverStarted(Emitter<Integer> out) {
        try {
            log("started (must not run)");
            await(out.emit(1));
        } finally {
            log("finally (must not run)");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseBeforeStartAndTwice() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::neverStarted);
        await(g.close());
        await(g.close());
        log("closed twice");
        if (!await(g.hasNext())) {
            log("next", "stop");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenBreakThenAclose() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> countdown(out, 5, 1));
        while (await(g.hasNext())) {
            int v = g.next();
            log("got", v);
            if (v == 4) {
                break;
            }
        }
        log("broke out");
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> handlesThrow(Emitter<Integer> out) {
        try {
            await(sleep(1));
            try {
                await(out.emit(1));
            } catch (Boom e) {
                log("gen caught", e);
                await(sleep(1));
            }
            await(out.emit(2000));
            await(sleep(1));
        } finally {
            await(sleep(1));
            log("gen finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAthrowHandled() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::handlesThrow);
        await(g.hasNext());
        log("got", g.next());
        if (await(g.throwInto(new Boom("thrown")))) {
            log("athrow ->", g.next());
        }
        if (!await(g.hasNext())) {
            log("next", "stop");
        }
        return Task.done();
    }

    @Async
    static Task<Void> oneTwo(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            await(out.emit(2));
        } finally {
            log("gen finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAthrowUnhandled() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::oneTwo);
        await(g.hasNext());
        try {
            await(g.throwInto(new Boom("thrown")));
        } catch (Boom e) {
            log("athrow raised", e);
        }
        if (!await(g.hasNext())) {
            log("next", "stop");
        }
        return Task.done();
    }

    @Async
    static Task<Void> startsLoudly(Emitter<Integer> out) {
        log("started (must not run)");
        await(out.emit(1));
        return Task.done();
    }

    @Async
    static Task<Void> agenAthrowBeforeStart() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::startsLoudly);
        try {
            await(g.throwInto(new Boom("early")));
        } catch (Boom e) {
            log("athrow raised", e);
        }
        if (!await(g.hasNext())) {
            log("next", "stop");
        }
        return Task.done();
    }

    @Async
    static Task<Void> failingProducer(Emitter<Integer> out) {
        await(out.emit(1));
        await(sleep(5));
        throw new Boom("producer");
    }

    @Async
    static Task<Void> agenProducerFailure() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::failingProducer);
        List<Integer> got = new ArrayList<>();
        try {
            while (await(g.hasNext())) {
                got.add(g.next());
            }
        } catch (Boom e) {
            log("consumer caught", e, "after", got);
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenConsumerFailureThenAclose() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> countdown(out, 3, 1));
        try {
            while (await(g.hasNext())) {
                log("got", g.next());
                throw new Boom("consumer");
            }
        } catch (Boom e) {
            log("caught", e);
        } finally {
            await(g.close());
        }
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Void> receivesSentValues(Emitter<Integer> out) {
        try {
            await(sleep(1));
            Integer v = await(out.emit(1));
            log("gen received", v);
            await(sleep(1));
            v = await(out.emit(v * 2));
            log("gen received", v);
        } finally {
            log("gen finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenAsendValues() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::receivesSentValues);
        await(g.send(null));
        log("got", g.next());
        await(g.send(100));
        log("got", g.next());
        if (!await(g.send(7))) {
            log("asend", "stop");            // asend raised StopAsyncIteration
        }
        return Task.done();
    }

    @Async
    static Task<Void> sleepsThenYields(Emitter<Integer> out) {
        try {
            await(sleep(100));
            await(out.emit(1));
        } finally {
            log("gen finally");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> consumeWaiter() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::sleepsThenYields);
        try {
            while (await(g.hasNext())) {
                g.next();
            }
        } catch (CancelledException e) {
            log("consumer caught", e);
            throw e;
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenConsumerCancelledWhileGeneratorAwaits() {
        Task<Void> t = createTask(AsyncgenTwins::consumeWaiter);
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("consumer cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> finalizedAtShutdown(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            await(out.emit(2));
        } finally {
            log("gen finally");
            await(sleep(1));
            log("gen finally done");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenFinalizedByRunShutdown() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::finalizedAtShutdown);
        await(g.hasNext());
        log("got", g.next());
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> failingFinally(Emitter<Integer> out) {
        try {
            await(out.emit(1));
            await(out.emit(2));
        } finally {
            fail("finalizer");
        }
        return Task.done();
    }

    private static void fail(String message) {
        throw new Boom(message);
    }

    @Async
    static Task<Void> agenFinalizerFailureReported() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::failingFinally);
        if (await(g.hasNext())) {
            g.next();
        }
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> innerGen(Emitter<Integer> out) {
        try {
            for (int i = 0; i < 3; i++) {
                await(sleep(1));
                await(out.emit(i));
            }
        } finally {
            log("inner finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> outerGen(Emitter<Integer> out) {
        AsyncGenerator<Integer> it = AsyncGenerator.of(AsyncgenTwins::innerGen);
        try {
            while (await(it.hasNext())) {
                await(out.emit(it.next() * 10));
            }
        } finally {
            await(it.close());
            log("outer finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenNestedGenerators() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(AsyncgenTwins::outerGen);
        await(g.hasNext());
        log("got", g.next());
        await(g.hasNext());
        log("got", g.next());
        await(g.close());
        log("closed");
        return Task.done();
    }
}
