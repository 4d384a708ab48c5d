"""Tasks: creation, step order, await chains, results (test_tasks.py)."""
import asyncio

from harness import Boom, log, scenario


async def worker(name, delay):
    log(name, "start")
    await asyncio.sleep(delay)
    log(name, "done")
    return name


@scenario
async def create_task_runs_next_turn():
    # test_tasks.py: test_create_task (a created task starts on a later loop turn)
    t = asyncio.create_task(worker("A", 0))
    log("created")
    await asyncio.sleep(0)
    log("after one turn")
    log("result", await t)


@scenario
async def tasks_start_in_creation_order():
    # test_tasks.py: test_task_basics / test_create_task (ready callbacks run FIFO)
    ts = [asyncio.create_task(worker(n, 0)) for n in ("A", "B", "C")]
    log("gathered", await asyncio.gather(*ts))


@scenario
async def sleep_zero_interleaves_round_robin():
    # test_tasks.py: test_sleep (sleep(0) yields exactly one turn)
    async def spin(name):
        for i in range(3):
            log(name, i)
            await asyncio.sleep(0)
    a = asyncio.create_task(spin("A"))
    b = asyncio.create_task(spin("B"))
    await a
    await b
    log("end")


@scenario
async def timers_fire_in_deadline_order():
    # test_tasks.py: test_sleep / test_base_events.py: test_run_once_schedule_handle
    ts = [asyncio.create_task(worker(n, d)) for n, d in (("slow", 300), ("fast", 100), ("mid", 200))]
    await asyncio.gather(*ts)
    log("end")


@scenario
async def await_coroutine_runs_inline():
    # test_tasks.py: test_yield_from_tasks / test_step_result (await coro() continues in the same step)
    async def inner(name):
        log(name, "inner")
        return name + "!"

    async def outer(name):
        log(name, "outer start")
        v = await inner(name)
        log(name, "outer got", v)

    a = asyncio.create_task(outer("A"))
    b = asyncio.create_task(outer("B"))
    await asyncio.gather(a, b)


@scenario
async def await_chain_after_sleep_continues_inline():
    # test_tasks.py: test_yield_from_tasks (the awaiter resumes in the step its callee returns)
    async def inner(name):
        await asyncio.sleep(0)
        log(name, "inner done")
        return 1

    async def outer(name):
        v = await inner(name)
        log(name, "after inner", v)

    await asyncio.gather(outer("A"), outer("B"))
    log("end")


@scenario
async def task_failure_surfaces_at_await():
    # test_tasks.py: test_exception_marking / test_step_with_baseexception
    async def bad():
        await asyncio.sleep(10)
        raise Boom("bad")
    t = asyncio.create_task(bad())
    try:
        await t
    except Boom as e:
        log("caught", e)
    log("done", t.done(), "cancelled", t.cancelled(), "exception", t.exception())


@scenario
async def main_failure_is_raised_by_run():
    # test_runners.py: test_asyncio_run_raises
    await asyncio.sleep(5)
    raise Boom("main")


@scenario
async def main_result_is_returned_by_run():
    # test_runners.py: test_asyncio_run_return
    await asyncio.sleep(5)
    return 42


@scenario
async def deep_await_chain_unwinds_in_one_step():
    # test_tasks.py: test_yield_from_tasks, three frames deep (the whole chain resumes in one step)
    async def inner(name):
        await asyncio.sleep(0)
        log(name, "inner")
        return 1

    async def middle(name):
        v = await inner(name)
        log(name, "middle")
        return v + 1

    async def outer(name):
        v = await middle(name)
        log(name, "outer", v)

    await asyncio.gather(outer("A"), outer("B"))


@scenario
async def await_done_task_does_not_yield():
    # test_tasks.py: test_task_basics (awaiting a finished task continues at once)
    t = asyncio.create_task(worker("A", 0))
    await asyncio.sleep(10)

    async def other():
        log("other ran")
    o = asyncio.create_task(other())
    log("result", await t, "other done", o.done())
    await o


@scenario
async def result_before_done_raises():
    # test_futures.py: test_result_not_done / test_tasks.py: test_task_basics
    t = asyncio.create_task(worker("A", 10))
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        log("raised", e)
    await t
