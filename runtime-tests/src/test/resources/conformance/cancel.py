"""Cancellation: cancel(), messages, cancelling()/uncancel(), catching it (test_tasks.py)."""
import asyncio

from harness import Boom, log, scenario


async def sleeper(name, delay):
    try:
        log(name, "sleeping")
        await asyncio.sleep(delay)
        log(name, "woke")
        return name
    except asyncio.CancelledError as e:
        log(name, "caught", e)
        raise
    finally:
        log(name, "finally")


@scenario
async def cancel_sleeping_task():
    # test_tasks.py: test_cancel / test_task_cancel_sleeping_task
    t = asyncio.create_task(sleeper("A", 1000))
    await asyncio.sleep(10)
    log("cancel ->", t.cancel())
    log("cancelling", t.cancelling(), "done", t.done())
    try:
        await t
    except asyncio.CancelledError as e:
        log("awaited", e)
    log("cancelled", t.cancelled(), "cancel again ->", t.cancel())


@scenario
async def cancel_with_message():
    # test_tasks.py: test_cancel_with_message_then_future_result
    t = asyncio.create_task(sleeper("A", 1000))
    await asyncio.sleep(10)
    t.cancel("stop now")
    try:
        await t
    except asyncio.CancelledError as e:
        log("awaited", e)


@scenario
async def cancel_before_start():
    # test_tasks.py: test_cancel_yield / test_cancel_with_message_before_starting_task
    t = asyncio.create_task(sleeper("A", 1000))
    log("cancel ->", t.cancel("early"))
    try:
        await t
    except asyncio.CancelledError as e:
        log("awaited", e)
    log("cancelled", t.cancelled())


@scenario
async def cancel_twice_counts():
    # test_tasks.py: test_cancelling (a second cancel() still returns True and counts)
    t = asyncio.create_task(sleeper("A", 1000))
    await asyncio.sleep(0)
    log("cancelling", t.cancelling())
    log("cancel ->", t.cancel())
    log("cancel ->", t.cancel())
    log("cancelling", t.cancelling())
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled")
    log("cancelled", t.cancelled(), "cancel ->", t.cancel())


@scenario
async def cancel_done_task_returns_false():
    # test_tasks.py: test_cancel (cancel() of a finished task)
    t = asyncio.create_task(sleeper("A", 5))
    log("result", await t)
    log("cancel ->", t.cancel(), "cancelled", t.cancelled(), "cancelling", t.cancelling())


@scenario
async def cancel_task_catching():
    # test_tasks.py: test_cancel_task_catching
    async def catcher():
        try:
            await asyncio.sleep(1000)
        except asyncio.CancelledError:
            log("caught")
            return 42
    t = asyncio.create_task(catcher())
    await asyncio.sleep(10)
    t.cancel()
    log("result", await t, "cancelled", t.cancelled(), "cancelling", t.cancelling())


@scenario
async def cancel_task_ignoring():
    # test_tasks.py: test_cancel_task_ignoring
    async def ignorer():
        try:
            await asyncio.sleep(1000)
        except asyncio.CancelledError:
            log("ignored")
        await asyncio.sleep(50)
        log("slept on")
        return 7
    t = asyncio.create_task(ignorer())
    await asyncio.sleep(10)
    t.cancel()
    log("result", await t, "cancelled", t.cancelled())


@scenario
async def cancel_current_task():
    # test_tasks.py: test_cancel_current_task (the next await is cancelled at once)
    async def selfish():
        asyncio.current_task().cancel()
        log("cancelled myself")
        try:
            await asyncio.sleep(100)
            log("not reached")
        except asyncio.CancelledError:
            log("sleep cancelled")
            raise
    t = asyncio.create_task(selfish())
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled", t.cancelled())


@scenario
async def cancel_current_task_in_later_step():
    # test_tasks.py: test_cancel_current_task, the cancel made after the task's first await
    async def selfish():
        await asyncio.sleep(10)
        asyncio.current_task().cancel()
        log("cancelled myself")
        try:
            await asyncio.sleep(100)
            log("not reached")
        except asyncio.CancelledError:
            log("sleep cancelled")
            raise
    t = asyncio.create_task(selfish())
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled", t.cancelled())


@scenario
async def cancel_at_end():
    # test_tasks.py: test_cancel_at_end (cancelled, then returns without awaiting)
    async def ender():
        await asyncio.sleep(10)
        asyncio.current_task().cancel()
        return 12
    t = asyncio.create_task(ender())
    try:
        log("result", await t)
    except asyncio.CancelledError:
        log("awaited cancelled", t.cancelled())


@scenario
async def cancel_awaited_task():
    # test_tasks.py: test_cancel_awaited_task (bpo-34872)
    fut = asyncio.get_running_loop().create_future()

    async def nested():
        await fut

    nested_task = None

    async def coro():
        nonlocal nested_task
        nested_task = asyncio.create_task(nested())
        await asyncio.sleep(0)
        asyncio.current_task().cancel()
        await nested_task

    t = asyncio.create_task(coro())
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled")
    log("task", t.cancelled(), "nested", nested_task.cancelled(), "future", fut.cancelled())


