package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Waiter;

/**
 * {@link AsyncBarrier}, as asyncio's: a count and a state guarded by a {@link AsyncCondition}. The last
 * arrival of a round sets DRAINING and signals everyone; the round's waiters leave one by one
 * (each re-acquiring the condition's lock), and the last to leave sets FILLING again. Arrivals
 * during DRAINING (or RESETTING) wait until then.
 *
 * <pre>
 *   state      entered by                           left
 *   FILLING    creation, the last leaver of a round  DRAINING (the last arrival), RESETTING, BROKEN
 *   DRAINING   the last arrival                     FILLING (the last leaver)
 *   RESETTING  reset() with waiters                 FILLING (the last leaver)
 *   BROKEN     abort()                              FILLING (reset() with no one waiting)
 * </pre>
 */
final class BarrierImpl implements AsyncBarrier {
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = 2;
    private static final int BROKEN = 3;
    private static final String[] NAMES = {"filling", "draining", "resetting", "broken"};

    private final ConditionImpl cond = new ConditionImpl(AsyncLock.create());
    private final int parties;
    private int state = FILLING;
    /** Arrivals of this round that have not left yet. */
    private int count;
    private final LoopBinding binding = new LoopBinding();

    BarrierImpl(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, not " + parties);
        }
        this.parties = parties;
    }

    @Override
    public Task<Integer> arriveAndWait() {
        binding.check("The Barrier");
        return new Arrival().start();
    }

    /**
     * Resets at once (asyncio's {@code reset()} first takes the barrier's lock, which no one holds
     * between steps): waiters fail with {@link BarrierBrokenException} and the barrier fills anew
     * once they have left.
     */
    @Override
    public void reset() {
        binding.check("The Barrier");
        if (count > 0) {
            state = RESETTING;
        } else {
            state = FILLING;
        }
        cond.wake(Integer.MAX_VALUE);
    }

    @Override
    public void abort() {
        binding.check("The Barrier");
        state = BROKEN;
        cond.wake(Integer.MAX_VALUE);
    }

    /** A counted arrival leaves; the last one of a draining or resetting round opens the next. */
    private void leave() {
        count--;
        if (count == 0) {
            if (state == RESETTING || state == DRAINING) {
                state = FILLING;
            }
            cond.wake(Integer.MAX_VALUE);
        }
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int waiting() {
        return state == FILLING ? count : 0;
    }

    @Override
    public boolean isBroken() {
        return state == BROKEN;
    }

    @Override
    public String toString() {
        return "Barrier[" + NAMES[state] + (state == BROKEN ? "" : ", waiters:" + waiting() + "/" + parties) + "]";
    }

    /**
     * One arrival, asyncio's {@code wait()}: take the lock, wait while the barrier drains or
     * resets, count in, then either release the round (the last arrival) or wait for it to be
     * released; leave; release the lock. Each wait resumes in the step that re-acquired the lock.
     */
    private final class Arrival extends Waiter<Integer> {
        private static final int LOCKING = 0;
        private static final int BLOCKING = 1;
        private static final int WAITING = 2;

        private int phase;
        private int index;
        /** What this arrival waits for now: the lock, or a condition wait. */
        private Task<?> current;

        @Override
        protected String waitsOn() {
            return "AsyncBarrier (" + count + " of " + parties + " arrived, " + NAMES[state] + ")";
        }

        Task<Integer> start() {
            await(LOCKING, cond.acquire());
            return this;
        }

        private void await(int next, Task<?> task) {
            phase = next;
            current = task;
            follow(task);
        }

        @Override
        protected void onFollowed(Task<?> task) {
            Throwable failure = Outcomes.exceptionOf(task);
            switch (phase) {
                case LOCKING:
                    if (failure != null) {
                        refuse(failure);
                        return;
                    }
                    await(BLOCKING, cond.waitUntil(() -> state != DRAINING && state != RESETTING));
                    return;
                case BLOCKING:
                    if (failure == null && state == BROKEN) {
                        failure = new BarrierBrokenException("Barrier aborted");
                    }
                    if (failure != null) {
                        cond.release();
                        refuse(failure);
                        return;
                    }
                    index = count++;
                    if (index + 1 == parties) {
                        state = DRAINING;
                        cond.wake(Integer.MAX_VALUE);
                        end(null);
                    } else {
                        await(WAITING, cond.waitUntil(() -> state != FILLING));
                    }
                    return;
                default:
                    if (failure == null && (state == BROKEN || state == RESETTING)) {
                        failure = new BarrierBrokenException("Abort or reset of barrier");
                    }
                    end(failure);
            }
        }

        private void end(Throwable failure) {
            leave();
            cond.release();
            if (failure != null) {
                refuse(failure);
            } else {
                grant(index);
            }
        }

        /** Cancels what it waits for; a condition wait ends only once the lock is held again. */
        @Override
        public boolean cancel(String message) {
            return !isDone() && current.cancel(message);
        }
    }
}
