"""Synchronization primitives: Lock, Semaphore, BoundedSemaphore, Event, Condition, Barrier (test_locks.py)."""
import asyncio

from harness import log, scenario


async def lock_holder(lock, name, hold):
    await lock.acquire()
    log(name, "acquired")
    await asyncio.sleep(hold)
    log(name, "releases")
    lock.release()


@scenario
async def lock_waiters_acquire_in_fifo_order():
    # test_locks.py: LockTests.test_acquire (waiters get the lock in the order they asked)
    lock = asyncio.Lock()
    ts = [asyncio.create_task(lock_holder(lock, n, d)) for n, d in (("A", 10), ("B", 5), ("C", 1))]
    await asyncio.gather(*ts)
    log("locked", lock.locked())


@scenario
async def lock_acquire_steps():
    # test_locks.py: LockTests.test_acquire (one release wakes one waiter, one step at a time)
    lock = asyncio.Lock()
    await lock.acquire()
    got = []

    async def c(n):
        await lock.acquire()
        got.append(n)

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    log("before release", got)
    lock.release()
    await asyncio.sleep(0)
    log("after release 1", got)
    await asyncio.sleep(0)
    log("one turn later", got)
    t3 = asyncio.create_task(c(3))
    lock.release()
    await asyncio.sleep(0)
    log("after release 2", got)
    lock.release()
    await asyncio.sleep(0)
    log("after release 3", got, t1.done(), t2.done(), t3.done())


@scenario
async def lock_locked_during_hand_off():
    # test_locks.py: LockTests.test_cancel_race / test_release_no_waiters (release marks the lock free
    # at once; the woken waiter takes it when it runs)
    lock = asyncio.Lock()
    await lock.acquire()

    async def waiter():
        await lock.acquire()
        log("waiter acquired", lock.locked())
        lock.release()

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    lock.release()
    log("after release locked", lock.locked())
    await t
    log("end locked", lock.locked())


@scenario
async def lock_acquire_cancel():
    # test_locks.py: LockTests.test_acquire_cancel
    lock = asyncio.Lock()
    await lock.acquire()
    task = asyncio.create_task(lock.acquire())
    asyncio.get_running_loop().call_soon(task.cancel)
    try:
        await task
    except asyncio.CancelledError as e:
        log("caught", e)
    log("locked", lock.locked(), "cancelled", task.cancelled())
    lock.release()
    log("released, locked", lock.locked())


@scenario
async def lock_cancel_race():
    # test_locks.py: LockTests.test_cancel_race (the cancelled waiter is skipped, the next one gets it)
    lock = asyncio.Lock()
    fa = asyncio.get_running_loop().create_future()

    async def lockit(name, blocker):
        await lock.acquire()
        log(name, "acquired")
        try:
            if blocker is not None:
                await blocker
        finally:
            lock.release()
            log(name, "released")

    ta = asyncio.create_task(lockit("A", fa))
    await asyncio.sleep(0)
    tb = asyncio.create_task(lockit("B", None))
    await asyncio.sleep(0)
    tc = asyncio.create_task(lockit("C", None))
    await asyncio.sleep(0)
    fa.set_result(None)
    tb.cancel()
    await asyncio.sleep(0)
    log("locked", lock.locked(), "A done", ta.done(), "B cancelled", tb.cancelled())
    await tc
    log("end locked", lock.locked())


@scenario
async def lock_cancelled_waiter_passes_lock_on():
    # test_locks.py: LockTests.test_finished_waiter_cancelled (a woken waiter cancelled passes the lock on)
    lock = asyncio.Lock()
    await lock.acquire()
    tb = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    tc = asyncio.create_task(lock.acquire())
    tb.cancel()
    lock.release()
    await asyncio.sleep(0)
    log("locked", lock.locked(), "tb cancelled", tb.cancelled(), "tc done", tc.done())
    await tc
    log("tc got it, locked", lock.locked())


@scenario
async def lock_release_not_acquired():
    # test_locks.py: LockTests.test_release_not_acquired / test_release_no_waiters
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        log("caught", e)
    await lock.acquire()
    log("locked", lock.locked())
    lock.release()
    log("locked", lock.locked())