@scenario
async def cancel_inner_future():
    # test_tasks.py: test_cancel_inner_future (a task awaiting a future cancels it)
    fut = asyncio.get_running_loop().create_future()

    async def waiter():
        try:
            await fut
        except asyncio.CancelledError:
            log("waiter cancelled, future", fut.cancelled())
            raise
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    t.cancel()
    log("future cancelled at once", fut.cancelled())
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled")


@scenario
async def cancel_propagates_down_await_chain():
    # test_tasks.py: test_yield_future_passes_cancel (finally blocks run innermost first)
    async def inner():
        try:
            await asyncio.sleep(1000)
        finally:
            log("inner finally")

    async def middle():
        try:
            await asyncio.create_task(inner())
        finally:
            log("middle finally")

    t = asyncio.create_task(middle())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer saw cancelled")


@scenario
async def uncancel_basic():
    # test_tasks.py: test_uncancel_basic
    async def task():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            log("uncancel ->", asyncio.current_task().uncancel())
            await asyncio.sleep(10)
            log("second sleep done")
    t = asyncio.create_task(task())
    await asyncio.sleep(1)
    t.cancel()
    log("cancelling", t.cancelling(), "cancelled", t.cancelled())
    await asyncio.sleep(1)
    log("cancelling", t.cancelling(), "cancelled", t.cancelled())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled")
    log("uncancel after done ->", t.uncancel(), "cancelled", t.cancelled())


@scenario
async def uncancel_resets_must_cancel():
    # test_tasks.py: test_uncancel_resets_must_cancel
    fut = asyncio.get_running_loop().create_future()

    async def coro():
        await fut
        log("after future")
        await asyncio.sleep(5)
        return 42

    t = asyncio.create_task(coro())
    await asyncio.sleep(0)
    fut.set_result(None)
    t.cancel()
    log("cancelling", t.cancelling())
    t.uncancel()
    log("cancelling", t.cancelling())
    log("result", await t)


@scenario
async def cancel_then_uncancel_before_start():
    # test_tasks.py: test_uncancel_resets_must_cancel, before the task's first step
    async def coro():
        log("started")
        await asyncio.sleep(5)
        return 1
    t = asyncio.create_task(coro())
    t.cancel()
    log("uncancel ->", t.uncancel())
    log("result", await t)


@scenario
async def await_in_finally_after_cancel():
    # test_tasks.py: test_cancel (cleanup may await after the cancellation)
    async def cleaner():
        try:
            await asyncio.sleep(1000)
        finally:
            log("cleanup start")
            await asyncio.sleep(20)
            log("cleanup end")
    t = asyncio.create_task(cleaner())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("awaited cancelled")


@scenario
async def cancel_task_awaiting_event():
    # test_tasks.py: test_task_cancel_waiter_future
    ev = asyncio.Event()

    async def waiter():
        try:
            await ev.wait()
        except asyncio.CancelledError:
            log("waiter cancelled")
            raise
    t = asyncio.create_task(waiter())
    await asyncio.sleep(5)
    t.cancel()
    await asyncio.sleep(0)
    log("done", t.done(), "cancelled", t.cancelled())
    ev.set()
    await asyncio.sleep(0)
    log("end")


@scenario
async def result_of_cancelled_task_raises():
    # test_futures.py: test_cancel (result() of a cancelled future raises)
    t = asyncio.create_task(sleeper("A", 100))
    await asyncio.sleep(0)
    t.cancel("why")
    await asyncio.sleep(0)
    try:
        t.result()
    except asyncio.CancelledError as e:
        log("result raised", e)


@scenario
async def cancel_while_awaiting_failed_child():
    # test_tasks.py: test_cancel_both_task_and_inner_future (the awaited task's failure is not lost)
    async def child():
        await asyncio.sleep(10)
        raise Boom("child")

    async def parent():
        c = asyncio.create_task(child())
        try:
            await c
        except asyncio.CancelledError:
            log("parent cancelled, child cancelled", c.cancelled())
            raise
    p = asyncio.create_task(parent())
    await asyncio.sleep(5)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        log("parent awaited cancelled")


@scenario
async def main_cancelled_by_itself():
    # test_runners.py: test_asyncio_run_cancel_hook (main cancelled -> run raises CancelledError)
    asyncio.current_task().cancel()
    await asyncio.sleep(10)


@scenario
async def catch_cancel_then_cancel_again():
    # test_tasks.py: test_cancelling (the count keeps growing when not uncancelled)
    async def stubborn():
        for i in range(2):
            try:
                await asyncio.sleep(1000)
            except asyncio.CancelledError:
                log("caught", i, "cancelling", asyncio.current_task().cancelling())
        await asyncio.sleep(10)
        log("finished")
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.sleep(1)
    t.cancel()
    await t
    log("cancelling", t.cancelling(), "cancelled", t.cancelled())
