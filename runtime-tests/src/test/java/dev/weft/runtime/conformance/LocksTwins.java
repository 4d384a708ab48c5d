package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncBarrier;
import dev.weft.sync.AsyncBoundedSemaphore;
import dev.weft.sync.AsyncCondition;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.BarrierBrokenException;
import dev.weft.sync.Permit;
import java.util.List;
import java.util.function.Supplier;

/** Twins of locks.py: {@code async with lock:} is {@code try (Permit p = await(lock.acquire()))}. */
final class LocksTwins {
    private LocksTwins() {
    }

    @Async
    static Task<Void> hold(Supplier<Task<Permit>> acquire, String name, long delay) {
        try (Permit p = await(acquire.get())) {
            log(name, "has it");
            await(sleep(delay));
            log(name, "releases");
        }
        return Task.done();
    }

    @Async
    static Task<Void> lockFifoOrder() {
        AsyncLock lock = AsyncLock.create();
        Task<Void> a = createTask(() -> hold(lock::acquire, "A", 10));
        Task<Void> b = createTask(() -> hold(lock::acquire, "B", 10));
        Task<Void> c = createTask(() -> hold(lock::acquire, "C", 10));
        await(gather(a, b, c));
        log("locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockLockedDuringHandoff() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Void> t = createTask(() -> hold(lock::acquire, "B", 10));
        await(sleep(0));
        lock.release();
        log("after release, locked", lock.isLocked());
        await(sleep(0));
        log("next turn, locked", lock.isLocked());
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> lockNoBarging() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Void> b = createTask(() -> hold(lock::acquire, "B", 10));
        await(sleep(0));
        lock.release();
        Task<Void> c = createTask(() -> hold(lock::acquire, "C", 10));
        await(gather(b, c));
        return Task.done();
    }

    @Async
    static Task<Void> lockFastPathDoesNotYield() {
        AsyncLock lock = AsyncLock.create();
        Task<Void> t = createTask(() -> {
            log("other ran");
            return Task.done();
        });
        await(lock.acquire());
        log("acquired, other done", t.isDone());
        lock.release();
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> lockCancelWaiter() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Void> b = createTask(() -> hold(lock::acquire, "B", 10));
        Task<Void> c = createTask(() -> hold(lock::acquire, "C", 10));
        await(sleep(0));
        b.cancel();
        await(sleep(0));
        lock.release();
        await(c);
        log("B cancelled", b.isCancelled(), "locked", lock.isLocked());
        return Task.done();
    }

    @Async
    private static Task<Void> lockit(AsyncLock lock, String name, int[] count) {
        await(lock.acquire());
        count[0]++;
        log(name, "acquired");
        return Task.done();
    }

    @Async
    static Task<Void> lockCancelReleaseRace() {
        AsyncLock lock = AsyncLock.create();
        int[] count = new int[1];
        await(lock.acquire());
        Task<Void> t1 = createTask(() -> lockit(lock, "t1", count));
        Task<Void> t2 = createTask(() -> lockit(lock, "t2", count));
        Task<Void> t3 = createTask(() -> lockit(lock, "t3", count));
        await(sleep(0));
        Weft.loop().callSoon(() -> {
            t1.cancel();
            lock.release();
        });
        try {
            await(t1);
        } catch (CancelledException e) {
            log("t1 cancelled");
        }
        log("count", count[0], "t2 done", t2.isDone());
        t3.cancel();
        await(sleep(0));
        log("t3 cancelled", t3.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> lockFinishedWaiterCancelled() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Permit> ta = createTask(lock::acquire);
        await(sleep(0));
        Task<Permit> tb = createTask(lock::acquire);
        await(sleep(0));
        lock.release();
        ta.cancel();
        await(sleep(0));
        log("A cancelled", ta.isCancelled(), "B done", tb.isDone(), "locked", lock.isLocked());
        await(sleep(0));
        log("A cancelled", ta.isCancelled(), "B done", tb.isDone(), "locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockReleaseUnlocked() {
        AsyncLock lock = AsyncLock.create();
        try {
            lock.release();
        } catch (IllegalStateException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> lockReleasedOnFailure() {
        AsyncLock lock = AsyncLock.create();
        try (Permit p = await(lock.acquire())) {
            await(sleep(5));
            throw new IllegalArgumentException("inside");
        } catch (IllegalArgumentException e) {
            log("raised", e, "locked", lock.isLocked());
        }
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreFifoOrder() {
        AsyncSemaphore sem = AsyncSemaphore.create(2);
        Task<Void> a = createTask(() -> hold(sem::acquire, "A", 10));
        Task<Void> b = createTask(() -> hold(sem::acquire, "B", 10));
        Task<Void> c = createTask(() -> hold(sem::acquire, "C", 10));
        Task<Void> d = createTask(() -> hold(sem::acquire, "D", 10));
        await(gather(a, b, c, d));
        log("locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreFifoOrder2() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        Task<Void> t1 = createTask(() -> {
            await(sem.acquire());
            log(1);
            return Task.done();
        });
        Task<Void> t2 = createTask(() -> {
            await(sem.acquire());
            log(2);
            sem.release();
            await(sem.acquire());
            log(4);
            return Task.done();
        });
        Task<Void> t3 = createTask(() -> {
            await(sem.acquire());
            log(3);
            return Task.done();
        });
        await(sleep(0));
        sem.release();
        sem.release();
        await(gather(t1, t2, t3));
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreFifoOrder4() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        @SuppressWarnings("unchecked")
        Task<Void>[] t4 = new Task[1];
        Task<Void> t1 = createTask(() -> {
            await(sem.acquire());
            t4[0] = createTask(() -> {
                log(4);
                return Task.done();
            });
            log(1);
            return Task.done();
        });
        Task<Void> t2 = createTask(() -> {
            sem.release();
            sem.release();
            sem.release();
            log("c2 released 3, locked", sem.isLocked());
            await(sem.acquire());
            log(2);
            return Task.done();
        });
        Task<Void> t3 = createTask(() -> {
            await(sem.acquire());
            log(3, "locked", sem.isLocked());
            return Task.done();
        });
        await(sleep(0));
        await(sleep(0));
        await(gather(t1, t2, t3));
        await(t4[0]);
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreLockedDuringHandoff() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        await(sem.acquire());
        Task<Void> t = createTask(() -> hold(sem::acquire, "B", 10));
        await(sleep(0));
        sem.release();
        log("after release, locked", sem.isLocked());
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreCancelWaiter() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        await(sem.acquire());
        Task<Void> b = createTask(() -> hold(sem::acquire, "B", 10));
        Task<Void> c = createTask(() -> hold(sem::acquire, "C", 10));
        await(sleep(0));
        b.cancel();
        sem.release();
        await(c);
        log("B cancelled", b.isCancelled(), "locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreCancelBeforeAwoken() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        Task<Permit> t1 = createTask(sem::acquire);
        Task<Permit> t2 = createTask(sem::acquire);
        Task<Permit> t3 = createTask(sem::acquire);
        Task<Permit> t4 = createTask(sem::acquire);
        await(sleep(0));
        t1.cancel();
        t2.cancel();
        sem.release();
        await(sleep(0));
        await(sleep(0));
        List<Task<Permit>> ts = List.of(t1, t2, t3, t4);
        log("done", ts.stream().map(Task::isDone).toList(), "cancelled", ts.stream().map(Task::isCancelled).toList());
        t4.cancel();
        await(sleep(0));
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreInitialZero() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        Task<Void> t = createTask(() -> hold(sem::acquire, "A", 5));
        await(sleep(10));
        log("A waiting, locked", sem.isLocked());
        sem.release();
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> boundedSemaphoreReleaseTooMany() {
        AsyncBoundedSemaphore sem = AsyncBoundedSemaphore.create(1);
        await(sem.acquire());
        sem.release();
        try {
            sem.release();
        } catch (IllegalStateException e) {
            // Java idiom: a release without an acquire is an IllegalStateException; asyncio raises ValueError.
            log("raised", "value");
        }
        return Task.done();
    }

    @Async
    static Task<Void> eventWakesAllWaiters() {
        AsyncEvent ev = AsyncEvent.create();
        @SuppressWarnings("unchecked")
        Task<Void>[] ts = new Task[3];
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < 3; i++) {
            String n = names[i];
            ts[i] = createTask(() -> {
                boolean r = await(ev.waitSet());
                log(n, "woke", r);
                return Task.done();
            });
        }
        await(sleep(10));
        log("set");
        ev.set();
        log("is set", ev.isSet());
        await(gather(ts));
        return Task.done();
    }

    @Async
    static Task<Void> eventWaitWhenSet() {
        AsyncEvent ev = AsyncEvent.create();
        ev.set();
        log("wait ->", await(ev.waitSet()));
        return Task.done();
    }

    @Async
    static Task<Void> eventClearWithWaiters() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Void> t = createTask(() -> {
            await(ev.waitSet());
            log("woke, is set", ev.isSet());
            return Task.done();
        });
        await(sleep(0));
        ev.set();
        ev.clear();
        log("cleared");
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> eventCancelWaiter() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Boolean> a = createTask(ev::waitSet);
        Task<Boolean> b = createTask(ev::waitSet);
        await(sleep(0));
        a.cancel();
        await(sleep(0));
        ev.set();
        log("b ->", await(b), "a cancelled", a.isCancelled());
        return Task.done();
    }

    @Async
    private static Task<Void> condWaiter(AsyncCondition cond, String name) {
        try (Permit p = await(cond.acquire())) {
            await(cond.waitSignal());
            log(name, "notified");
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionNotifyOneByOne() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> a = createTask(() -> condWaiter(cond, "A"));
        Task<Void> b = createTask(() -> condWaiter(cond, "B"));
        Task<Void> c = createTask(() -> condWaiter(cond, "C"));
        await(sleep(1));
        try (Permit p = await(cond.acquire())) {
            cond.signal(1);
            log("notified 1");
        }
        await(sleep(1));
        try (Permit p = await(cond.acquire())) {
            cond.signal(2);
            log("notified 2");
        }
        await(gather(a, b, c));
        return Task.done();
    }

    @Async
    private static Task<Void> condSlowWaiter(AsyncCondition cond, String name) {
        try (Permit p = await(cond.acquire())) {
            await(cond.waitSignal());
            log(name, "notified, locked", cond.isLocked());
            await(sleep(1));
            log(name, "releases");
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionNotifyAll() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> a = createTask(() -> condSlowWaiter(cond, "A"));
        Task<Void> b = createTask(() -> condSlowWaiter(cond, "B"));
        await(sleep(1));
        try (Permit p = await(cond.acquire())) {
            cond.signalAll();
            log("notified all");
        }
        log("after release, locked", cond.isLocked());
        await(gather(a, b));
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitForPredicate() {
        AsyncCondition cond = AsyncCondition.create();
        int[] state = new int[1];
        Task<Void> t = createTask(() -> {
            try (Permit p = await(cond.acquire())) {
                boolean r = await(cond.waitUntil(() -> state[0] == 2));
                log("predicate true", r);
            }
            return Task.done();
        });
        await(sleep(1));
        for (int i = 1; i <= 2; i++) {
            try (Permit p = await(cond.acquire())) {
                state[0] = i;
                cond.signal();
                log("state", i);
            }
            await(sleep(1));
        }
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitCancel() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> t = createTask(() -> {
            try (Permit p = await(cond.acquire())) {
                try {
                    await(cond.waitSignal());
                } catch (CancelledException e) {
                    log("cancelled, locked", cond.isLocked());
                    throw e;
                }
            }
            return Task.done();
        });
        await(sleep(1));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("task cancelled, locked", cond.isLocked());
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitCancelContested() {
        AsyncCondition cond = AsyncCondition.create();
        await(cond.acquire());
        Task<Void> waitTask = createTask(() -> {
            try {
                await(cond.waitSignal());
                log("waiter woke, locked", cond.isLocked());
            } catch (CancelledException e) {
                log("waiter cancelled, locked", cond.isLocked());
                throw e;
            }
            return Task.done();
        });
        await(sleep(0));
        log("waiting, locked", cond.isLocked());
        await(cond.acquire());
        cond.signal();
        Weft.loop().callSoon(() -> waitTask.cancel());
        Weft.loop().callSoon(cond::release);
        try {
            await(waitTask);
        } catch (CancelledException e) {
            log("wait_task cancelled");
        }
        log("locked", cond.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> conditionNotifyUnacquired() {
        AsyncCondition cond = AsyncCondition.create();
        try {
            cond.signal();
        } catch (IllegalStateException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitUnacquired() {
        AsyncCondition cond = AsyncCondition.create();
        try {
            await(cond.waitSignal());
        } catch (IllegalStateException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierBasic() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        @SuppressWarnings("unchecked")
        Task<Void>[] ts = new Task[3];
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < 3; i++) {
            String n = names[i];
            long d = 10L * (i + 1);
            ts[i] = createTask(() -> {
                await(sleep(d));
                log(n, "arrives, waiting", barrier.waiting());
                int idx = await(barrier.arriveAndWait());
                log(n, "passes as", idx);
                return Task.done();
            });
        }
        await(gather(ts));
        log("waiting", barrier.waiting(), "broken", barrier.isBroken());
        return Task.done();
    }

    @Async
    static Task<Void> barrierFillingTasksWaitTwice() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        @SuppressWarnings("unchecked")
        Task<Void>[] ts = new Task[3];
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < 3; i++) {
            String n = names[i];
            ts[i] = createTask(() -> {
                await(barrier.arriveAndWait());
                log(n, "round 1");
                await(barrier.arriveAndWait());
                log(n, "round 2");
                return Task.done();
            });
        }
        await(gather(ts));
        log("waiting", barrier.waiting(), "broken", barrier.isBroken());
        return Task.done();
    }

    @Async
    static Task<Void> barrierBlockingTasksWhileDraining() {
        AsyncBarrier barrier = AsyncBarrier.create(5);
        AsyncBarrier nowaiting = AsyncBarrier.create(3);
        int[] rewait = {2};
        @SuppressWarnings("unchecked")
        Task<Void>[] ts = new Task[5];
        String[] names = {"A", "B", "C", "D", "E"};
        for (int i = 0; i < 5; i++) {
            String n = names[i];
            ts[i] = createTask(() -> {
                await(barrier.arriveAndWait());
                if (rewait[0] > 0) {
                    rewait[0]--;
                    log(n, "waits again");
                    await(barrier.arriveAndWait());
                } else {
                    await(nowaiting.arriveAndWait());
                    log(n, "passed nowaiting");
                    await(barrier.arriveAndWait());
                }
                log(n, "done");
                return Task.done();
            });
        }
        await(gather(ts));
        return Task.done();
    }

    @Async
    private static Task<Void> brokenParty(AsyncBarrier barrier, String name) {
        try {
            await(barrier.arriveAndWait());
            log(name, "passed");
        } catch (BarrierBrokenException e) {
            log(name, "raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierAbort() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> a = createTask(() -> brokenParty(barrier, "A"));
        Task<Void> b = createTask(() -> brokenParty(barrier, "B"));
        await(sleep(5));
        barrier.abort();
        await(gather(a, b));
        log("broken", barrier.isBroken());
        try {
            await(barrier.arriveAndWait());
        } catch (BarrierBrokenException e) {
            log("late wait raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierResetWhileWaiting() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> a = createTask(() -> brokenParty(barrier, "A"));
        Task<Void> b = createTask(() -> brokenParty(barrier, "B"));
        await(sleep(5));
        barrier.reset();
        await(gather(a, b));
        log("broken", barrier.isBroken(), "waiting", barrier.waiting());
        Task<Void> c = createTask(() -> brokenParty(barrier, "C"));
        Task<Void> d = createTask(() -> brokenParty(barrier, "D"));
        Task<Void> e = createTask(() -> brokenParty(barrier, "E"));
        await(gather(c, d, e));
        return Task.done();
    }

    @Async
    private static Task<Void> party(AsyncBarrier barrier, String name) {
        await(barrier.arriveAndWait());
        log(name, "passed");
        return Task.done();
    }

    @Async
    static Task<Void> barrierCancelOne() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> a = createTask(() -> party(barrier, "A"));
        await(sleep(1));
        Task<Void> b = createTask(() -> party(barrier, "B"));
        await(sleep(1));
        b.cancel();
        await(sleep(1));
        log("waiting", barrier.waiting());
        Task<Void> c = createTask(() -> party(barrier, "C"));
        Task<Void> d = createTask(() -> party(barrier, "D"));
        await(gather(a, c, d));
        return Task.done();
    }
}
