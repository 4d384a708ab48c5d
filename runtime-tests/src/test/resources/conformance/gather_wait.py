"""gather, wait and as_completed (test_tasks.py: test_wait*, test_as_completed*, GatherTests, FutureGatherTests)."""
import asyncio

from harness import Boom, log, scenario


async def job(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log(name, "cancelled")
        raise
    if fail:
        log(name, "fails")
        raise Boom(name)
    log(name, "done")
    return delay


def names(tasks):
    return sorted(t.get_name() for t in tasks)


@scenario
async def gather_results_in_argument_order():
    # test_tasks.py: FutureGatherTests.test_success (results in argument order, not finish order)
    r = await asyncio.gather(job("A", 30), job("B", 10), job("C", 20))
    log("results", r)


@scenario
async def gather_empty():
    # test_tasks.py: test_constructor_empty_sequence_use_running_loop
    log("results", await asyncio.gather())


@scenario
async def gather_first_failure_raised_others_continue():
    # test_tasks.py: FutureGatherTests.test_one_exception (the others are not cancelled)
    a = asyncio.create_task(job("A", 30))
    b = asyncio.create_task(job("B", 10, fail=True))
    c = asyncio.create_task(job("C", 20))
    try:
        await asyncio.gather(a, b, c)
    except Boom as e:
        log("raised", e, "A done", a.done(), "C done", c.done())
    await asyncio.sleep(50)
    log("A", a.result(), "C", c.result())


@scenario
async def gather_return_exceptions():
    # test_tasks.py: FutureGatherTests.test_return_exceptions
    r = await asyncio.gather(job("A", 30), job("B", 10, fail=True), job("C", 20, fail=True),
                             return_exceptions=True)
    log("results", r)


@scenario
async def gather_child_cancelled():
    # test_tasks.py: FutureGatherTests.test_one_cancellation (the gather is not cancelled itself)
    a = asyncio.create_task(job("A", 30))
    b = asyncio.create_task(job("B", 50))
    g = asyncio.gather(a, b)
    await asyncio.sleep(10)
    b.cancel()
    try:
        await g
    except asyncio.CancelledError as e:
        log("gather raised", e, "gather cancelled", g.cancelled(), "A done", a.done())
    await asyncio.sleep(30)
    log("A done", a.done())


@scenario
async def gather_child_cancelled_return_exceptions():
    # test_tasks.py: FutureGatherTests.test_result_exception_one_cancellation
    a = asyncio.create_task(job("A", 30))
    b = asyncio.create_task(job("B", 50))
    g = asyncio.gather(a, b, return_exceptions=True)
    await asyncio.sleep(10)
    b.cancel()
    log("results", await g)


@scenario
async def cancel_task_awaiting_gather():
    # test_tasks.py: test_cancel_gather_1 / FutureGatherTests.test_cancellation_broadcast
    a = asyncio.create_task(job("A", 30))
    b = asyncio.create_task(job("B", 50))

    async def outer():
        return await asyncio.gather(a, b)
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled", "A", a.cancelled(), "B", b.cancelled())


@scenario
async def cancelled_gather_waits_for_children():
    # test_tasks.py: test_cancel_gather_2 (the gather ends once its children have ended)
    async def slow_exit(name):
        try:
            await asyncio.sleep(100)
        finally:
            await asyncio.sleep(5)
            log(name, "cleaned up")
    g = asyncio.gather(slow_exit("A"), slow_exit("B"))
    await asyncio.sleep(10)
    log("cancel ->", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        log("gather cancelled", g.cancelled())


@scenario
async def gather_same_task_twice():
    # test_tasks.py: FutureGatherTests.test_duplicate_coroutines (one task, two results)
    a = asyncio.create_task(job("A", 10))
    log("results", await asyncio.gather(a, a))


@scenario
async def gather_of_done_tasks():
    # test_tasks.py: FutureGatherTests.test_constructor_homogenous_futures
    a = asyncio.create_task(job("A", 1))
    b = asyncio.create_task(job("B", 2))
    await asyncio.sleep(5)
    log("results", await asyncio.gather(a, b))


@scenario
async def gather_shielded_child_survives_cancel():
    # test_tasks.py: test_gather_shield
    a = asyncio.create_task(job("A", 30))
    b = asyncio.create_task(job("B", 30))

    async def outer():
        return await asyncio.gather(asyncio.shield(a), b)
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled", "A", a.cancelled(), "B", b.cancelled())
    log("A", await a)


@scenario
async def wait_first_completed():
    # test_tasks.py: test_wait_first_completed
    a = asyncio.create_task(job("A", 30), name="A")
    b = asyncio.create_task(job("B", 10), name="B")
    c = asyncio.create_task(job("C", 20), name="C")
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    log("done", names(done), "pending", names(pending))
    await asyncio.wait(pending)
    log("end")


@scenario
async def wait_first_exception():
    # test_tasks.py: test_wait_first_exception
    a = asyncio.create_task(job("A", 30), name="A")
    b = asyncio.create_task(job("B", 20, fail=True), name="B")
    c = asyncio.create_task(job("C", 10), name="C")
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
    log("done", names(done), "pending", names(pending))
    a.cancel()
    await asyncio.sleep(0)


@scenario
async def wait_first_exception_without_failure():
    # test_tasks.py: test_wait_first_exception (no failure: waits for all)
    a = asyncio.create_task(job("A", 30), name="A")
    b = asyncio.create_task(job("B", 10), name="B")
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_EXCEPTION)
    log("done", names(done), "pending", names(pending))


@scenario
async def wait_all_completed_with_failure():
    # test_tasks.py: test_wait_with_exception (wait never raises the tasks' failures)
    a = asyncio.create_task(job("A", 30), name="A")
    b = asyncio.create_task(job("B", 10, fail=True), name="B")
    done, pending = await asyncio.wait([a, b])
    log("done", names(done), "pending", names(pending), "B exception", b.exception())


@scenario
async def wait_with_timeout():
    # test_tasks.py: test_wait_with_timeout (the pending tasks are not cancelled)
    a = asyncio.create_task(job("A", 30), name="A")
    b = asyncio.create_task(job("B", 10), name="B")
    done, pending = await asyncio.wait([a, b], timeout=20)
    log("done", names(done), "pending", names(pending))
    log("A result", await a)


@scenario
async def wait_already_done():
    # test_tasks.py: test_wait_really_done
    a = asyncio.create_task(job("A", 1), name="A")
    await asyncio.sleep(5)
    done, pending = await asyncio.wait([a], return_when=asyncio.FIRST_COMPLETED)
    log("done", names(done), "pending", names(pending))


@scenario
async def cancel_task_awaiting_wait():
    # test_tasks.py: test_yield_wait_does_not_shield_cancel (the waited tasks are not cancelled)
    a = asyncio.create_task(job("A", 30), name="A")

    async def outer():
        await asyncio.wait([a])
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled, A cancelled", a.cancelled())
    log("A", await a)


@scenario
async def as_completed_order():
    # test_tasks.py: test_as_completed
    ts = [asyncio.create_task(job(n, d)) for n, d in (("A", 30), ("B", 10), ("C", 20))]
    for f in asyncio.as_completed(ts):
        log("next", await f)


@scenario
async def as_completed_with_failure():
    # test_tasks.py: test_as_completed (failures come in their turn)
    ts = [asyncio.create_task(job("A", 30)), asyncio.create_task(job("B", 10, fail=True)),
          asyncio.create_task(job("C", 20))]
    for f in asyncio.as_completed(ts):
        try:
            log("next", await f)
        except Boom as e:
            log("next raised", e)


@scenario
async def as_completed_with_timeout():
    # test_tasks.py: test_as_completed_with_timeout
    ts = [asyncio.create_task(job("A", 30)), asyncio.create_task(job("B", 10))]
    try:
        for f in asyncio.as_completed(ts, timeout=20):
            log("next", await f)
    except TimeoutError as e:
        log("raised", e)
    log("A result", await ts[0])


@scenario
async def gather_nested_failure():
    # test_tasks.py: FutureGatherTests.test_one_exception, gathers within a gather
    inner = asyncio.gather(job("A", 10), job("B", 20, fail=True))
    try:
        await asyncio.gather(inner, job("C", 30))
    except Boom as e:
        log("raised", e)
    await asyncio.sleep(40)
    log("end")
