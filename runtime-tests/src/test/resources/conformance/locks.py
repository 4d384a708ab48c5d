"""Lock, Semaphore, BoundedSemaphore, Event, Condition, Barrier (test_locks.py)."""
import asyncio

from harness import log, scenario


async def hold(lock, name, delay):
    async with lock:
        log(name, "has it")
        await asyncio.sleep(delay)
        log(name, "releases")


@scenario
async def lock_fifo_order():
    # test_locks.py: LockTests.test_acquire
    lock = asyncio.Lock()
    ts = [asyncio.create_task(hold(lock, n, 10)) for n in ("A", "B", "C")]
    await asyncio.gather(*ts)
    log("locked", lock.locked())


@scenario
async def lock_locked_during_handoff():
    # test_locks.py: LockTests.test_acquire (release wakes the next waiter, which then acquires)
    lock = asyncio.Lock()
    await lock.acquire()
    t = asyncio.create_task(hold(lock, "B", 10))
    await asyncio.sleep(0)
    lock.release()
    log("after release, locked", lock.locked())
    await asyncio.sleep(0)
    log("next turn, locked", lock.locked())
    await t


@scenario
async def lock_no_barging():
    # test_locks.py: LockTests.test_acquire (a newcomer queues behind the woken waiter)
    lock = asyncio.Lock()
    await lock.acquire()
    b = asyncio.create_task(hold(lock, "B", 10))
    await asyncio.sleep(0)
    lock.release()
    c = asyncio.create_task(hold(lock, "C", 10))
    await asyncio.gather(b, c)


@scenario
async def lock_fast_path_does_not_yield():
    # test_locks.py: LockTests.test_lock (acquiring a free lock does not suspend)
    lock = asyncio.Lock()

    async def other():
        log("other ran")
    t = asyncio.create_task(other())
    await lock.acquire()
    log("acquired, other done", t.done())
    lock.release()
    await t


@scenario
async def lock_cancel_waiter():
    # test_locks.py: LockTests.test_acquire_cancel
    lock = asyncio.Lock()
    await lock.acquire()
    b = asyncio.create_task(hold(lock, "B", 10))
    c = asyncio.create_task(hold(lock, "C", 10))
    await asyncio.sleep(0)
    b.cancel()
    await asyncio.sleep(0)
    lock.release()
    await c
    log("B cancelled", b.cancelled(), "locked", lock.locked())


@scenario
async def lock_cancel_release_race():
    # test_locks.py: LockTests.test_cancel_release_race (issue 32734)
    loop = asyncio.get_running_loop()
    lock = asyncio.Lock()
    count = [0]

    async def lockit(name):
        await lock.acquire()
        count[0] += 1
        log(name, "acquired")

    await lock.acquire()
    t1 = asyncio.create_task(lockit("t1"))
    t2 = asyncio.create_task(lockit("t2"))
    t3 = asyncio.create_task(lockit("t3"))
    await asyncio.sleep(0)

    def trigger():
        t1.cancel()
        lock.release()
    loop.call_soon(trigger)
    try:
        await t1
    except asyncio.CancelledError:
        log("t1 cancelled")
    log("count", count[0], "t2 done", t2.done())
    t3.cancel()
    await asyncio.sleep(0)
    log("t3 cancelled", t3.cancelled())


@scenario
async def lock_finished_waiter_cancelled():
    # test_locks.py: LockTests.test_finished_waiter_cancelled
    lock = asyncio.Lock()
    await lock.acquire()
    ta = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    tb = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()
    ta.cancel()
    await asyncio.sleep(0)
    log("A cancelled", ta.cancelled(), "B done", tb.done(), "locked", lock.locked())
    await asyncio.sleep(0)
    log("A cancelled", ta.cancelled(), "B done", tb.done(), "locked", lock.locked())


@scenario
async def lock_release_unlocked():
    # test_locks.py: LockTests.test_release_not_acquired
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        log("raised", e)


@scenario
async def lock_released_on_failure():
    # test_locks.py: LockTests.test_context_manager
    lock = asyncio.Lock()
    try:
        async with lock:
            await asyncio.sleep(5)
            raise ValueError("inside")
    except ValueError as e:
        log("raised", e, "locked", lock.locked())


@scenario
async def semaphore_fifo_order():
    # test_locks.py: SemaphoreTests.test_acquire
    sem = asyncio.Semaphore(2)
    ts = [asyncio.create_task(hold(sem, n, 10)) for n in ("A", "B", "C", "D")]
    await asyncio.gather(*ts)
    log("locked", sem.locked())


@scenario
async def semaphore_fifo_order2():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order_2
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