@scenario
async def lock_no_barging_past_waiters():
    # test_locks.py: LockTests.test_acquire (a newcomer queues behind a woken waiter, even though
    # the lock is free when it asks)
    lock = asyncio.Lock()
    await lock.acquire()

    async def c(name):
        await lock.acquire()
        log(name, "acquired")
        lock.release()

    a = asyncio.create_task(c("A"))
    await asyncio.sleep(0)
    lock.release()
    b = asyncio.create_task(c("B"))
    await asyncio.gather(a, b)


@scenario
async def semaphore_counts_and_locked():
    # test_locks.py: SemaphoreTests.test_semaphore / test_release_no_waiters
    sem = asyncio.Semaphore(2)
    log("locked", sem.locked())
    await sem.acquire()
    await sem.acquire()
    log("locked", sem.locked())
    sem.release()
    log("locked", sem.locked())
    sem.release()
    sem.release()
    await sem.acquire()
    await sem.acquire()
    await sem.acquire()
    log("three acquired, locked", sem.locked())


@scenario
async def semaphore_acquire_fifo_order():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order
    sem = asyncio.Semaphore(1)

    async def coro(tag):
        await sem.acquire()
        log(tag, 1)
        await asyncio.sleep(0)
        sem.release()
        await sem.acquire()
        log(tag, 2)
        await asyncio.sleep(0)
        sem.release()

    await asyncio.gather(*(asyncio.create_task(coro(t)) for t in ("c1", "c2", "c3")))
    log("end")


