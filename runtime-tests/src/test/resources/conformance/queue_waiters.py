"""Queues: FIFO, LIFO, priority, maxsize, waiting getters and putters, join, shutdown (test_queues.py)."""
import asyncio

from harness import log, scenario


@scenario
async def queue_fifo_lifo_priority_order():
    # test_queues.py: QueueBasicTests.test_order / LifoQueueTests.test_order / PriorityQueueTests.test_order
    for name, q in (("fifo", asyncio.Queue()), ("lifo", asyncio.LifoQueue()), ("priority", asyncio.PriorityQueue())):
        for i in (1, 3, 2):
            q.put_nowait(i)
        log(name, [q.get_nowait() for _ in range(3)])


@scenario
async def queue_empty_full_nowait():
    # test_queues.py: test_empty / test_full / test_nonblocking_get_exception / test_nonblocking_put_exception
    q = asyncio.Queue(maxsize=1)
    log("empty", q.empty(), "full", q.full(), "maxsize", q.maxsize)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        log("get_nowait", e)
    q.put_nowait(1)
    log("empty", q.empty(), "full", q.full(), "qsize", q.qsize())
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        log("put_nowait", e)
    log("got", await q.get())


@scenario
async def queue_maxsize_blocks_putter():
    # test_queues.py: QueueBasicTests.test_maxsize
    q = asyncio.Queue(maxsize=2)
    put = []

    async def putter():
        for i in range(3):
            await q.put(i)
            put.append(i)
        return True

    t = asyncio.create_task(putter())
    for _ in range(2):
        await asyncio.sleep(0)
    log("put", put, "full", q.full())
    log("got", await q.get())
    await asyncio.sleep(0)
    log("put", put)
    log("got", await q.get(), await q.get(), "done", t.done(), t.result())


@scenario
async def queue_get_woken_by_timer_put():
    # test_queues.py: QueueGetTests.test_blocking_get_wait (a put_nowait from a timer wakes the getter)
    q = asyncio.Queue()
    started = asyncio.Event()

    async def queue_get():
        started.set()
        res = await q.get()
        log("getter got", res)
        return res

    t = asyncio.create_task(queue_get())
    await started.wait()
    log("getter started")
    asyncio.get_running_loop().call_later(10, q.put_nowait, 1)
    log("result", await t)


@scenario
async def queue_get_cancelled_race():
    # test_queues.py: QueueGetTests.test_get_cancelled_race
    q = asyncio.Queue()
    t1 = asyncio.create_task(q.get())
    t2 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    t1.cancel()
    await asyncio.sleep(0)
    log("t1 done", t1.done(), "cancelled", t1.cancelled())
    await q.put("a")
    await asyncio.sleep(0)
    log("t2 got", await t2)


@scenario
async def queue_get_before_putters_run():
    # test_queues.py: QueueGetTests.test_get_with_waiting_putters
    q = asyncio.Queue(maxsize=1)
    asyncio.create_task(q.put("a"))
    asyncio.create_task(q.put("b"))
    log("got", await q.get())
    log("got", await q.get())


@scenario
async def queue_producer_consumer_steps():
    # test_queues.py: QueueGetTests.test_why_are_getters_waiting (a producer and a consumer on a queue of one)
    q = asyncio.Queue(1)

    async def consumer(n):
        for _ in range(n):
            log("consumer got", await q.get())

    async def producer(n):
        for i in range(n):
            await q.put(i)
            log("producer put", i)

    await asyncio.gather(asyncio.create_task(producer(4)), asyncio.create_task(consumer(4)))
    log("end empty", q.empty())


@scenario
async def queue_why_are_putters_waiting():
    # test_queues.py: QueuePutTests.test_why_are_putters_waiting (get_nowait wakes one putter per item)
    q = asyncio.Queue(2)

    async def putter(item):
        await q.put(item)
        log("put", item, "qsize", q.qsize())

    async def getter():
        await asyncio.sleep(0)
        num = q.qsize()
        for _ in range(num):
            log("get_nowait", q.get_nowait())

    ts = [asyncio.create_task(getter())] + [asyncio.create_task(putter(i)) for i in range(4)]
    await asyncio.gather(*ts)
    log("end qsize", q.qsize())


