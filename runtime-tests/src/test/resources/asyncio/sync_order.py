"""asyncio twins of dev.weft.runtime.sync.AsyncioOrderTest: each prints the trace that test expects.

Run with CPython 3.13: python3 sync_order.py
Derived from CPython's Lib/test/test_asyncio/test_locks.py and test_queues.py (tests named per scenario).
"""
import asyncio
import functools


class Item:
    """An item ordered by its key alone: equal keys, distinguishable names."""
    def __init__(self, key, name):
        self.key, self.name = key, name

    def __lt__(self, other):
        return self.key < other.key

    def __repr__(self):
        return self.name


SCENARIOS = []


def scenario(f):
    SCENARIOS.append(f)
    return f


@scenario
async def test_notify_all(log):
    cond = asyncio.Condition()

    async def c(tag):
        await cond.acquire()
        log.append(f"{tag} waits")
        if await cond.wait():
            log.append(f"{tag} woken, locked={cond.locked()}")
            cond.release()
        return True

    t1 = asyncio.create_task(c("c1"))
    t2 = asyncio.create_task(c("c2"))
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    log.append(f"released, locked={cond.locked()}")
    await asyncio.sleep(0)
    log.append(f"after one turn: t1 done={t1.done()}, t2 done={t2.done()}")


@scenario
async def test_wait_cancel_contested(log):
    cond = asyncio.Condition()
    await cond.acquire()
    wait_task = asyncio.create_task(cond.wait())
    await asyncio.sleep(0)
    log.append(f"waiting, locked={cond.locked()}")
    await cond.acquire()
    cond.notify()

    async def ticker():
        for i in range(3):
            log.append(f"tick {i}, locked={cond.locked()}")
            await asyncio.sleep(0)

    asyncio.create_task(ticker())
    loop = asyncio.get_running_loop()
    loop.call_soon(wait_task.cancel)
    loop.call_soon(cond.release)
    try:
        await wait_task
        log.append("wait returned")
    except asyncio.CancelledError:
        log.append("wait cancelled")
    log.append(f"locked={cond.locked()}")


@scenario
async def test_filling_tasks_wait_twice(log):
    n = 5
    barrier = asyncio.Barrier(n)

    async def coro(i):
        async with barrier:
            log.append(f"{i} first")
            async with barrier:
                log.append(f"{i} second")

    await asyncio.gather(*(coro(i) for i in range(n)))
    log.append(f"n_waiting={barrier.n_waiting}, broken={barrier.broken}")


@scenario
async def test_blocking_tasks_while_draining(log):
    n, rewait = 5, 2
    barrier = asyncio.Barrier(n)
    barrier_nowaiting = asyncio.Barrier(n - rewait)
    rewait_n = rewait

    async def coro(i):
        nonlocal rewait_n
        log.append(f"{i} index {await barrier.wait()}")
        if rewait_n > 0:
            rewait_n -= 1
            log.append(f"{i} again, index {await barrier.wait()}")
        else:
            log.append(f"{i} nowaiting, index {await barrier_nowaiting.wait()}")
            log.append(f"{i} last, index {await barrier.wait()}")

    await asyncio.gather(*(coro(i) for i in range(n)))


@scenario
async def test_draining_state(log):
    n = 3
    barrier = asyncio.Barrier(n)

    async def coro(i):
        async with barrier:
            log.append(f"{i} {'draining' in repr(barrier)}")

    await asyncio.gather(*(coro(i) for i in range(n)))