@scenario
async def semaphore_acquire_fifo_order2():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order_2 (a releasing task that acquires again
    # queues behind the others)
    sem = asyncio.Semaphore(1)

    async def c1():
        await sem.acquire()
        log(1)

    async def c2():
        await sem.acquire()
        log(2)
        sem.release()
        await sem.acquire()
        log(4)

    async def c3():
        await sem.acquire()
        log(3)

    ts = [asyncio.create_task(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(*ts)
    log("end")


@scenario
async def semaphore_acquire_fifo_order3():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order_3 (a cancelled waiter loses its turn)
    sem = asyncio.Semaphore(0)

    async def c(n):
        await sem.acquire()
        log(n)

    ts = [asyncio.create_task(c(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    ts[0].cancel()
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(*ts, return_exceptions=True)
    log("cancelled", [t.cancelled() for t in ts])


@scenario
async def semaphore_acquire_fifo_order4():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order_4 (waiters woken by releases run before a
    # task created meanwhile; locked() is true while woken waiters have not yet run)
    sem = asyncio.Semaphore(0)
    t4 = None

    async def c1():
        await sem.acquire()
        nonlocal t4
        t4 = asyncio.create_task(c4())
        log(1)

    async def c2():
        sem.release()
        sem.release()
        sem.release()
        log("c2 released 3, locked", sem.locked())
        await sem.acquire()
        log(2)

    async def c3():
        await sem.acquire()
        log(3, "locked", sem.locked())

    async def c4():
        log(4)

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    t3 = asyncio.create_task(c3())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.gather(t1, t2, t3, t4)
    log("end")


@scenario
async def semaphore_acquire_cancel_before_awoken():
    # test_locks.py: SemaphoreTests.test_acquire_cancel_before_awoken (no permit is lost)
    sem = asyncio.Semaphore(0)
    ts = [asyncio.create_task(sem.acquire()) for _ in range(4)]
    await asyncio.sleep(0)
    ts[0].cancel()
    ts[1].cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log("done", [t.done() for t in ts], "cancelled", [t.cancelled() for t in ts])
    ts[2].cancel()
    ts[3].cancel()
    await asyncio.sleep(0)
    log("locked", sem.locked())


@scenario
async def semaphore_acquire_hang():
    # test_locks.py: SemaphoreTests.test_acquire_hang
    sem = asyncio.Semaphore(0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log("locked", sem.locked(), "t1 cancelled", t1.cancelled(), "t2 done", t2.done())


@scenario
async def semaphore_acquire_no_hang():
    # test_locks.py: SemaphoreTests.test_acquire_no_hang
    sem = asyncio.Semaphore(1)

    async def c1():
        await sem.acquire()
        await asyncio.sleep(0)
        sem.release()
        t2.cancel()
        log("c1 cancelled c2")

    async def c2():
        await sem.acquire()
        log("c2 acquired (must not happen)")

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    await asyncio.gather(t1, t2, return_exceptions=True)
    log("t1", t1.result(), "t2 cancelled", t2.cancelled())
    await asyncio.wait_for(sem.acquire(), 100)
    log("acquired again, locked", sem.locked())


@scenario
async def bounded_semaphore_release_over_limit():
    # test_locks.py: SemaphoreTests.test_release_not_acquired (BoundedSemaphore)
    sem = asyncio.BoundedSemaphore(1)
    try:
        sem.release()
    except ValueError as e:
        log("caught", e)
    await sem.acquire()
    sem.release()
    log("locked", sem.locked())


@scenario
async def event_wait_wakes_waiters_in_order():
    # test_locks.py: EventTests.test_wait (a waiter that started later, already set, runs first)
    ev = asyncio.Event()

    async def c(n):
        if await ev.wait():
            log("woke", n)

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    t3 = asyncio.create_task(c(3))
    ev.set()
    await asyncio.sleep(0)
    log("done", t1.done(), t2.done(), t3.done())


@scenario
async def event_wait_on_set():
    # test_locks.py: EventTests.test_wait_on_set / test_clear
    ev = asyncio.Event()
    log("set", ev.is_set())
    ev.set()
    log("set", ev.is_set(), "wait ->", await ev.wait())
    ev.clear()
    log("set", ev.is_set())


@scenario
async def event_wait_cancel():
    # test_locks.py: EventTests.test_wait_cancel
    ev = asyncio.Event()
    w = asyncio.create_task(ev.wait())
    asyncio.get_running_loop().call_soon(w.cancel)
    try:
        await w
    except asyncio.CancelledError as e:
        log("caught", e)
    ev.set()
    log("set", ev.is_set(), "cancelled", w.cancelled())


@scenario
async def event_set_wakes_timed_waiters():
    # test_locks.py: EventTests.test_wait (waiters at different times; set from a timer)
    ev = asyncio.Event()

    async def c(n, delay):
        await asyncio.sleep(delay)
        log(n, "waits")
        await ev.wait()
        log(n, "woke")

    ts = [asyncio.create_task(c(n, d)) for n, d in (("A", 1), ("B", 2))]
    asyncio.get_running_loop().call_later(10, ev.set)
    await asyncio.gather(*ts)
    log("end")


async def cond_waiter(cond, n):
    await cond.acquire()
    try:
        log(n, "waits")
        r = await cond.wait()
        log(n, "woke", r, "locked", cond.locked())
    finally:
        cond.release()


@scenario
async def condition_wait_notify():
    # test_locks.py: ConditionTests.test_wait / test_notify (notify(n) wakes n waiters in order)
    cond = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(cond, n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
    await asyncio.sleep(0)
    log("after notify 1")
    async with cond:
        cond.notify(2)
    await asyncio.gather(*ts)
    log("end")


@scenario
async def condition_notify_all_waiters_queue_for_lock():
    # test_locks.py: ConditionTests.test_notify_all (woken waiters queue for the lock when they run)
    cond = asyncio.Condition()
    got = []

    async def c(n):
        await cond.acquire()
        if await cond.wait():
            got.append(n)
            cond.release()
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await asyncio.sleep(0)
    log("after one turn", got, t1.done(), t2.done())
    await asyncio.gather(t1, t2)
    log("end", got)


@scenario
async def condition_notify_while_holding():
    # test_locks.py: ConditionTests.test_notify (waiters resume only once the notifier releases)
    cond = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(cond, n)) for n in (1, 2)]
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify_all()
    log("notified, holding")
    await asyncio.sleep(10)
    log("releasing")
    cond.release()
    await asyncio.gather(*ts)
    log("end")


@scenario
async def condition_wait_for():
    # test_locks.py: ConditionTests.test_wait_for
    cond = asyncio.Condition()
    state = [0]

    async def c():
        async with cond:
            r = await cond.wait_for(lambda: state[0] == 3)
            log("predicate true", r, "state", state[0])

    t = asyncio.create_task(c())
    for i in range(1, 4):
        await asyncio.sleep(0)
        async with cond:
            state[0] = i
            log("notify at", i)
            cond.notify()
    await t
    log("end")


@scenario
async def condition_wait_cancel_after_notify():
    # test_locks.py: ConditionTests.test_wait_cancel_after_notify (bpo-32841)
    cond = asyncio.Condition()

    async def wait_on_cond():
        async with cond:
            log("waits")
            await cond.wait()
            log("woke (must not happen)")

    w = asyncio.create_task(wait_on_cond())
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)
    w.cancel()
    await asyncio.sleep(0)
    cond.release()
    await asyncio.sleep(0)
    log("cancelled", w.cancelled(), "locked", cond.locked())


@scenario
async def condition_unacquired():
    # test_locks.py: ConditionTests.test_wait_unacquired / test_notify_unacquired / test_notify_all_unacquired
    cond = asyncio.Condition()
    try:
        await cond.wait()
    except RuntimeError as e:
        log("wait", e)
    try:
        cond.notify()
    except RuntimeError as e:
        log("notify", e)
    try:
        cond.notify_all()
    except RuntimeError as e:
        log("notify_all", e)


@scenario
async def condition_explicit_lock():
    # test_locks.py: ConditionTests.test_explicit_lock (the condition shares the lock it was given)
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    await lock.acquire()
    log("cond locked", cond.locked())
    lock.release()
    await cond.acquire()
    log("lock locked", lock.locked())
    cond.release()
    log("lock locked", lock.locked())


@scenario
async def barrier_returns_arrival_index():
    # test_locks.py: BarrierTests.test_barrier / test_filling_task_by_task
    barrier = asyncio.Barrier(3)

    async def c(n, delay):
        await asyncio.sleep(delay)
        log(n, "arrives, waiting", barrier.n_waiting)
        i = await barrier.wait()
        log(n, "passed", i)
        return i

    r = await asyncio.gather(*(asyncio.create_task(c(n, d)) for n, d in (("A", 1), ("B", 2), ("C", 3))))
    log("indices", r, "waiting", barrier.n_waiting, "broken", barrier.broken)


@scenario
async def barrier_filling_tasks_cancel_one():
    # test_locks.py: BarrierTests.test_filling_tasks_cancel_one
    barrier = asyncio.Barrier(3)

    async def c(n):
        await barrier.wait()
        log(n, "passed")

    t1 = asyncio.create_task(c(1))
    await asyncio.sleep(0)
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    log("waiting", barrier.n_waiting)
    t1.cancel()
    await asyncio.sleep(0)
    log("after cancel waiting", barrier.n_waiting, "cancelled", t1.cancelled())
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    t4 = asyncio.create_task(c(4))
    await asyncio.gather(t2, t3, t4)
    log("end waiting", barrier.n_waiting, "broken", barrier.broken)


@scenario
async def barrier_abort_breaks_waiters():
    # test_locks.py: BarrierTests.test_abort_barrier / test_abort_barrier_when_exception
    barrier = asyncio.Barrier(3)

    async def c(n):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError as e:
            log(n, "caught", e)

    ts = [asyncio.create_task(c(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    log("waiting", barrier.n_waiting)
    await barrier.abort()
    log("aborted, broken", barrier.broken)
    await asyncio.gather(*ts)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        log("late wait", e)
    log("end waiting", barrier.n_waiting)


@scenario
async def barrier_reset_while_tasks_waiting():
    # test_locks.py: BarrierTests.test_reset_barrier / test_reset_barrier_while_tasks_waiting
    barrier = asyncio.Barrier(3)

    async def c(n):
        try:
            await barrier.wait()
            log(n, "passed")
        except asyncio.BrokenBarrierError as e:
            log(n, "caught", e)

    ts = [asyncio.create_task(c(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    await barrier.reset()
    log("reset, broken", barrier.broken, "waiting", barrier.n_waiting)
    await asyncio.gather(*ts)
    ts = [asyncio.create_task(c(n)) for n in (3, 4, 5)]
    await asyncio.gather(*ts)
    log("end broken", barrier.broken)


@scenario
async def barrier_abort_when_half_draining():
    # test_locks.py: BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking
    barrier = asyncio.Barrier(5)
    count = [0]

    async def c(n):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            log(n, "broken while draining")
        else:
            count[0] += 1
            if count[0] > 2:
                log(n, "aborts")
                await barrier.abort()
            else:
                try:
                    await barrier.wait()
                except asyncio.BrokenBarrierError:
                    log(n, "broken while blocked")

    await asyncio.gather(*(asyncio.create_task(c(n)) for n in range(5)))
    log("broken", barrier.broken, "waiting", barrier.n_waiting)


@scenario
async def condition_wait_timeout_in_block():
    # test_locks.py: ConditionTests.test_timeout_in_block (wait_for of a wait times out, the lock is held again)
    cond = asyncio.Condition()
    async with cond:
        try:
            await asyncio.wait_for(cond.wait(), 10)
        except TimeoutError as e:
            log("caught", e, "locked", cond.locked())
    log("locked", cond.locked())


async def wait_for_wake(cond, state):
    async with cond:
        try:
            await cond.wait_for(lambda: state[0])
        except asyncio.CancelledError as e:
            log("waiter caught", e, "locked", cond.locked())
            raise


@scenario
async def condition_cancelled_error_wakeup():
    # test_locks.py: ConditionTests.test_cancelled_error_wakeup (the cancel message comes through)
    cond = asyncio.Condition()
    state = [False]
    task = asyncio.create_task(wait_for_wake(cond, state))
    await asyncio.sleep(0)
    task.cancel("foo")
    try:
        await task
    except asyncio.CancelledError as e:
        log("caught", e, "locked", cond.locked())


@scenario
async def condition_cancelled_error_re_acquire():
    # test_locks.py: ConditionTests.test_cancelled_error_re_aquire (cancelled while re-acquiring the
    # lock after a notify)
    cond = asyncio.Condition()
    state = [False]
    task = asyncio.create_task(wait_for_wake(cond, state))
    await asyncio.sleep(0)
    await cond.acquire()
    state[0] = True
    cond.notify()
    await asyncio.sleep(0)
    task.cancel("foo")
    cond.release()
    try:
        await task
    except asyncio.CancelledError as e:
        log("caught", e, "locked", cond.locked())


async def counting_consumer(cond, state, name):
    async with cond:
        while True:
            await cond.wait_for(lambda: state[0] != 0)
            if state[0] < 0:
                log(name, "ends")
                return
            state[0] -= 1
            log(name, "consumed")


async def lost_wakeup(relock):
    cond = asyncio.Condition()
    state = [0]
    c = [asyncio.create_task(counting_consumer(cond, state, n)) for n in ("c0", "c1")]
    await asyncio.sleep(0)
    async with cond:
        state[0] += 1
        cond.notify(1)
        if relock:
            await asyncio.sleep(0)
        c[0].cancel()
        try:
            async with asyncio.timeout(10):
                await cond.wait_for(lambda: state[0] == 0)
            log("consumed in time")
        except TimeoutError:
            log("timed out")
        log("state", state[0])
        state[0] = -1
        cond.notify_all()
    await c[1]
    log("c0 cancelled", c[0].cancelled())


@scenario
async def condition_cancelled_wakeup():
    # test_locks.py: ConditionTests.test_cancelled_wakeup (a notified waiter cancelled before it runs
    # passes the wakeup on: no lost wakeup)
    await lost_wakeup(False)


@scenario
async def condition_cancelled_wakeup_relock():
    # test_locks.py: ConditionTests.test_cancelled_wakeup_relock (cancelled while re-acquiring the lock)
    await lost_wakeup(True)


@scenario
async def barrier_reset_when_half_draining():
    # test_locks.py: BarrierTests.test_reset_barrier_when_tasks_half_draining
    barrier = asyncio.Barrier(5)
    count = [0]

    async def c(n):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            log(n, "broken")
        else:
            count[0] += 1
            if count[0] == 3:
                log(n, "resets")
                await barrier.reset()
            else:
                log(n, "passed")

    await asyncio.gather(*(asyncio.create_task(c(n)) for n in range(5)))
    log("broken", barrier.broken, "waiting", barrier.n_waiting)


@scenario
async def semaphore_acquire_with_timeout():
    # test_locks.py: SemaphoreTests.test_acquire_no_hang's wait_for / test_acquire_cancel (a timed-out
    # acquire takes no permit)
    sem = asyncio.Semaphore(0)
    try:
        await asyncio.wait_for(sem.acquire(), 10)
    except TimeoutError as e:
        log("caught", e, "locked", sem.locked())
    sem.release()
    log("locked", sem.locked())
    await sem.acquire()
    log("acquired, locked", sem.locked())