@scenario
async def queue_get_cancel_drop_one_pending_reader():
    # test_queues.py: QueuePutTests.test_get_cancel_drop_one_pending_reader (no item is lost)
    q = asyncio.Queue()
    reader = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    reader.cancel()
    try:
        await reader
        log("reader got it despite cancel")
    except asyncio.CancelledError:
        log("reader cancelled, qsize", q.qsize())
        reader = asyncio.create_task(q.get())
        await reader
    log("result", reader.result(), "qsize", q.qsize())


@scenario
async def queue_get_cancel_drop_many_pending_readers():
    # test_queues.py: QueuePutTests.test_get_cancel_drop_many_pending_readers
    q = asyncio.Queue()
    r1 = asyncio.create_task(q.get())
    r2 = asyncio.create_task(q.get())
    r3 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    r1.cancel()
    try:
        await r1
    except asyncio.CancelledError:
        log("r1 cancelled")
    await asyncio.wait_for(r3, 100)  # a bound instead of a hang if the items went elsewhere
    await r2
    log("results", sorted([r2.result(), r3.result()]), "qsize", q.qsize())


@scenario
async def queue_put_cancel_drop():
    # test_queues.py: QueuePutTests.test_put_cancel_drop
    q = asyncio.Queue(1)
    q.put_nowait(1)
    writer = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    log("got", q.get_nowait())
    writer.cancel()
    try:
        await writer
        log("writer put despite cancel")
    except asyncio.CancelledError:
        log("writer cancelled")
        writer = asyncio.create_task(q.put(2))
        await writer
    log("got", q.get_nowait(), "qsize", q.qsize())


@scenario
async def queue_put_cancelled_race():
    # test_queues.py: QueuePutTests.test_put_cancelled_race
    q = asyncio.Queue(maxsize=1)
    put_a = asyncio.create_task(q.put("a"))
    put_b = asyncio.create_task(q.put("b"))
    put_c = asyncio.create_task(q.put("X"))
    await asyncio.sleep(0)
    log("a done", put_a.done(), "b done", put_b.done())
    put_c.cancel()
    await asyncio.sleep(0)
    log("c done", put_c.done())
    log("got", q.get_nowait())
    await asyncio.sleep(0)
    log("got", q.get_nowait())
    await put_b
    log("qsize", q.qsize())


@scenario
async def queue_put_with_waiting_getters():
    # test_queues.py: QueuePutTests.test_put_with_waiting_getters / test_put_cancelled (the item is
    # queued; the woken getter takes it when it runs)
    q = asyncio.Queue()
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    await q.put("a")
    log("after put qsize", q.qsize(), "empty", q.empty())
    log("getter got", await t, "qsize", q.qsize())


@scenario
async def queue_qsize_full_while_putters_wait():
    # test_queues.py: QueuePutTests.test_blocking_put_wait (qsize/full count only queued items)
    q = asyncio.Queue(maxsize=1)
    ts = [asyncio.create_task(q.put(i)) for i in range(3)]
    await asyncio.sleep(0)
    log("qsize", q.qsize(), "full", q.full(), "done", [t.done() for t in ts])
    log("got", await q.get(), "qsize", q.qsize(), "full", q.full())
    await asyncio.sleep(0)
    log("qsize", q.qsize(), "full", q.full(), "done", [t.done() for t in ts])
    log("got", await q.get(), await q.get())


@scenario
async def queue_cancelled_put_after_get_nowait():
    # test_queues.py: QueuePutTests.test_cancelled_put_silence_value_error_exception
    q = asyncio.Queue(1)
    q.put_nowait(1)
    put_task = asyncio.create_task(q.put(1))
    await asyncio.sleep(0)
    q.get_nowait()
    put_task.cancel()
    try:
        await put_task
        log("put done")
    except asyncio.CancelledError as e:
        log("caught", e)
    log("qsize", q.qsize())


