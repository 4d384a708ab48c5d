"""Queue, LifoQueue, PriorityQueue (test_queues.py)."""
import asyncio

from harness import log, scenario


@scenario
async def queue_fifo_order():
    # test_queues.py: QueueGetTests.test_order
    q = asyncio.Queue()
    for i in (1, 3, 2):
        q.put_nowait(i)
    log("items", [q.get_nowait() for _ in range(3)], "empty", q.empty())


@scenario
async def queue_lifo_order():
    # test_queues.py: LifoQueueTests.test_order
    q = asyncio.LifoQueue()
    for i in (1, 3, 2):
        q.put_nowait(i)
    log("items", [q.get_nowait() for _ in range(3)])


@scenario
async def queue_priority_order():
    # test_queues.py: PriorityQueueTests.test_order
    q = asyncio.PriorityQueue()
    for i in (1, 3, 2):
        q.put_nowait(i)
    log("items", [q.get_nowait() for _ in range(3)])


@scenario
async def queue_nonblocking_exceptions():
    # test_queues.py: test_nonblocking_get_exception / test_nonblocking_put_exception
    q = asyncio.Queue(1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        log("get raised", e)
    q.put_nowait(1)
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        log("put raised", e, "size", q.qsize(), "full", q.full())


@scenario
async def queue_blocking_get_wait():
    # test_queues.py: QueueGetTests.test_blocking_get_wait
    q = asyncio.Queue()

    async def getter():
        log("got", await q.get())
    t = asyncio.create_task(getter())
    await asyncio.sleep(10)
    q.put_nowait(7)
    log("put, size", q.qsize())
    await t


@scenario
async def queue_blocking_put_wait():
    # test_queues.py: QueuePutTests.test_blocking_put_wait
    q = asyncio.Queue(maxsize=1)

    async def putter():
        for i in range(3):
            await q.put(i)
            log("put", i)
    t = asyncio.create_task(putter())
    for _ in range(3):
        await asyncio.sleep(10)
        log("got", await q.get())
    await t


@scenario
async def queue_size_while_putters_wait():
    # test_queues.py: test_why_are_putters_waiting (items go in when the putters resume)
    q = asyncio.Queue(1)
    q.put_nowait(0)
    ts = [asyncio.create_task(q.put(i)) for i in (1, 2)]
    await asyncio.sleep(0)
    log("got", q.get_nowait(), "size", q.qsize(), "full", q.full())
    await asyncio.sleep(0)
    log("size", q.qsize(), "full", q.full())
    log("got", q.get_nowait())
    await asyncio.gather(*ts)
    log("got", q.get_nowait())


@scenario
async def queue_put_nowait_beside_blocked_putter():
    # test_queues.py: test_put_with_waiting_getters / test_why_are_putters_waiting
    q = asyncio.Queue(1)
    q.put_nowait("a")
    t = asyncio.create_task(q.put("b"))
    await asyncio.sleep(0)
    log("got", q.get_nowait())
    try:
        q.put_nowait("c")
        log("put c")
    except asyncio.QueueFull:
        log("put c raised QueueFull")
    await asyncio.sleep(0)
    log("t done", t.done(), "size", q.qsize())
    while not q.empty():
        log("got", q.get_nowait())
    if not t.done():
        log("got", await q.get())
        await t


@scenario
async def queue_get_with_waiting_putters():
    # test_queues.py: QueueGetTests.test_get_with_waiting_putters
    q = asyncio.Queue(maxsize=1)
    asyncio.create_task(q.put("a"))
    asyncio.create_task(q.put("b"))
    await asyncio.sleep(0)
    log("got", await q.get())
    log("got", await q.get())


@scenario
async def queue_waiting_getter_of_priority_queue():
    # test_queues.py: PriorityQueueTests.test_order, with a getter already waiting
    q = asyncio.PriorityQueue()

    async def getter():
        log("got", await q.get())
    t = asyncio.create_task(getter())
    await asyncio.sleep(0)
    q.put_nowait(3)
    q.put_nowait(1)
    await t
    log("left", q.get_nowait())


@scenario
async def queue_waiting_getter_of_lifo_queue():
    # test_queues.py: LifoQueueTests.test_order, with a getter already waiting
    q = asyncio.LifoQueue()

    async def getter():
        log("got", await q.get())
    t = asyncio.create_task(getter())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    await t
    log("left", q.get_nowait())


@scenario
async def queue_get_cancel_drops_no_item():
    # test_queues.py: test_get_cancel_drop_one_pending_reader
    q = asyncio.Queue()
    reader = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    reader.cancel()
    try:
        log("reader got", await reader)
    except asyncio.CancelledError:
        log("reader cancelled, again got", await q.get())


@scenario
async def queue_put_cancel_drops_no_slot():
    # test_queues.py: test_put_cancel_drop
    q = asyncio.Queue(1)
    q.put_nowait(1)
    writer = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    log("got", q.get_nowait())
    writer.cancel()
    try:
        await writer
        log("writer finished")
    except asyncio.CancelledError:
        log("writer cancelled")
        await q.put(2)
    log("got", q.get_nowait(), "size", q.qsize())


@scenario
async def queue_cancelled_getter_not_held():
    # test_queues.py: test_cancelled_getters_not_being_held_in_self_getters
    q = asyncio.Queue()
    g1 = asyncio.create_task(q.get())
    g2 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    g1.cancel()
    await asyncio.sleep(0)
    q.put_nowait("x")
    log("g2 got", await g2, "g1 cancelled", g1.cancelled())


@scenario
async def queue_task_done_and_join():
    # test_queues.py: _QueueJoinTestMixin.test_task_done
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)

    async def worker(name):
        while True:
            item = await q.get()
            await asyncio.sleep(10)
            log(name, "processed", item)
            q.task_done()
    ws = [asyncio.create_task(worker(n)) for n in ("W1", "W2")]
    await q.join()
    log("joined")
    for w in ws:
        w.cancel()
    await asyncio.gather(*ws, return_exceptions=True)


