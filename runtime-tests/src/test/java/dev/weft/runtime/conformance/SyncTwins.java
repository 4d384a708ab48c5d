package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.loop;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.sync.AsyncBarrier;
import dev.weft.sync.AsyncBoundedSemaphore;
import dev.weft.sync.AsyncCondition;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.BarrierBrokenException;
import dev.weft.sync.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Twins of sync.py. */
final class SyncTwins {
    private SyncTwins() {
    }

    @Async
    static Task<Void> lockHolder(AsyncLock lock, String name, long hold) {
        await(lock.acquire());
        log(name, "acquired");
        await(sleep(hold));
        log(name, "releases");
        lock.release();
        return Task.done();
    }

    @Async
    static Task<Void> lockWaitersAcquireInFifoOrder() {
        AsyncLock lock = AsyncLock.create();
        Task<Void> a = createTask(() -> lockHolder(lock, "A", 10));
        Task<Void> b = createTask(() -> lockHolder(lock, "B", 5));
        Task<Void> c = createTask(() -> lockHolder(lock, "C", 1));
        await(gather(a, b, c));
        log("locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> appendOnAcquire(AsyncLock lock, List<Integer> got, int n) {
        await(lock.acquire());
        got.add(n);
        return Task.done();
    }

    @Async
    static Task<Void> lockAcquireSteps() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        List<Integer> got = new ArrayList<>();
        Task<Void> t1 = createTask(() -> appendOnAcquire(lock, got, 1));
        Task<Void> t2 = createTask(() -> appendOnAcquire(lock, got, 2));
        await(sleep(0));
        log("before release", got);
        lock.release();
        await(sleep(0));
        log("after release 1", got);
        await(sleep(0));
        log("one turn later", got);
        Task<Void> t3 = createTask(() -> appendOnAcquire(lock, got, 3));
        lock.release();
        await(sleep(0));
        log("after release 2", got);
        lock.release();
        await(sleep(0));
        log("after release 3", got, t1.isDone(), t2.isDone(), t3.isDone());
        return Task.done();
    }

    @Async
    static Task<Void> handOffWaiter(AsyncLock lock) {
        await(lock.acquire());
        log("waiter acquired", lock.isLocked());
        lock.release();
        return Task.done();
    }

