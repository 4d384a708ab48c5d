package dev.weft.runtime.resource;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncCloseable;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's AsyncResource ({@code async with}), for {@link AsyncCloseable} and {@link Weft#using}. */
class UsingTest {
    private final List<String> log = new ArrayList<>();

    /** The seed's AsyncResource: acquiring and releasing both suspend. */
    final class AsyncResource implements AsyncCloseable {
        private final RuntimeException closeFailure;

        AsyncResource(RuntimeException closeFailure) {
            this.closeFailure = closeFailure;
        }

        @Async
        @Override
        public Task<Void> close() {
            await(sleep(1));
            log.add("Releasing resource");
            if (closeFailure != null) {
                throw closeFailure;
            }
            return Task.done();
        }
    }

    @Async
    Task<AsyncResource> open(RuntimeException closeFailure) {
        log.add("Acquiring resource");
        await(sleep(1));
        return Task.of(new AsyncResource(closeFailure));
    }

    @Test
    void theSeedsAsyncWith() {
        assertEquals("result", Weft.run(() -> {
            return using(await(open(null)), r -> {
                log.add("Using resource");
                await(sleep(1));
                return Task.of("result");
            });
        }));
        assertEquals(List.of("Acquiring resource", "Using resource", "Releasing resource"), log);
    }

    @Async
    Task<String> bodyFails(RuntimeException closeFailure) {
        try {
            await(using(await(open(closeFailure)), r -> {
                await(sleep(1));
                throw new IllegalArgumentException("body failed");
            }));
            return Task.of("no failure");
        } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
            return Task.of(e.getSuppressed().length == 0 ? "no suppressed" : e.getSuppressed()[0].getMessage());
        }
    }

    @Test
    void aBodyFailureStillCloses() {
        assertEquals("no suppressed", Weft.run(() -> bodyFails(null)));
        assertEquals(List.of("Acquiring resource", "Releasing resource", "caught body failed"), log);
    }

    @Test
    void aCloseFailureAfterABodyFailureIsSuppressed() {
        assertEquals("close failed", Weft.run(() -> bodyFails(new IllegalStateException("close failed"))));
    }

    @Test
    void aCloseFailureAfterAValueFailsTheTask() {
        assertEquals("close failed", Weft.run(() -> {
            try {
                await(using(await(open(new IllegalStateException("close failed"))), r -> Task.of("value")));
                return Task.of("no failure");
            } catch (IllegalStateException e) {
                return Task.of(e.getMessage());
            }
        }));
    }

    @Test
    void aCancelledBodyStillCloses() {
        Weft.run(() -> {
            AsyncResource resource = await(open(null));
            Task<Void> inUse = using(resource, r -> {
                log.add("Using resource");
                await(sleep(10_000));
                log.add("not reached");
                return Task.done();
            });
            await(sleep(1));
            inUse.cancel();
            try {
                await(inUse);
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            assertTrue(inUse.isCancelled());
            return Task.done();
        });
        assertEquals(List.of("Acquiring resource", "Using resource", "Releasing resource", "cancelled"), log);
    }

    @Test
    void theTryFinallyIdiom() {
        Weft.run(() -> {
            AsyncResource r = await(open(null));
            try {
                log.add("Using resource");
                throw new IllegalArgumentException("boom");
            } catch (IllegalArgumentException e) {
                log.add("caught");
            } finally {
                await(r.close());
            }
            return Task.done();
        });
        assertEquals(List.of("Acquiring resource", "Using resource", "caught", "Releasing resource"), log);
    }

    @Test
    void aBodyThatThrowsBeforeReturningATaskStillCloses() {
        assertEquals("at once", Weft.run(() -> {
            try {
                await(using(await(open(null)), r -> {
                    throw new IllegalArgumentException("at once");
                }));
                return Task.of("no failure");
            } catch (IllegalArgumentException e) {
                return Task.of(e.getMessage());
            }
        }));
        assertEquals(List.of("Acquiring resource", "Releasing resource"), log);
    }
}