@scenario
async def semaphore_fifo_order4():
    # test_locks.py: SemaphoreTests.test_acquire_fifo_order_4
    sem = asyncio.Semaphore(0)
    t4 = None

    async def c4():
        log(4)

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

    ts = [asyncio.create_task(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.gather(*ts)
    await t4


@scenario
async def semaphore_locked_during_handoff():
    # test_locks.py: SemaphoreTests.test_semaphore
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    t = asyncio.create_task(hold(sem, "B", 10))
    await asyncio.sleep(0)
    sem.release()
    log("after release, locked", sem.locked())
    await t


@scenario
async def semaphore_cancel_waiter():
    # test_locks.py: SemaphoreTests.test_acquire_cancel
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    b = asyncio.create_task(hold(sem, "B", 10))
    c = asyncio.create_task(hold(sem, "C", 10))
    await asyncio.sleep(0)
    b.cancel()
    sem.release()
    await c
    log("B cancelled", b.cancelled(), "locked", sem.locked())


@scenario
async def semaphore_cancel_before_awoken():
    # test_locks.py: SemaphoreTests.test_acquire_cancel_before_awoken
    sem = asyncio.Semaphore(0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    t3 = asyncio.create_task(sem.acquire())
    t4 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    t2.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log("done", [t.done() for t in (t1, t2, t3, t4)], "cancelled", [t.cancelled() for t in (t1, t2, t3, t4)])
    t4.cancel()
    await asyncio.sleep(0)


@scenario
async def semaphore_initial_zero():
    # test_locks.py: SemaphoreTests.test_initial_value_zero
    sem = asyncio.Semaphore(0)
    t = asyncio.create_task(hold(sem, "A", 5))
    await asyncio.sleep(10)
    log("A waiting, locked", sem.locked())
    sem.release()
    await t


@scenario
async def bounded_semaphore_release_too_many():
    # test_locks.py: BoundedSemaphoreTests / SemaphoreTests.test_release_not_acquired
    sem = asyncio.BoundedSemaphore(1)
    await sem.acquire()
    sem.release()
    try:
        sem.release()
    except ValueError as e:
        log("raised", e)


@scenario
async def event_wakes_all_waiters():
    # test_locks.py: EventTests.test_wait
    ev = asyncio.Event()

    async def waiter(name):
        r = await ev.wait()
        log(name, "woke", r)
    ts = [asyncio.create_task(waiter(n)) for n in ("A", "B", "C")]
    await asyncio.sleep(10)
    log("set")
    ev.set()
    log("is set", ev.is_set())
    await asyncio.gather(*ts)


@scenario
async def event_wait_when_set():
    # test_locks.py: EventTests.test_wait_on_set
    ev = asyncio.Event()
    ev.set()
    log("wait ->", await ev.wait())


@scenario
async def event_clear_with_waiters():
    # test_locks.py: EventTests.test_clear_with_waiters (set then clear still wakes the waiter)
    ev = asyncio.Event()

    async def waiter():
        await ev.wait()
        log("woke, is set", ev.is_set())
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    ev.set()
    ev.clear()
    log("cleared")
    await t


@scenario
async def event_cancel_waiter():
    # test_locks.py: EventTests.test_wait_cancel
    ev = asyncio.Event()
    a = asyncio.create_task(ev.wait())
    b = asyncio.create_task(ev.wait())
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)
    ev.set()
    log("b ->", await b, "a cancelled", a.cancelled())


@scenario
async def condition_notify_one_by_one():
    # test_locks.py: ConditionTests.test_notify
    cond = asyncio.Condition()

    async def waiter(name):
        async with cond:
            await cond.wait()
            log(name, "notified")
    ts = [asyncio.create_task(waiter(n)) for n in ("A", "B", "C")]
    await asyncio.sleep(1)
    async with cond:
        cond.notify(1)
        log("notified 1")
    await asyncio.sleep(1)
    async with cond:
        cond.notify(2)
        log("notified 2")
    await asyncio.gather(*ts)


@scenario
async def condition_notify_all():
    # test_locks.py: ConditionTests.test_notify_all
    cond = asyncio.Condition()

    async def waiter(name):
        async with cond:
            await cond.wait()
            log(name, "notified, locked", cond.locked())
            await asyncio.sleep(1)
            log(name, "releases")
    ts = [asyncio.create_task(waiter(n)) for n in ("A", "B")]
    await asyncio.sleep(1)
    async with cond:
        cond.notify_all()
        log("notified all")
    log("after release, locked", cond.locked())
    await asyncio.gather(*ts)


@scenario
async def condition_wait_for_predicate():
    # test_locks.py: ConditionTests.test_wait_for
    cond = asyncio.Condition()
    state = [0]

    async def waiter():
        async with cond:
            r = await cond.wait_for(lambda: state[0] == 2)
            log("predicate true", r)
    t = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    for i in (1, 2):
        async with cond:
            state[0] = i
            cond.notify()
            log("state", i)
        await asyncio.sleep(1)
    await t


@scenario
async def condition_wait_cancel():
    # test_locks.py: ConditionTests.test_wait_cancel (the cancelled waiter re-acquires the lock)
    cond = asyncio.Condition()

    async def waiter():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError:
                log("cancelled, locked", cond.locked())
                raise
    t = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("task cancelled, locked", cond.locked())


@scenario
async def condition_wait_cancel_contested():
    # test_locks.py: ConditionTests.test_wait_cancel_contested
    cond = asyncio.Condition()
    await cond.acquire()

    async def waiter():
        try:
            await cond.wait()
            log("waiter woke, locked", cond.locked())
        except asyncio.CancelledError:
            log("waiter cancelled, locked", cond.locked())
            raise
    wait_task = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    log("waiting, locked", cond.locked())
    await cond.acquire()
    cond.notify()
    loop = asyncio.get_running_loop()
    loop.call_soon(wait_task.cancel)
    loop.call_soon(cond.release)
    try:
        await wait_task
    except asyncio.CancelledError:
        log("wait_task cancelled")
    log("locked", cond.locked())


@scenario
async def condition_notify_unacquired():
    # test_locks.py: ConditionTests.test_notify_unacquired
    cond = asyncio.Condition()
    try:
        cond.notify()
    except RuntimeError as e:
        log("raised", e)


@scenario
async def condition_wait_unacquired():
    # test_locks.py: ConditionTests.test_wait_unacquired
    cond = asyncio.Condition()
    try:
        await cond.wait()
    except RuntimeError as e:
        log("raised", e)


@scenario
async def barrier_basic():
    # test_locks.py: BarrierTests.test_barrier / test_filling_tasks_check_return_value
    barrier = asyncio.Barrier(3)

    async def party(name, delay):
        await asyncio.sleep(delay)
        log(name, "arrives, waiting", barrier.n_waiting)
        i = await barrier.wait()
        log(name, "passes as", i)
    await asyncio.gather(*(party(n, d) for n, d in (("A", 10), ("B", 20), ("C", 30))))
    log("waiting", barrier.n_waiting, "broken", barrier.broken)


@scenario
async def barrier_filling_tasks_wait_twice():
    # test_locks.py: BarrierTests.test_filling_tasks_wait_twice
    barrier = asyncio.Barrier(3)

    async def party(name):
        async with barrier:
            log(name, "round 1")
            async with barrier:
                log(name, "round 2")
    await asyncio.gather(*(party(n) for n in ("A", "B", "C")))
    log("waiting", barrier.n_waiting, "broken", barrier.broken)


@scenario
async def barrier_blocking_tasks_while_draining():
    # test_locks.py: BarrierTests.test_blocking_tasks_while_draining
    barrier = asyncio.Barrier(5)
    nowaiting = asyncio.Barrier(3)
    rewait = [2]

    async def party(name):
        await barrier.wait()
        if rewait[0] > 0:
            rewait[0] -= 1
            log(name, "waits again")
            await barrier.wait()
        else:
            await nowaiting.wait()
            log(name, "passed nowaiting")
            await barrier.wait()
        log(name, "done")
    await asyncio.gather(*(party(n) for n in ("A", "B", "C", "D", "E")))


@scenario
async def barrier_abort():
    # test_locks.py: BarrierTests.test_abort_barrier
    barrier = asyncio.Barrier(3)

    async def party(name):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError as e:
            log(name, "raised", e)
    ts = [asyncio.create_task(party(n)) for n in ("A", "B")]
    await asyncio.sleep(5)
    await barrier.abort()
    await asyncio.gather(*ts)
    log("broken", barrier.broken)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        log("late wait raised", e)


@scenario
async def barrier_reset_while_waiting():
    # test_locks.py: BarrierTests.test_reset_barrier_while_tasks_waiting
    barrier = asyncio.Barrier(3)

    async def party(name):
        try:
            await barrier.wait()
            log(name, "passed")
        except asyncio.BrokenBarrierError as e:
            log(name, "raised", e)
    ts = [asyncio.create_task(party(n)) for n in ("A", "B")]
    await asyncio.sleep(5)
    await barrier.reset()
    await asyncio.gather(*ts)
    log("broken", barrier.broken, "waiting", barrier.n_waiting)
    ts = [asyncio.create_task(party(n)) for n in ("C", "D", "E")]
    await asyncio.gather(*ts)


@scenario
async def barrier_cancel_one():
    # test_locks.py: BarrierTests.test_filling_tasks_cancel_one
    barrier = asyncio.Barrier(3)

    async def party(name):
        await barrier.wait()
        log(name, "passed")
    a = asyncio.create_task(party("A"))
    await asyncio.sleep(1)
    b = asyncio.create_task(party("B"))
    await asyncio.sleep(1)
    b.cancel()
    await asyncio.sleep(1)
    log("waiting", barrier.n_waiting)
    c = asyncio.create_task(party("C"))
    d = asyncio.create_task(party("D"))
    await asyncio.gather(a, c, d)
