package dev.weft;

/**
 * The task of {@code sleep(0)}: done when the loop comes round to it. A coroutine awaiting it
 * resumes right there rather than on the turn after, so a yield is one trip through the loop, as
 * asyncio's {@code sleep(0)} is. Cancelling it needs no clean-up: it is in no timer heap.
 */
final class Yield extends Task<Void> implements Runnable {
    private final EventLoop loop;

    Yield(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void run() {
        Yield outer = loop.yielding;
        loop.yielding = this;
        try {
            complete(null);
        } finally {
            loop.yielding = outer;
        }
    }
}