@scenario
async def queue_get_timeout_leaves_no_getter():
    # test_queues.py: QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
    q = asyncio.Queue(maxsize=5)
    try:
        await asyncio.wait_for(q.get(), 10)
    except TimeoutError as e:
        log("caught", e)
    q.put_nowait(7)
    log("qsize", q.qsize(), "got", q.get_nowait())


@scenario
async def priority_queue_waiting_getter_gets_lowest():
    # test_queues.py: PriorityQueueTests.test_order (a waiting getter takes the item the order says,
    # when it runs)
    q = asyncio.PriorityQueue()
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(5)
    q.put_nowait(1)
    q.put_nowait(3)
    log("getter got", await t, "left", [q.get_nowait() for _ in range(2)])


@scenario
async def lifo_queue_waiting_getter_gets_last():
    # test_queues.py: LifoQueueTests.test_order (with a waiting getter)
    q = asyncio.LifoQueue()
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    log("getter got", await t, "left", q.get_nowait())


@scenario
async def queue_join_empty_and_task_done_underflow():
    # test_queues.py: _QueueJoinTestMixin.test_join_empty_queue / test_task_done_underflow
    q = asyncio.Queue()
    await q.join()
    await q.join()
    log("joined twice")
    try:
        q.task_done()
    except ValueError as e:
        log("task_done", e)


@scenario
async def queue_shutdown_empty():
    # test_queues.py: _QueueShutdownTestMixin.test_shutdown_empty
    q = asyncio.Queue()
    get_task = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.shutdown(immediate=False)
    log("qsize", q.qsize())
    await q.join()
    log("joined")
    await asyncio.sleep(0)
    log("get done", get_task.done())
    try:
        await get_task
    except asyncio.QueueShutDown as e:
        log("get", e)
    try:
        await q.put("data")
    except asyncio.QueueShutDown as e:
        log("put", e)
    try:
        q.put_nowait("data")
    except asyncio.QueueShutDown as e:
        log("put_nowait", e)
    try:
        await q.get()
    except asyncio.QueueShutDown as e:
        log("get", e)
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        log("get_nowait", e)


@scenario
async def queue_shutdown_immediate_releases_join():
    # test_queues.py: _QueueShutdownTestMixin.test_shutdown_immediate
    q = asyncio.Queue()
    q.put_nowait("data")
    join_task = asyncio.create_task(q.join())
    q.shutdown(immediate=True)
    log("qsize", q.qsize())
    await asyncio.sleep(0)
    log("join done", join_task.done())
    await join_task
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        log("get_nowait", e)
    try:
        q.task_done()
    except ValueError as e:
        log("task_done", e)


@scenario
async def queue_shutdown_immediate_with_unfinished():
    # test_queues.py: _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished
    q = asyncio.Queue()
    q.put_nowait("data")
    q.put_nowait("data")
    join_task = asyncio.create_task(q.join())
    log("got", await q.get())
    q.shutdown(immediate=True)
    log("qsize", q.qsize())
    await asyncio.sleep(0)
    log("join done", join_task.done())
    q.task_done()
    await asyncio.sleep(0)
    log("join done", join_task.done())
    await join_task


@scenario
async def queue_shutdown_wakes_getters_and_putters():
    # test_queues.py: _QueueShutdownTestMixin.test_shutdown_empty / test_shutdown_nonempty (every
    # waiter, getter or putter, ends with QueueShutDown)
    empty = asyncio.Queue()
    full = asyncio.Queue(1)
    full.put_nowait(0)

    async def get(n):
        try:
            await empty.get()
        except asyncio.QueueShutDown as e:
            log("getter", n, e)

    async def put(n):
        try:
            await full.put(n)
        except asyncio.QueueShutDown as e:
            log("putter", n, e)

    ts = [asyncio.create_task(get(1)), asyncio.create_task(get(2)),
          asyncio.create_task(put(1)), asyncio.create_task(put(2))]
    await asyncio.sleep(0)
    empty.shutdown()
    full.shutdown()
    log("shut down")
    await asyncio.gather(*ts)
    log("full still holds", full.get_nowait())
