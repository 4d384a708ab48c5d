"""The loop's callbacks, done callbacks, to_thread, and asyncio.run's shutdown
(test_events.py, test_base_events.py, test_futures.py, test_runners.py, test_threads.py)."""
import asyncio

from harness import Boom, log, scenario


@scenario
async def call_soon_fifo():
    # test_events.py: test_call_soon / test_base_events.py: test_call_soon
    loop = asyncio.get_running_loop()
    for n in ("A", "B", "C"):
        loop.call_soon(log, "callback", n)
    log("scheduled")
    await asyncio.sleep(0)
    log("after one turn")


@scenario
async def call_soon_from_callback_runs_next_turn():
    # test_base_events.py: test__run_once_schedule_handle (callbacks added by callbacks wait a turn)
    loop = asyncio.get_running_loop()

    def first():
        log("first")
        loop.call_soon(log, "added by first")
    loop.call_soon(first)
    loop.call_soon(log, "second")
    await asyncio.sleep(0)
    log("main after one turn")
    await asyncio.sleep(0)
    log("main after two turns")


@scenario
async def call_later_in_deadline_order():
    # test_events.py: test_call_later
    loop = asyncio.get_running_loop()
    loop.call_later(30, log, "thirty")
    loop.call_later(10, log, "ten")
    loop.call_later(20, log, "twenty")
    await asyncio.sleep(40)
    log("end")


@scenario
async def call_at_and_time():
    # test_events.py: test_call_at
    loop = asyncio.get_running_loop()
    await asyncio.sleep(5)
    loop.call_at(loop.time() + 10, log, "at 15")
    await asyncio.sleep(20)


@scenario
async def cancelled_handle_never_runs():
    # test_events.py: test_handle_cancel / test_timer_handle_cancel
    loop = asyncio.get_running_loop()
    h1 = loop.call_soon(log, "soon (wrong)")
    h2 = loop.call_later(10, log, "later (wrong)")
    h3 = loop.call_later(5, log, "kept")
    h1.cancel()
    h2.cancel()
    log("cancelled", h1.cancelled(), h2.cancelled(), h3.cancelled())
    await asyncio.sleep(20)
    log("end")


@scenario
async def callback_failure_is_reported():
    # test_base_events.py: test_default_exc_handler_callback (the loop goes on)
    loop = asyncio.get_running_loop()

    def bad():
        raise Boom("callback")
    loop.call_soon(bad)
    loop.call_soon(log, "next callback")
    await asyncio.sleep(0)
    log("main goes on")


@scenario
async def sleep_zero_lets_callbacks_run():
    # test_tasks.py: test_sleep_zero
    loop = asyncio.get_running_loop()
    loop.call_soon(log, "callback")
    log("before sleep 0")
    await asyncio.sleep(0)
    log("after sleep 0")


@scenario
async def done_callbacks_run_next_turn():
    # test_futures.py: test_future_done_callbacks / test_tasks.py: test_task_basics (call_soon'd)
    async def work():
        await asyncio.sleep(10)
        log("work returns")
        return 1
    t = asyncio.create_task(work())
    t.add_done_callback(lambda f: log("callback 1, result", f.result()))
    t.add_done_callback(lambda f: log("callback 2"))
    log("awaited", await t)
    await asyncio.sleep(0)
    log("end")


@scenario
async def done_callback_on_done_task_runs_next_turn():
    # test_futures.py: test_future_done_callbacks (added to a done future: scheduled, not called)
    t = asyncio.create_task(asyncio.sleep(1))
    await t
    t.add_done_callback(lambda f: log("callback"))
    log("added")
    await asyncio.sleep(0)
    log("end")


@scenario
async def done_callback_order_with_awaiter():
    # test_tasks.py: test_task_basics (the awaiter's wake-up is a done callback too, in order)
    async def work():
        await asyncio.sleep(10)
        return 1

    async def awaiter(t):
        await t
        log("awaiter resumed")
    t = asyncio.create_task(work())
    a = asyncio.create_task(awaiter(t))
    await asyncio.sleep(0)
    t.add_done_callback(lambda f: log("callback"))
    await a
    log("end")


@scenario
async def run_cancels_leftover_tasks():
    # test_runners.py: test_asyncio_run_cancels_hanging_tasks
    async def forever():
        try:
            await asyncio.sleep(1000)
        finally:
            log("leftover finally")
    asyncio.create_task(forever())
    await asyncio.sleep(10)
    log("main returns")


@scenario
async def run_starts_tasks_created_last_then_cancels_them():
    # test_runners.py: test_asyncio_run_cancels_hanging_tasks (a task created in main's last step
    # runs its first step before it is cancelled)
    async def late():
        log("late task started")
        try:
            await asyncio.sleep(1000)
        finally:
            log("late task finally")
    asyncio.create_task(late())
    log("main returns")


@scenario
async def run_reports_failure_in_leftover_task():
    # test_runners.py: test_asyncio_run_reports_hanging_tasks_errors
    async def leftover():
        try:
            await asyncio.sleep(1000)
        except asyncio.CancelledError:
            raise Boom("on cancel")
    asyncio.create_task(leftover())
    await asyncio.sleep(1)
    log("main returns")


@scenario
async def run_waits_for_leftover_cleanup():
    # test_runners.py: test_asyncio_run_closes_gens_after_hanging_tasks (cleanup may await)
    async def leftover():
        try:
            await asyncio.sleep(1000)
        finally:
            await asyncio.sleep(10)
            log("leftover cleaned up")
    asyncio.create_task(leftover())
    await asyncio.sleep(1)
    log("main returns")


@scenario
async def to_thread_result():
    # test_threads.py: test_to_thread
    def blocking(x):
        return x * 2
    log("result", await asyncio.to_thread(blocking, 21))


@scenario
async def to_thread_failure():
    # test_threads.py: test_to_thread_exception
    def blocking():
        raise Boom("in thread")
    try:
        await asyncio.to_thread(blocking)
    except Boom as e:
        log("raised", e)


@scenario
async def named_tasks_and_current_task():
    # test_tasks.py: test_task_set_name / test_current_task
    async def who():
        log("current", asyncio.current_task().get_name())
    t = asyncio.create_task(who(), name="worker")
    await t
    log("name", t.get_name())


@scenario
async def all_tasks_counts_pending():
    # test_tasks.py: test_all_tasks (main and the pending tasks; done ones leave)
    ts = [asyncio.create_task(asyncio.sleep(d)) for d in (10, 20)]
    log("all", len(asyncio.all_tasks()))
    await ts[0]
    log("all", len(asyncio.all_tasks()))
    await ts[1]
    log("all", len(asyncio.all_tasks()))
