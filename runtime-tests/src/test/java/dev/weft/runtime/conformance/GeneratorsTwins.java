package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.CancelledException;
import dev.weft.Emitter;
import dev.weft.GeneratorClosedException;
import dev.weft.Task;
import java.util.NoSuchElementException;

/**
 * Twins of generators.py: an async generator is an {@code @Async} producer emitting to an
 * {@link Emitter}; {@code async for} is {@code while (await(it.hasNext())) it.next()}, {@code anext}
 * is {@link #anext}, {@code aclose} is {@code close()}, {@code athrow} is {@code throwInto}.
 */
final class GeneratorsTwins {
    private GeneratorsTwins() {
    }

    @Async
    static <T> Task<T> anext(AsyncGenerator<T> it) {
        if (!await(it.hasNext())) {
            throw new NoSuchElementException();
        }
        return Task.of(it.next());
    }

    @Async
    static Task<Void> counter(int n, long delay, Emitter<Integer> out) {
        try {
            for (int i = 0; i < n; i++) {
                log("producing", i);
                await(out.emit(i));
                await(sleep(delay));
            }
        } finally {
            log("generator finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenIterate() {
        AsyncGenerator<Integer> it = AsyncGenerator.of(out -> counter(3, 10, out));
        while (await(it.hasNext())) {
            log("got", it.next());
        }
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> agenProducesOnDemand() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> counter(3, 10, out));
        log("created");
        await(sleep(5));
        log("first", await(anext(g)));
        await(sleep(5));
        log("second", await(anext(g)));
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseRunsFinally() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            try {
                await(out.emit(1));
                await(out.emit(2));
            } catch (GeneratorClosedException e) {
                log("caught generator exit");
                throw e;
            } catch (CancelledException e) {
                log("caught cancelled");
                throw e;
            } finally {
                log("finally");
            }
            return Task.done();
        });
        log("got", await(anext(g)));
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseWithAwaitInFinally() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            try {
                await(out.emit(1));
            } finally {
                await(sleep(10));
                log("cleaned up");
            }
            return Task.done();
        });
        log("got", await(anext(g)));
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> agenAthrowCaught() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            try {
                await(out.emit(1));
            } catch (Boom e) {
                log("generator caught", e);
                await(out.emit(2));
            }
            await(out.emit(3));
            return Task.done();
        });
        log("got", await(anext(g)));
        await(g.throwInto(new Boom("thrown")));
        log("athrow ->", g.next());
        log("got", await(anext(g)));
        await(g.close());
        return Task.done();
    }

    @Async
    static Task<Void> agenAthrowUncaught() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            try {
                await(out.emit(1));
            } finally {
                log("finally");
            }
            return Task.done();
        });
        log("got", await(anext(g)));
        try {
            await(g.throwInto(new Boom("thrown")));
        } catch (Boom e) {
            log("athrow raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenFailureSurfacesAtNext() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            await(out.emit(1));
            await(sleep(10));
            throw new Boom("producer");
        });
        try {
            while (await(g.hasNext())) {
                log("got", g.next());
            }
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenConsumerCancelled() {
        Task<Void> t = createTask(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                try {
                    await(out.emit(1));
                    await(sleep(100));
                    await(out.emit(2));
                } catch (CancelledException e) {
                    log("generator cancelled");
                    throw e;
                } finally {
                    log("generator finally");
                }
                return Task.done();
            });
            while (await(g.hasNext())) {
                log("got", g.next());
            }
            return Task.done();
        });
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("consumer cancelled");
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenFinalizedByRun() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> counter(3, 10, out));
        log("got", await(anext(g)));
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> agenBreakLeavesGeneratorOpen() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> counter(5, 10, out));
        while (await(g.hasNext())) {
            int v = g.next();
            log("got", v);
            if (v == 1) {
                break;
            }
        }
        log("after break");
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    static Task<Void> agenAcloseIsNotACancellation() {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
            try {
                await(out.emit(1));
            } catch (CancelledException e) {
                log("caught as a cancellation");
                throw e;
            } finally {
                log("finally");
            }
            return Task.done();
        });
        log("got", await(anext(g)));
        await(g.close());
        log("closed");
        return Task.done();
    }

    @Async
    private static Task<Void> numbers(String name, Emitter<Integer> out) {
        for (int i = 0; i < 3; i++) {
            log(name, "yields", i);
            await(out.emit(i));
        }
        return Task.done();
    }

    @Async
    private static Task<Void> consume(String name) {
        AsyncGenerator<Integer> g = AsyncGenerator.of(out -> numbers(name, out));
        while (await(g.hasNext())) {
            log(name, "got", g.next());
        }
        return Task.done();
    }

    @Async
    static Task<Void> agenHandsItemsWithinOneStep() {
        await(gather(createTask(() -> consume("A")), createTask(() -> consume("B"))));
        return Task.done();
    }
}
