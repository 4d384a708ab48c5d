package dev.weft.runtime.sync;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Barrier;
import dev.weft.CancelledException;
import dev.weft.Condition;
import dev.weft.Lock;
import dev.weft.Outcome;
import dev.weft.Queue;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Twins of asyncio programs, traced exactly: each expected trace is what the program of the same
 * name in {@code src/test/resources/asyncio/sync_order.py} prints under CPython 3.13. They pin
 * asyncio's wake-then-acquire model: a released lock, permit, item or free place goes to a woken
 * waiter only when that waiter runs, one loop pass later.
 */
class AsyncioOrderTest {
    private final List<String> log = new ArrayList<>();

    private List<String> trace(Supplier<Task<Void>> scenario) {
        Weft.run(scenario);
        return log;
    }

    // ---- Condition (test_locks.ConditionTests) ---------------------------------------------

    @Async
    Task<Boolean> notified(Condition cond, String tag) {
        await(cond.acquire());
        log.add(tag + " waits");
        if (await(cond.waitSignal())) {
            log.add(tag + " woken, locked=" + cond.isLocked());
            cond.release();
        }
        return Task.of(true);
    }

    @Async
    Task<Void> notifyAll(Condition cond) {
        Task<Boolean> t1 = createTask(() -> notified(cond, "c1"));
        Task<Boolean> t2 = createTask(() -> notified(cond, "c2"));
        await(sleep(0));
        await(cond.acquire());
        cond.signalAll();
        cond.release();
        log.add("released, locked=" + cond.isLocked());
        await(sleep(0));
        log.add("after one turn: t1 done=" + t1.isDone() + ", t2 done=" + t2.isDone());
        return Task.done();
    }

    @Test
    void test_notify_all() {
        assertEquals(List.of("c1 waits", "c2 waits", "released, locked=false", "c1 woken, locked=true",
                "c2 woken, locked=true", "after one turn: t1 done=true, t2 done=true"), trace(() -> notifyAll(Condition.create())));
    }

    @Async
    Task<Void> ticker(Condition cond) {
        for (int i = 0; i < 3; i++) {
            log.add("tick " + i + ", locked=" + cond.isLocked());
            await(sleep(0));
        }
        return Task.done();
    }

    @Async
    Task<Void> waitCancelContested(Condition cond) {
        await(cond.acquire());
        Task<Boolean> waitTask = createTask(cond::waitSignal);
        await(sleep(0));
        log.add("waiting, locked=" + cond.isLocked());
        await(cond.acquire());
        cond.signal();
        createTask(() -> ticker(cond));
        Weft.loop().callSoon(() -> waitTask.cancel());
        Weft.loop().callSoon(cond::release);
        try {
            await(waitTask);
            log.add("wait returned");
        } catch (CancelledException e) {
            log.add("wait cancelled");
        }
        log.add("locked=" + cond.isLocked());
        return Task.done();
    }

    @Test
    void test_wait_cancel_contested() {
        assertEquals(List.of("waiting, locked=false", "tick 0, locked=true", "tick 1, locked=false",
                "tick 2, locked=true", "wait cancelled", "locked=true"),
                trace(() -> waitCancelContested(Condition.create())));
    }

    // ---- Barrier (test_locks.BarrierTests) ---------------------------------------------------

    @Async
    Task<Void> twice(Barrier barrier, int i) {
        await(barrier.arriveAndWait());
        log.add(i + " first");
        await(barrier.arriveAndWait());
        log.add(i + " second");
        return Task.done();
    }