    @Async
    static Task<Void> lockLockedDuringHandOff() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Void> t = createTask(() -> handOffWaiter(lock));
        await(sleep(0));
        lock.release();
        log("after release locked", lock.isLocked());
        await(t);
        log("end locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockAcquireCancel() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Permit> task = createTask(lock::acquire);
        loop().callSoon(() -> task.cancel());
        try {
            await(task);
        } catch (CancelledException e) {
            log("caught", e);
        }
        log("locked", lock.isLocked(), "cancelled", task.isCancelled());
        lock.release();
        log("released, locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockit(AsyncLock lock, String name, Task<?> blocker) {
        await(lock.acquire());
        log(name, "acquired");
        try {
            if (blocker != null) {
                await(blocker);
            }
        } finally {
            lock.release();
            log(name, "released");
        }
        return Task.done();
    }

    @Async
    static Task<Void> lockCancelRace() {
        AsyncLock lock = AsyncLock.create();
        Promise<Void> fa = Task.promise();
        Task<Void> ta = createTask(() -> lockit(lock, "A", fa));
        await(sleep(0));
        Task<Void> tb = createTask(() -> lockit(lock, "B", null));
        await(sleep(0));
        Task<Void> tc = createTask(() -> lockit(lock, "C", null));
        await(sleep(0));
        fa.complete(null);
        tb.cancel();
        await(sleep(0));
        log("locked", lock.isLocked(), "A done", ta.isDone(), "B cancelled", tb.isCancelled());
        await(tc);
        log("end locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockCancelledWaiterPassesLockOn() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Permit> tb = createTask(lock::acquire);
        await(sleep(0));
        Task<Permit> tc = createTask(lock::acquire);
        tb.cancel();
        lock.release();
        await(sleep(0));
        log("locked", lock.isLocked(), "tb cancelled", tb.isCancelled(), "tc done", tc.isDone());
        await(tc);
        log("tc got it, locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> lockReleaseNotAcquired() {
        AsyncLock lock = AsyncLock.create();
        try {
            lock.release();
        } catch (IllegalStateException e) {
            log("caught", e);
        }
        await(lock.acquire());
        log("locked", lock.isLocked());
        lock.release();
        log("locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> acquireLogRelease(AsyncLock lock, String name) {
        await(lock.acquire());
        log(name, "acquired");
        lock.release();
        return Task.done();
    }

    @Async
    static Task<Void> lockNoBargingPastWaiters() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire());
        Task<Void> a = createTask(() -> acquireLogRelease(lock, "A"));
        await(sleep(0));
        lock.release();
        Task<Void> b = createTask(() -> acquireLogRelease(lock, "B"));
        await(gather(a, b));
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreCountsAndLocked() {
        AsyncSemaphore sem = AsyncSemaphore.create(2);
        log("locked", sem.isLocked());
        await(sem.acquire());
        await(sem.acquire());
        log("locked", sem.isLocked());
        sem.release();
        log("locked", sem.isLocked());
        sem.release();
        sem.release();
        await(sem.acquire());
        await(sem.acquire());
        await(sem.acquire());
        log("three acquired, locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> fifoTwice(AsyncSemaphore sem, String tag) {
        await(sem.acquire());
        log(tag, 1);
        await(sleep(0));
        sem.release();
        await(sem.acquire());
        log(tag, 2);
        await(sleep(0));
        sem.release();
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireFifoOrder() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        Task<Void> a = createTask(() -> fifoTwice(sem, "c1"));
        Task<Void> b = createTask(() -> fifoTwice(sem, "c2"));
        Task<Void> c = createTask(() -> fifoTwice(sem, "c3"));
        await(gather(a, b, c));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> acquireLog(AsyncSemaphore sem, Object n) {
        await(sem.acquire());
        log(n);
        return Task.done();
    }

    @Async
    static Task<Void> fifo2c2(AsyncSemaphore sem) {
        await(sem.acquire());
        log(2);
        sem.release();
        await(sem.acquire());
        log(4);
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireFifoOrder2() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        Task<Void> t1 = createTask(() -> acquireLog(sem, 1));
        Task<Void> t2 = createTask(() -> fifo2c2(sem));
        Task<Void> t3 = createTask(() -> acquireLog(sem, 3));
        await(sleep(0));
        sem.release();
        sem.release();
        await(gather(t1, t2, t3));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireFifoOrder3() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        Task<Void> t1 = createTask(() -> acquireLog(sem, 1));
        Task<Void> t2 = createTask(() -> acquireLog(sem, 2));
        Task<Void> t3 = createTask(() -> acquireLog(sem, 3));
        await(sleep(0));
        t1.cancel();
        await(sleep(0));
        sem.release();
        sem.release();
        await(gatherSettled(t1, t2, t3));
        log("cancelled", List.of(t1.isCancelled(), t2.isCancelled(), t3.isCancelled()));
        return Task.done();
    }

    @Async
    static Task<Void> fifo4c1(AsyncSemaphore sem, List<Task<Void>> t4) {
        await(sem.acquire());
        t4.add(createTask(SyncTwins::fifo4c4));
        log(1);
        return Task.done();
    }

    @Async
    static Task<Void> fifo4c2(AsyncSemaphore sem) {
        sem.release();
        sem.release();
        sem.release();
        log("c2 released 3, locked", sem.isLocked());
        await(sem.acquire());
        log(2);
        return Task.done();
    }

    @Async
    static Task<Void> fifo4c3(AsyncSemaphore sem) {
        await(sem.acquire());
        log(3, "locked", sem.isLocked());
        return Task.done();
    }

    @Async
    private static Task<Void> fifo4c4() {
        log(4);
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireFifoOrder4() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        List<Task<Void>> t4 = new ArrayList<>();
        Task<Void> t1 = createTask(() -> fifo4c1(sem, t4));
        Task<Void> t2 = createTask(() -> fifo4c2(sem));
        Task<Void> t3 = createTask(() -> fifo4c3(sem));
        await(sleep(0));
        await(sleep(0));
        List<Task<Void>> all = new ArrayList<>(List.of(t1, t2, t3));
        all.addAll(t4);
        await(gather(all));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireCancelBeforeAwoken() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        List<Task<Permit>> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ts.add(createTask(sem::acquire));
        }
        await(sleep(0));
        ts.get(0).cancel();
        ts.get(1).cancel();
        sem.release();
        await(sleep(0));
        await(sleep(0));
        List<Boolean> done = new ArrayList<>();
        List<Boolean> cancelled = new ArrayList<>();
        for (Task<Permit> t : ts) {
            done.add(t.isDone());
            cancelled.add(t.isCancelled());
        }
        log("done", done, "cancelled", cancelled);
        ts.get(2).cancel();
        ts.get(3).cancel();
        await(sleep(0));
        log("locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireHang() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        Task<Permit> t1 = createTask(sem::acquire);
        Task<Permit> t2 = createTask(sem::acquire);
        await(sleep(0));
        t1.cancel();
        sem.release();
        await(sleep(0));
        await(sleep(0));
        log("locked", sem.isLocked(), "t1 cancelled", t1.isCancelled(), "t2 done", t2.isDone());
        return Task.done();
    }

    @Async
    static Task<Void> noHangC1(AsyncSemaphore sem, List<Task<Void>> t2) {
        await(sem.acquire());
        await(sleep(0));
        sem.release();
        t2.get(0).cancel();
        log("c1 cancelled c2");
        return Task.done();
    }

    @Async
    static Task<Void> noHangC2(AsyncSemaphore sem) {
        await(sem.acquire());
        log("c2 acquired (must not happen)");
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireNoHang() {
        AsyncSemaphore sem = AsyncSemaphore.create(1);
        List<Task<Void>> t2holder = new ArrayList<>();
        Task<Void> t1 = createTask(() -> noHangC1(sem, t2holder));
        Task<Void> t2 = createTask(() -> noHangC2(sem));
        t2holder.add(t2);
        await(gatherSettled(t1, t2));
        log("t1", t1.result(), "t2 cancelled", t2.isCancelled());
        await(waitFor(sem.acquire(), Duration.ofMillis(100)));
        log("acquired again, locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> boundedSemaphoreReleaseOverLimit() {
        AsyncBoundedSemaphore sem = AsyncBoundedSemaphore.create(1);
        try {
            sem.release();
        } catch (IllegalStateException e) {
            // Deliberate: Java's idiom for a call made in the wrong state; asyncio raises ValueError.
            log("caught", "value");
        }
        await(sem.acquire());
        sem.release();
        log("locked", sem.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> eventWaiter(AsyncEvent ev, int n) {
        if (await(ev.waitSet())) {
            log("woke", n);
        }
        return Task.done();
    }

    @Async
    static Task<Void> eventWaitWakesWaitersInOrder() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Void> t1 = createTask(() -> eventWaiter(ev, 1));
        Task<Void> t2 = createTask(() -> eventWaiter(ev, 2));
        await(sleep(0));
        Task<Void> t3 = createTask(() -> eventWaiter(ev, 3));
        ev.set();
        await(sleep(0));
        log("done", t1.isDone(), t2.isDone(), t3.isDone());
        return Task.done();
    }

    @Async
    static Task<Void> eventWaitOnSet() {
        AsyncEvent ev = AsyncEvent.create();
        log("set", ev.isSet());
        ev.set();
        log("set", ev.isSet(), "wait ->", await(ev.waitSet()));
        ev.clear();
        log("set", ev.isSet());
        return Task.done();
    }

    @Async
    static Task<Void> eventWaitCancel() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Boolean> w = createTask(ev::waitSet);
        loop().callSoon(() -> w.cancel());
        try {
            await(w);
        } catch (CancelledException e) {
            log("caught", e);
        }
        ev.set();
        log("set", ev.isSet(), "cancelled", w.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> timedEventWaiter(AsyncEvent ev, String n, long delay) {
        await(sleep(delay));
        log(n, "waits");
        await(ev.waitSet());
        log(n, "woke");
        return Task.done();
    }

    @Async
    static Task<Void> eventSetWakesTimedWaiters() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Void> a = createTask(() -> timedEventWaiter(ev, "A", 1));
        Task<Void> b = createTask(() -> timedEventWaiter(ev, "B", 2));
        loop().callLater(Duration.ofMillis(10), ev::set);
        await(gather(a, b));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> condWaiter(AsyncCondition cond, int n) {
        await(cond.acquire());
        try {
            log(n, "waits");
            boolean r = await(cond.waitSignal());
            log(n, "woke", r, "locked", cond.isLocked());
        } finally {
            cond.release();
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitNotify() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> t1 = createTask(() -> condWaiter(cond, 1));
        Task<Void> t2 = createTask(() -> condWaiter(cond, 2));
        Task<Void> t3 = createTask(() -> condWaiter(cond, 3));
        await(sleep(0));
        await(cond.acquire());
        cond.signal(1);
        cond.release();
        await(sleep(0));
        log("after notify 1");
        await(cond.acquire());
        cond.signal(2);
        cond.release();
        await(gather(t1, t2, t3));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Boolean> notifyAllWaiter(AsyncCondition cond, List<Integer> got, int n) {
        await(cond.acquire());
        if (await(cond.waitSignal())) {
            got.add(n);
            cond.release();
        }
        return Task.of(true);
    }

    @Async
    static Task<Void> conditionNotifyAllWaitersQueueForLock() {
        AsyncCondition cond = AsyncCondition.create();
        List<Integer> got = new ArrayList<>();
        Task<Boolean> t1 = createTask(() -> notifyAllWaiter(cond, got, 1));
        Task<Boolean> t2 = createTask(() -> notifyAllWaiter(cond, got, 2));
        await(sleep(0));
        await(cond.acquire());
        cond.signalAll();
        cond.release();
        await(sleep(0));
        log("after one turn", got, t1.isDone(), t2.isDone());
        await(gather(t1, t2));
        log("end", got);
        return Task.done();
    }

    @Async
    static Task<Void> conditionNotifyWhileHolding() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> t1 = createTask(() -> condWaiter(cond, 1));
        Task<Void> t2 = createTask(() -> condWaiter(cond, 2));
        await(sleep(0));
        await(cond.acquire());
        cond.signalAll();
        log("notified, holding");
        await(sleep(10));
        log("releasing");
        cond.release();
        await(gather(t1, t2));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> waitForThree(AsyncCondition cond, int[] state) {
        await(cond.acquire());
        try {
            boolean r = await(cond.waitUntil(() -> state[0] == 3));
            log("predicate true", r, "state", state[0]);
        } finally {
            cond.release();
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitFor() {
        AsyncCondition cond = AsyncCondition.create();
        int[] state = {0};
        Task<Void> t = createTask(() -> waitForThree(cond, state));
        for (int i = 1; i < 4; i++) {
            await(sleep(0));
            await(cond.acquire());
            try {
                state[0] = i;
                log("notify at", i);
                cond.signal();
            } finally {
                cond.release();
            }
        }
        await(t);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> waitOnCond(AsyncCondition cond) {
        await(cond.acquire());
        try {
            log("waits");
            await(cond.waitSignal());
            log("woke (must not happen)");
        } finally {
            cond.release();
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitCancelAfterNotify() {
        AsyncCondition cond = AsyncCondition.create();
        Task<Void> w = createTask(() -> waitOnCond(cond));
        await(sleep(0));
        await(cond.acquire());
        cond.signal();
        await(sleep(0));
        w.cancel();
        await(sleep(0));
        cond.release();
        await(sleep(0));
        log("cancelled", w.isCancelled(), "locked", cond.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> conditionUnacquired() {
        AsyncCondition cond = AsyncCondition.create();
        try {
            await(cond.waitSignal());
        } catch (IllegalStateException e) {
            log("wait", e);
        }
        try {
            cond.signal();
        } catch (IllegalStateException e) {
            log("notify", e);
        }
        try {
            cond.signalAll();
        } catch (IllegalStateException e) {
            log("notify_all", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionExplicitLock() {
        AsyncLock lock = AsyncLock.create();
        AsyncCondition cond = AsyncCondition.create(lock);
        await(lock.acquire());
        log("cond locked", cond.isLocked());
        lock.release();
        await(cond.acquire());
        log("lock locked", lock.isLocked());
        cond.release();
        log("lock locked", lock.isLocked());
        return Task.done();
    }

    @Async
    static Task<Integer> arrive(AsyncBarrier barrier, String n, long delay) {
        await(sleep(delay));
        log(n, "arrives, waiting", barrier.waiting());
        int i = await(barrier.arriveAndWait());
        log(n, "passed", i);
        return Task.of(i);
    }

    @Async
    static Task<Void> barrierReturnsArrivalIndex() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Integer> a = createTask(() -> arrive(barrier, "A", 1));
        Task<Integer> b = createTask(() -> arrive(barrier, "B", 2));
        Task<Integer> c = createTask(() -> arrive(barrier, "C", 3));
        List<Integer> r = await(gather(a, b, c));
        log("indices", r, "waiting", barrier.waiting(), "broken", barrier.isBroken());
        return Task.done();
    }

    @Async
    static Task<Void> passBarrier(AsyncBarrier barrier, int n) {
        await(barrier.arriveAndWait());
        log(n, "passed");
        return Task.done();
    }

    @Async
    static Task<Void> barrierFillingTasksCancelOne() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> t1 = createTask(() -> passBarrier(barrier, 1));
        await(sleep(0));
        Task<Void> t2 = createTask(() -> passBarrier(barrier, 2));
        await(sleep(0));
        log("waiting", barrier.waiting());
        t1.cancel();
        await(sleep(0));
        log("after cancel waiting", barrier.waiting(), "cancelled", t1.isCancelled());
        Task<Void> t3 = createTask(() -> passBarrier(barrier, 3));
        await(sleep(0));
        Task<Void> t4 = createTask(() -> passBarrier(barrier, 4));
        await(gather(t2, t3, t4));
        log("end waiting", barrier.waiting(), "broken", barrier.isBroken());
        return Task.done();
    }

    @Async
    static Task<Void> brokenWaiter(AsyncBarrier barrier, int n) {
        try {
            await(barrier.arriveAndWait());
        } catch (BarrierBrokenException e) {
            log(n, "caught", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierAbortBreaksWaiters() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> t1 = createTask(() -> brokenWaiter(barrier, 1));
        Task<Void> t2 = createTask(() -> brokenWaiter(barrier, 2));
        await(sleep(0));
        log("waiting", barrier.waiting());
        barrier.abort();
        log("aborted, broken", barrier.isBroken());
        await(gather(t1, t2));
        try {
            await(barrier.arriveAndWait());
        } catch (BarrierBrokenException e) {
            log("late wait", e);
        }
        log("end waiting", barrier.waiting());
        return Task.done();
    }

    @Async
    static Task<Void> resetWaiter(AsyncBarrier barrier, int n) {
        try {
            await(barrier.arriveAndWait());
            log(n, "passed");
        } catch (BarrierBrokenException e) {
            log(n, "caught", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierResetWhileTasksWaiting() {
        AsyncBarrier barrier = AsyncBarrier.create(3);
        Task<Void> t1 = createTask(() -> resetWaiter(barrier, 1));
        Task<Void> t2 = createTask(() -> resetWaiter(barrier, 2));
        await(sleep(0));
        barrier.reset();
        log("reset, broken", barrier.isBroken(), "waiting", barrier.waiting());
        await(gather(t1, t2));
        Task<Void> t3 = createTask(() -> resetWaiter(barrier, 3));
        Task<Void> t4 = createTask(() -> resetWaiter(barrier, 4));
        Task<Void> t5 = createTask(() -> resetWaiter(barrier, 5));
        await(gather(t3, t4, t5));
        log("end broken", barrier.isBroken());
        return Task.done();
    }

    @Async
    static Task<Void> halfDraining(AsyncBarrier barrier, int[] count, int n) {
        try {
            await(barrier.arriveAndWait());
        } catch (BarrierBrokenException e) {
            log(n, "broken while draining");
            return Task.done();
        }
        count[0]++;
        if (count[0] > 2) {
            log(n, "aborts");
            barrier.abort();
        } else {
            try {
                await(barrier.arriveAndWait());
            } catch (BarrierBrokenException e) {
                log(n, "broken while blocked");
            }
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierAbortWhenHalfDraining() {
        AsyncBarrier barrier = AsyncBarrier.create(5);
        int[] count = {0};
        List<Task<Void>> ts = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            int id = n;
            ts.add(createTask(() -> halfDraining(barrier, count, id)));
        }
        await(gather(ts));
        log("broken", barrier.isBroken(), "waiting", barrier.waiting());
        return Task.done();
    }

    @Async
    static Task<Void> conditionWaitTimeoutInBlock() {
        AsyncCondition cond = AsyncCondition.create();
        await(cond.acquire());
        try {
            await(waitFor(cond.waitSignal(), Duration.ofMillis(10)));
        } catch (AsyncTimeoutException e) {
            log("caught", e, "locked", cond.isLocked());
        } finally {
            cond.release();
        }
        log("locked", cond.isLocked());
        return Task.done();
    }

    @Async
    static Task<Void> waitForWake(AsyncCondition cond, boolean[] state) {
        await(cond.acquire());
        try {
            await(cond.waitUntil(() -> state[0]));
        } catch (CancelledException e) {
            log("waiter caught", e, "locked", cond.isLocked());
            throw e;
        } finally {
            cond.release();
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionCancelledErrorWakeup() {
        AsyncCondition cond = AsyncCondition.create();
        boolean[] state = {false};
        Task<Void> task = createTask(() -> waitForWake(cond, state));
        await(sleep(0));
        task.cancel("foo");
        try {
            await(task);
        } catch (CancelledException e) {
            log("caught", e, "locked", cond.isLocked());
        }
        return Task.done();
    }

    @Async
    static Task<Void> conditionCancelledErrorReAcquire() {
        AsyncCondition cond = AsyncCondition.create();
        boolean[] state = {false};
        Task<Void> task = createTask(() -> waitForWake(cond, state));
        await(sleep(0));
        await(cond.acquire());
        state[0] = true;
        cond.signal();
        await(sleep(0));
        task.cancel("foo");
        cond.release();
        try {
            await(task);
        } catch (CancelledException e) {
            log("caught", e, "locked", cond.isLocked());
        }
        return Task.done();
    }

    @Async
    static Task<Void> countingConsumer(AsyncCondition cond, int[] state, String name) {
        await(cond.acquire());
        try {
            while (true) {
                await(cond.waitUntil(() -> state[0] != 0));
                if (state[0] < 0) {
                    log(name, "ends");
                    return Task.done();
                }
                state[0]--;
                log(name, "consumed");
            }
        } finally {
            cond.release();
        }
    }

    @Async
    static Task<Void> lostWakeup(boolean relock) {
        AsyncCondition cond = AsyncCondition.create();
        int[] state = {0};
        Task<Void> c0 = createTask(() -> countingConsumer(cond, state, "c0"));
        Task<Void> c1 = createTask(() -> countingConsumer(cond, state, "c1"));
        await(sleep(0));
        await(cond.acquire());
        try {
            state[0]++;
            cond.signal(1);
            if (relock) {
                await(sleep(0));
            }
            c0.cancel();
            try {
                await(timeout(Duration.ofMillis(10), () -> cond.waitUntil(() -> state[0] == 0)));
                log("consumed in time");
            } catch (AsyncTimeoutException e) {
                log("timed out");
            }
            log("state", state[0]);
            state[0] = -1;
            cond.signalAll();
        } finally {
            cond.release();
        }
        await(c1);
        log("c0 cancelled", c0.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> conditionCancelledWakeup() {
        await(lostWakeup(false));
        return Task.done();
    }

    @Async
    static Task<Void> conditionCancelledWakeupRelock() {
        await(lostWakeup(true));
        return Task.done();
    }

    @Async
    static Task<Void> resetHalfDraining(AsyncBarrier barrier, int[] count, int n) {
        try {
            await(barrier.arriveAndWait());
        } catch (BarrierBrokenException e) {
            log(n, "broken");
            return Task.done();
        }
        count[0]++;
        if (count[0] == 3) {
            log(n, "resets");
            barrier.reset();
        } else {
            log(n, "passed");
        }
        return Task.done();
    }

    @Async
    static Task<Void> barrierResetWhenHalfDraining() {
        AsyncBarrier barrier = AsyncBarrier.create(5);
        int[] count = {0};
        List<Task<Void>> ts = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            int id = n;
            ts.add(createTask(() -> resetHalfDraining(barrier, count, id)));
        }
        await(gather(ts));
        log("broken", barrier.isBroken(), "waiting", barrier.waiting());
        return Task.done();
    }

    @Async
    static Task<Void> semaphoreAcquireWithTimeout() {
        AsyncSemaphore sem = AsyncSemaphore.create(0);
        try {
            await(waitFor(sem.acquire(), Duration.ofMillis(10)));
        } catch (AsyncTimeoutException e) {
            log("caught", e, "locked", sem.isLocked());
        }
        sem.release();
        log("locked", sem.isLocked());
        await(sem.acquire());
        log("acquired, locked", sem.isLocked());
        return Task.done();
    }
}
