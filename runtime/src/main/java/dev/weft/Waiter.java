package dev.weft;

/**
 * The task a suspending operation of a synchronization primitive or queue returns while it waits:
 * a node of a {@link WaitQueue}, completed by the primitive when it grants the operation.
 *
 * <p>Two ways a waiter's coroutine can go away, both handled here so nothing granted is lost:
 * <pre>
 *   when                                    what the primitive hears
 *   cancelled while still waiting           onCancelled(): it leaves the queue
 *   cancelled after the grant, before the   onUndelivered(): called by Coroutine.resumeValue, which
 *   coroutine resumed (same loop turn)      throws CancelledException instead of returning the value;
 *                                           the primitive takes back what it granted
 * </pre>
 * The primitives are loop-confined (like asyncio's): all of this runs on the loop's thread.
 * Waiters that take what they wait for in their own step ({@link Contender}: locks, semaphores,
 * queues, conditions) complete in the step their coroutine resumes in, so for them the second case
 * arises only when something other than a coroutine awaits them.
 *
 * @param <T> the type of what is granted
 */
class Waiter<T> extends Task<T> {
    /** Links of the {@link WaitQueue} this waiter is in; both null when it is in none. */
    Waiter<?> prev;
    Waiter<?> next;
    WaitQueue<?> queue;

    /** Called once, after this waiter was cancelled while it was waiting (not yet granted). */
    void onCancelled() {
        WaitQueue<?> q = queue;
        if (q != null) {
            q.unlink(this);
        }
    }

    /** Called once, when the grant this waiter completed with was never delivered to its coroutine. */
    void onUndelivered() {
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        onCancelled();
        return true;
    }

    /**
     * Completes this waiter so that a coroutine awaiting it on {@code loop} goes on right here, in
     * the current step, instead of a loop pass later: for a waiter that completes in the turn its
     * awaiter would have in asyncio (where the code after {@code await fut} runs in the task's step).
     */
    final void completeHere(EventLoop loop, T value) {
        settleHere(loop, value, null);
    }

    /** Like {@link #completeHere} with a failure. */
    final void failHere(EventLoop loop, Throwable failure) {
        settleHere(loop, null, failure);
    }

    private void settleHere(EventLoop loop, T value, Throwable failure) {
        Task<?> outer = loop == null ? null : loop.yielding;
        if (loop != null) {
            loop.yielding = this;
        }
        try {
            if (failure == null) {
                complete(value);
            } else {
                fail(failure);
            }
        } finally {
            if (loop != null) {
                loop.yielding = outer;
            }
        }
    }

    /** The hook {@link Coroutine} calls when it drops the value of {@code awaited} for a cancellation. */
    static void undelivered(Task<?> awaited) {
        if (awaited instanceof Waiter && awaited.isDone() && !awaited.isFailed() && !awaited.isCancelled()) {
            ((Waiter<?>) awaited).onUndelivered();
        }
    }
}