    @Async
    Task<Void> fillingTwice() {
        Barrier barrier = Barrier.create(5);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ts.add(createTask(() -> twice(barrier, n)));
        }
        await(Weft.gather(ts));
        log.add("n_waiting=" + barrier.waiting() + ", broken=" + barrier.isBroken());
        return Task.done();
    }

    @Test
    void test_filling_tasks_wait_twice() {
        assertEquals(List.of("4 first", "0 first", "1 first", "2 first", "3 first",
                "2 second", "3 second", "4 second", "0 second", "1 second", "n_waiting=0, broken=false"),
                trace(this::fillingTwice));
    }

    private int rewait;

    @Async
    Task<Void> rewaiting(Barrier barrier, Barrier nowaiting, int i) {
        log.add(i + " index " + await(barrier.arriveAndWait()));
        if (rewait > 0) {
            rewait--;
            log.add(i + " again, index " + await(barrier.arriveAndWait()));
        } else {
            log.add(i + " nowaiting, index " + await(nowaiting.arriveAndWait()));
            log.add(i + " last, index " + await(barrier.arriveAndWait()));
        }
        return Task.done();
    }

    @Async
    Task<Void> blockingWhileDraining() {
        rewait = 2;
        Barrier barrier = Barrier.create(5);
        Barrier nowaiting = Barrier.create(3);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ts.add(createTask(() -> rewaiting(barrier, nowaiting, n)));
        }
        await(Weft.gather(ts));
        return Task.done();
    }

    @Test
    void test_blocking_tasks_while_draining() {
        assertEquals(List.of("4 index 4", "0 index 0", "1 index 1", "2 index 2", "3 index 3",
                "3 nowaiting, index 2", "1 nowaiting, index 0", "2 nowaiting, index 1",
                "2 last, index 4", "3 last, index 0", "4 again, index 1", "0 again, index 2", "1 last, index 3"),
                trace(this::blockingWhileDraining));
    }

    @Async
    Task<Void> draining(Barrier barrier, int i) {
        await(barrier.arriveAndWait());
        log.add(i + " " + barrier.toString().contains("draining"));
        return Task.done();
    }

    @Async
    Task<Void> drainingState() {
        Barrier barrier = Barrier.create(3);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            ts.add(createTask(() -> draining(barrier, n)));
        }
        await(Weft.gather(ts));
        return Task.done();
    }

    @Test
    void test_draining_state() {
        assertEquals(List.of("2 true", "0 true", "1 false"), trace(this::drainingState));
    }

    // ---- Semaphore and Lock (test_locks.SemaphoreTests, LockTests) ---------------------------

    @Async
    Task<Void> fifo2c1(Semaphore sem) {
        await(sem.acquire());
        log.add("1");
        return Task.done();
    }

    @Async
    Task<Void> fifo2c2(Semaphore sem) {
        await(sem.acquire());
        log.add("2");
        sem.release();
        await(sem.acquire());
        log.add("4");
        return Task.done();
    }

    @Async
    Task<Void> fifo2c3(Semaphore sem) {
        await(sem.acquire());
        log.add("3");
        return Task.done();
    }

    @Async
    Task<Void> fifoOrder2() {
        Semaphore sem = Semaphore.create(1);
        Task<Void> t1 = createTask(() -> fifo2c1(sem));
        Task<Void> t2 = createTask(() -> fifo2c2(sem));
        Task<Void> t3 = createTask(() -> fifo2c3(sem));
        await(sleep(0));
        sem.release();
        sem.release();
        await(Weft.gather(t1, t2, t3));
        return Task.done();
    }

    @Test
    void test_acquire_fifo_order_2() {
        assertEquals(List.of("1", "2", "3", "4"), trace(this::fifoOrder2));
    }

    private Task<Void> t4;

    @Async
    Task<Void> fifo4c1(Semaphore sem) {
        log.add("c1 value=" + sem.availablePermits());
        await(sem.acquire());
        log.add("c1 value=" + sem.availablePermits());
        t4 = createTask(this::fifo4c4);
        log.add("1");
        return Task.done();
    }

    @Async
    Task<Void> fifo4c2(Semaphore sem) {
        sem.release();
        sem.release();
        sem.release();
        log.add("c2 value=" + sem.availablePermits() + ", locked=" + sem.isLocked());
        await(sem.acquire());
        log.add("2");
        return Task.done();
    }

    @Async
    Task<Void> fifo4c3(Semaphore sem) {
        await(sem.acquire());
        log.add("c3 locked=" + sem.isLocked());
        log.add("3");
        return Task.done();
    }

    Task<Void> fifo4c4() {
        log.add("4");
        return Task.done();
    }

    @Async
    Task<Void> fifoOrder4() {
        Semaphore sem = Semaphore.create(0);
        Task<Void> t1 = createTask(() -> fifo4c1(sem));
        Task<Void> t2 = createTask(() -> fifo4c2(sem));
        Task<Void> t3 = createTask(() -> fifo4c3(sem));
        await(sleep(0));
        log.add("main value=" + sem.availablePermits());
        await(sleep(0));
        await(Weft.gather(t1, t2, t3, t4));
        return Task.done();
    }

    @Test
    void test_acquire_fifo_order_4() {
        assertEquals(List.of("c1 value=0", "c2 value=2, locked=true", "main value=2", "c1 value=0", "1", "2",
                "c3 locked=true", "3", "4"), trace(this::fifoOrder4));
    }

    @Async
    Task<Void> fifo3(Semaphore sem, String tag) {
        await(sem.acquire());
        log.add(tag);
        return Task.done();
    }

    @Async
    Task<Void> fifoOrder3() {
        Semaphore sem = Semaphore.create(0);
        List<Task<Void>> ts = new ArrayList<>();
        for (String tag : List.of("1", "2", "3")) {
            ts.add(createTask(() -> fifo3(sem, tag)));
        }
        await(sleep(0));
        ts.get(0).cancel();
        await(sleep(0));
        sem.release();
        sem.release();
        List<Outcome<Void>> results = await(Weft.gatherSettled(ts));
        log.add("t1 " + org.junit.jupiter.api.Assertions.assertThrows(CancelledException.class, results.get(0)::exception)
                .getClass().getSimpleName()
                + ", value=" + sem.availablePermits());
        return Task.done();
    }

    @Test
    void test_acquire_fifo_order_3() {
        assertEquals(List.of("2", "3", "t1 CancelledException, value=0"), trace(this::fifoOrder3));
    }

    @Async
    Task<Void> lockWaiter(Lock lock, String tag) {
        await(lock.acquire());
        log.add(tag + " acquired, locked=" + lock.isLocked());
        lock.release();
        return Task.done();
    }

    @Async
    Task<Void> lockHandoff() {
        Lock lock = Lock.create();
        await(lock.acquire());
        Task<Void> t = createTask(() -> lockWaiter(lock, "w"));
        await(sleep(0));
        lock.release();
        log.add("released, locked=" + lock.isLocked());
        await(lock.acquire()); // queues behind the woken waiter: no barging
        log.add("main acquired, w done=" + t.isDone());
        lock.release();
        return Task.done();
    }

    @Test
    void lock_handoff() {
        assertEquals(List.of("released, locked=false", "w acquired, locked=true", "main acquired, w done=true"),
                trace(this::lockHandoff));
    }

    // ---- Queue (test_queues) -----------------------------------------------------------------

    @Async
    Task<Void> putCancelDrop() {
        Queue<Integer> q = Queue.fifo(1);
        q.putNowait(1);
        Task<Void> writer = createTask(() -> q.put(2));
        await(sleep(0));
        log.add("got " + q.getNowait());
        log.add("size=" + q.size() + ", full=" + q.isFull());
        writer.cancel();
        try {
            await(writer);
        } catch (CancelledException e) {
            log.add("writer cancelled, size=" + q.size());
            writer = createTask(() -> q.put(2));
            await(writer);
        }
        log.add("got " + q.getNowait() + ", size=" + q.size());
        return Task.done();
    }

    @Test
    void test_put_cancel_drop() {
        assertEquals(List.of("got 1", "size=0, full=false", "writer cancelled, size=0", "got 2, size=0"),
                trace(this::putCancelDrop));
    }

    @Async
    Task<Void> getCancelDropOnePendingReader() {
        Queue<Integer> q = Queue.fifo();
        Task<Integer> reader = createTask(q::get);
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        try {
            await(reader);
        } catch (CancelledException e) {
            log.add("reader cancelled, size=" + q.size());
            reader = createTask(q::get);
            await(reader);
        }
        log.add("read " + reader.result());
        return Task.done();
    }

    @Test
    void test_get_cancel_drop_one_pending_reader() {
        assertEquals(List.of("reader cancelled, size=2", "read 1"), trace(this::getCancelDropOnePendingReader));
    }

    @Async
    Task<Void> putCancelledRace() {
        Queue<String> q = Queue.fifo(1);
        Task<Void> putA = createTask(() -> q.put("a"));
        Task<Void> putB = createTask(() -> q.put("b"));
        Task<Void> putC = createTask(() -> q.put("X"));
        await(sleep(0));
        log.add("a done=" + putA.isDone() + ", b done=" + putB.isDone());
        putC.cancel();
        await(sleep(0));
        log.add("c done=" + putC.isDone());
        log.add("got " + q.getNowait());
        await(sleep(0));
        log.add("got " + q.getNowait());
        await(putB);
        log.add("size=" + q.size());
        return Task.done();
    }

    @Test
    void test_put_cancelled_race() {
        assertEquals(List.of("a done=true, b done=false", "c done=true", "got a", "got b", "size=0"),
                trace(this::putCancelledRace));
    }

    @Async
    Task<Void> cancelledPutSilence() {
        Queue<Integer> q = Queue.fifo(1);
        q.putNowait(1);
        Task<Void> putTask = createTask(() -> q.put(2));
        await(sleep(0));
        q.getNowait();
        putTask.cancel();
        try {
            await(putTask);
        } catch (CancelledException e) {
            log.add("cancelled, size=" + q.size());
        }
        return Task.done();
    }

    @Test
    void test_cancelled_put_silence_value_error_exception() {
        // the producer cancelled just after the get freed its place: asyncio did not put its item
        assertEquals(List.of("cancelled, size=0"), trace(this::cancelledPutSilence));
    }

    @Async
    Task<Void> putterOf(Queue<Integer> q, int item) {
        await(q.put(item));
        log.add("put " + item);
        return Task.done();
    }

    @Async
    Task<Void> nowaitGetter(Queue<Integer> q) {
        await(sleep(0));
        int num = q.size();
        for (int i = 0; i < num; i++) {
            log.add("got " + q.getNowait());
        }
        return Task.done();
    }

    @Async
    Task<Void> whyArePuttersWaiting() {
        Queue<Integer> q = Queue.fifo(2);
        List<Task<Void>> ts = new ArrayList<>();
        ts.add(createTask(() -> nowaitGetter(q)));
        for (int i = 0; i < 4; i++) {
            int n = i;
            ts.add(createTask(() -> putterOf(q, n)));
        }
        await(Weft.gather(ts));
        log.add("size=" + q.size());
        return Task.done();
    }

    @Test
    void test_why_are_putters_waiting() {
        assertEquals(List.of("put 0", "put 1", "got 0", "got 1", "put 2", "put 3", "size=2"),
                trace(this::whyArePuttersWaiting));
    }

    @Async
    Task<Void> putter(Queue<String> q, String item) {
        await(q.put(item));
        log.add("put " + item + ", size=" + q.size());
        return Task.done();
    }

    @Async
    Task<Void> puttersWaiting() {
        Queue<String> q = Queue.fifo(1);
        q.putNowait("a");
        Task<Void> p = createTask(() -> putter(q, "b"));
        await(sleep(0));
        log.add("got " + q.getNowait() + ", size=" + q.size() + ", full=" + q.isFull());
        q.putNowait("c");
        log.add("put_nowait c, size=" + q.size() + ", full=" + q.isFull());
        await(sleep(0));
        log.add("putter done=" + p.isDone());
        log.add("got " + await(q.get()));
        await(p);
        log.add("got " + await(q.get()) + ", size=" + q.size());
        return Task.done();
    }

    @Test
    void queue_putters_waiting() {
        assertEquals(List.of("got a, size=0, full=false", "put_nowait c, size=1, full=true", "putter done=false",
                "got c", "put b, size=1", "got b, size=0"), trace(this::puttersWaiting));
    }

    @Async
    Task<Void> getter(Queue<Integer> q) {
        log.add("got " + await(q.get()));
        return Task.done();
    }

    @Async
    Task<Void> waitingGetter(Queue<Integer> q, int... items) {
        Task<Void> g = createTask(() -> getter(q));
        await(sleep(0));
        for (int i : items) {
            q.putNowait(i);
        }
        await(g);
        List<Integer> left = new ArrayList<>();
        while (!q.isEmpty()) {
            left.add(q.getNowait());
        }
        log.add("left " + left);
        return Task.done();
    }

    @Test
    void queue_lifo_waiting_getter() {
        assertEquals(List.of("got 3", "left [2, 1]"), trace(() -> waitingGetter(Queue.lifo(), 1, 2, 3)));
    }

    @Test
    void queue_priority_waiting_getter() {
        assertEquals(List.of("got 1", "left [2, 3]"), trace(() -> waitingGetter(Queue.priority(), 3, 1, 2)));
    }

    /** An item ordered by its key alone: equal keys, distinguishable names. */
    static final class Item {
        final int key;
        final String name;

        Item(int key, String name) {
            this.key = key;
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void queue_priority_equal_items() {
        Queue<Item> q = Queue.priority(Comparator.comparingInt((Item i) -> i.key), 0);
        int[] keys = {1, 0, 1, 1, 0, 1, 2, 1, 0, 1};
        for (int i = 0; i < keys.length; i++) {
            q.putNowait(new Item(keys[i], String.valueOf((char) ('a' + i))));
        }
        List<Item> out = new ArrayList<>();
        out.add(q.getNowait());
        q.putNowait(new Item(1, "k"));
        q.putNowait(new Item(0, "l"));
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        assertEquals("[b, e, i, l, c, f, j, h, k, d, a, g]", out.toString());
    }
}