@scenario
async def test_acquire_fifo_order_2(log):
    sem = asyncio.Semaphore(1)

    async def c1():
        await sem.acquire()
        log.append(1)

    async def c2():
        await sem.acquire()
        log.append(2)
        sem.release()
        await sem.acquire()
        log.append(4)

    async def c3():
        await sem.acquire()
        log.append(3)

    tasks = [asyncio.create_task(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(*tasks)


@scenario
async def test_acquire_fifo_order_4(log):
    sem = asyncio.Semaphore(0)
    t4 = None

    async def c1():
        log.append(f"c1 value={sem._value}")
        await sem.acquire()
        log.append(f"c1 value={sem._value}")
        nonlocal t4
        t4 = asyncio.create_task(c4())
        log.append(1)

    async def c2():
        sem.release()
        sem.release()
        sem.release()
        log.append(f"c2 value={sem._value}, locked={sem.locked()}")
        await sem.acquire()
        log.append(2)

    async def c3():
        await sem.acquire()
        log.append(f"c3 locked={sem.locked()}")
        log.append(3)

    async def c4():
        log.append(4)

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    t3 = asyncio.create_task(c3())
    await asyncio.sleep(0)
    log.append(f"main value={sem._value}")
    await asyncio.sleep(0)
    await asyncio.gather(t1, t2, t3, t4)


@scenario
async def lock_handoff(log):
    lock = asyncio.Lock()
    await lock.acquire()

    async def waiter(tag):
        await lock.acquire()
        log.append(f"{tag} acquired, locked={lock.locked()}")
        lock.release()

    t = asyncio.create_task(waiter("w"))
    await asyncio.sleep(0)
    lock.release()
    log.append(f"released, locked={lock.locked()}")
    await lock.acquire()  # queues behind the woken waiter: no barging
    log.append(f"main acquired, w done={t.done()}")
    lock.release()


@scenario
async def test_put_cancel_drop(log):
    q = asyncio.Queue(1)
    q.put_nowait(1)
    writer = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    log.append(f"got {q.get_nowait()}")
    log.append(f"size={q.qsize()}, full={q.full()}")
    writer.cancel()
    try:
        await writer
    except asyncio.CancelledError:
        log.append(f"writer cancelled, size={q.qsize()}")
        writer = asyncio.create_task(q.put(2))
        await writer
    log.append(f"got {q.get_nowait()}, size={q.qsize()}")


@scenario
async def test_get_cancel_drop_one_pending_reader(log):
    q = asyncio.Queue()
    reader = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    reader.cancel()
    try:
        await reader
    except asyncio.CancelledError:
        log.append(f"reader cancelled, size={q.qsize()}")
        reader = asyncio.create_task(q.get())
        await reader
    log.append(f"read {reader.result()}")


@scenario
async def queue_putters_waiting(log):
    q = asyncio.Queue(1)
    q.put_nowait("a")

    async def putter(item):
        await q.put(item)
        log.append(f"put {item}, size={q.qsize()}")

    p = asyncio.create_task(putter("b"))
    await asyncio.sleep(0)
    log.append(f"got {q.get_nowait()}, size={q.qsize()}, full={q.full()}")
    q.put_nowait("c")
    log.append(f"put_nowait c, size={q.qsize()}, full={q.full()}")
    await asyncio.sleep(0)
    log.append(f"putter done={p.done()}")
    log.append(f"got {await q.get()}")
    await p
    log.append(f"got {await q.get()}, size={q.qsize()}")


@scenario
async def queue_lifo_waiting_getter(log):
    q = asyncio.LifoQueue()

    async def getter():
        log.append(f"got {await q.get()}")

    g = asyncio.create_task(getter())
    await asyncio.sleep(0)
    for i in (1, 2, 3):
        q.put_nowait(i)
    await g
    log.append(f"left {[q.get_nowait() for _ in range(q.qsize())]}")


@scenario
async def queue_priority_waiting_getter(log):
    q = asyncio.PriorityQueue()

    async def getter():
        log.append(f"got {await q.get()}")

    g = asyncio.create_task(getter())
    await asyncio.sleep(0)
    for i in (3, 1, 2):
        q.put_nowait(i)
    await g
    log.append(f"left {[q.get_nowait() for _ in range(q.qsize())]}")


@scenario
async def queue_priority_equal_items(log):
    q = asyncio.PriorityQueue()
    for key, name in [(1, "a"), (0, "b"), (1, "c"), (1, "d"), (0, "e"), (1, "f"), (2, "g"), (1, "h"), (0, "i"), (1, "j")]:
        q.put_nowait(Item(key, name))
    out = [q.get_nowait()]
    q.put_nowait(Item(1, "k"))
    q.put_nowait(Item(0, "l"))
    out += [q.get_nowait() for _ in range(q.qsize())]
    log.append(f"order {out}")


@scenario
async def test_acquire_fifo_order_3(log):
    sem = asyncio.Semaphore(0)

    async def c(tag):
        await sem.acquire()
        log.append(tag)

    tasks = [asyncio.create_task(c(i)) for i in (1, 2, 3)]
    await asyncio.sleep(0)
    tasks[0].cancel()
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    log.append(f"t1 {type(results[0]).__name__}, value={sem._value}")


@scenario
async def test_put_cancelled_race(log):
    q = asyncio.Queue(maxsize=1)
    put_a = asyncio.create_task(q.put('a'))
    put_b = asyncio.create_task(q.put('b'))
    put_c = asyncio.create_task(q.put('X'))
    await asyncio.sleep(0)
    log.append(f"a done={put_a.done()}, b done={put_b.done()}")
    put_c.cancel()
    await asyncio.sleep(0)
    log.append(f"c done={put_c.done()}")
    log.append(f"got {q.get_nowait()}")
    await asyncio.sleep(0)
    log.append(f"got {q.get_nowait()}")
    await put_b
    log.append(f"size={q.qsize()}")


@scenario
async def test_cancelled_put_silence_value_error_exception(log):
    q = asyncio.Queue(1)
    q.put_nowait(1)
    put_task = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    q.get_nowait()
    put_task.cancel()
    try:
        await put_task
    except asyncio.CancelledError:
        log.append(f"cancelled, size={q.qsize()}")


@scenario
async def test_why_are_putters_waiting(log):
    q = asyncio.Queue(2)

    async def putter(item):
        await q.put(item)
        log.append(f"put {item}")

    async def getter():
        await asyncio.sleep(0)
        num = q.qsize()
        for _ in range(num):
            log.append(f"got {q.get_nowait()}")

    await asyncio.gather(getter(), putter(0), putter(1), putter(2), putter(3))
    log.append(f"size={q.qsize()}")


async def main():
    for s in SCENARIOS:
        log = []
        await s(log)
        print(s.__name__)
        for line in log:
            print("    " + str(line))


asyncio.run(main())