@scenario
async def queue_join_empty():
    # test_queues.py: test_join_empty_queue
    q = asyncio.Queue()
    await q.join()
    log("joined at once")


@scenario
async def queue_task_done_underflow():
    # test_queues.py: test_task_done_underflow
    q = asyncio.Queue()
    try:
        q.task_done()
    except ValueError as e:
        log("raised", e)


@scenario
async def queue_shutdown_nonempty():
    # test_queues.py: QueueShutdownTests.test_shutdown_nonempty
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("data")
    join_task = asyncio.create_task(q.join())
    put_task = asyncio.create_task(q.put("data2"))
    await asyncio.sleep(0)
    q.shutdown()
    log("size", q.qsize())
    await asyncio.sleep(0)
    try:
        await put_task
    except asyncio.QueueShutDown as e:
        log("put raised", e)
    log("got", await q.get())
    await asyncio.sleep(0)
    log("join done", join_task.done())
    try:
        q.put_nowait("x")
    except asyncio.QueueShutDown as e:
        log("put_nowait raised", e)
    try:
        await q.get()
    except asyncio.QueueShutDown as e:
        log("get raised", e)
    q.task_done()
    await join_task
    log("joined")


@scenario
async def queue_shutdown_wakes_getters():
    # test_queues.py: QueueShutdownTests.test_shutdown_empty
    q = asyncio.Queue()

    async def getter(name):
        try:
            await q.get()
        except asyncio.QueueShutDown as e:
            log(name, "raised", e)
    ts = [asyncio.create_task(getter(n)) for n in ("A", "B")]
    await asyncio.sleep(5)
    q.shutdown()
    await asyncio.gather(*ts)


@scenario
async def queue_shutdown_immediate():
    # test_queues.py: QueueShutdownTests.test_shutdown_immediate_with_unfinished
    q = asyncio.Queue()
    q.put_nowait("a")
    q.put_nowait("b")
    join_task = asyncio.create_task(q.join())
    log("got", await q.get())
    q.shutdown(immediate=True)
    log("size", q.qsize())
    await asyncio.sleep(0)
    log("join done", join_task.done())
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        log("get_nowait raised", e)
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        log("task_done raised", e)
    await asyncio.sleep(0)
    log("join done", join_task.done())


@scenario
async def queue_producer_consumer():
    # test_queues.py: test_blocking_put / test_blocking_get with a bounded queue
    q = asyncio.Queue(2)

    async def producer():
        for i in range(4):
            await q.put(i)
            log("produced", i, "size", q.qsize())
        await q.put(-1)

    async def consumer():
        while (item := await q.get()) != -1:
            log("consumed", item)
            await asyncio.sleep(10)
    await asyncio.gather(producer(), consumer())
