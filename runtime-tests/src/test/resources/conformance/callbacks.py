"""Loop callbacks: call_soon / call_later / call_at order, handle cancel, done callbacks, failures in
callbacks (test_base_events.py, test_events.py, test_futures.py, test_tasks.py)."""
import asyncio

from harness import Boom, log, scenario


@scenario
async def cb_call_soon_from_callback_runs_next_turn():
    # test_base_events.py: BaseEventLoopTests.test__run_once (a callback scheduled while the ready
    # queue runs waits for the next turn)
    loop = asyncio.get_running_loop()

    def first():
        log("first")
        loop.call_soon(log, "scheduled by first")

    async def spin():
        for i in range(3):
            log("task step", i)
            await asyncio.sleep(0)

    t = asyncio.create_task(spin())
    loop.call_soon(first)
    await t
    log("end")


@scenario
async def cb_call_soon_interleaves_with_tasks():
    # test_events.py: EventLoopTestsMixin.test_call_soon (task steps and callbacks share one FIFO)
    loop = asyncio.get_running_loop()

    async def step(name):
        log(name, "runs")

    loop.call_soon(log, "callback 1")
    a = asyncio.create_task(step("A"))
    loop.call_soon(log, "callback 2")
    b = asyncio.create_task(step("B"))
    await asyncio.gather(a, b)
    log("end")


@scenario
async def cb_call_later_fires_in_deadline_order():
    # test_events.py: EventLoopTestsMixin.test_call_later
    loop = asyncio.get_running_loop()
    fired = loop.create_future()

    def cb(n):
        log("timer", n)
        if n == 3:
            fired.set_result(None)

    loop.call_later(30, cb, 3)
    loop.call_later(10, cb, 1)
    loop.call_later(20, cb, 2)
    await fired
    log("end")


@scenario
async def cb_call_at_uses_loop_time():
    # test_base_events.py: BaseEventLoopTests.test_time_and_call_at
    loop = asyncio.get_running_loop()
    fired = loop.create_future()
    await asyncio.sleep(5)
    when = loop.time() + 100
    loop.call_at(when, lambda: (log("call_at fired"), fired.set_result(None)))
    await fired
    log("end")


@scenario
async def cb_call_later_zero_after_ready_callbacks():
    # test_base_events.py: BaseEventLoopTests.test__run_once_schedule_handle (a timer that is due
    # runs after the callbacks already ready)
    loop = asyncio.get_running_loop()
    loop.call_later(0, log, "call_later(0)")
    loop.call_soon(log, "call_soon")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log("end")


@scenario
async def cb_handle_cancel():
    # test_events.py: HandleTests.test_handle / TimerTests (a cancelled handle does not run)
    loop = asyncio.get_running_loop()
    h1 = loop.call_soon(log, "soon (must not run)")
    h2 = loop.call_later(10, log, "later (must not run)")
    h3 = loop.call_later(20, log, "later 20 runs")
    h1.cancel()
    h2.cancel()
    log("cancelled", h1.cancelled(), h2.cancelled(), h3.cancelled())
    await asyncio.sleep(30)
    h3.cancel()
    log("cancel after run", h3.cancelled())


@scenario
async def cb_timer_cancelled_by_earlier_timer():
    # test_base_events.py: BaseEventLoopTests.test__run_once_cancelled_event_cleanup (a timer
    # cancelled by another callback never runs)
    loop = asyncio.get_running_loop()
    late = loop.call_later(20, log, "late (must not run)")
    loop.call_later(10, lambda: (log("early cancels late"), late.cancel()))
    await asyncio.sleep(30)
    log("end", late.cancelled())


@scenario
async def cb_timer_exception_is_reported():
    # test_base_events.py: BaseEventLoopTests.test_default_exc_handler_callback (from a timer)
    loop = asyncio.get_running_loop()

    def bad():
        raise Boom("timer")

    loop.call_later(10, bad)
    await asyncio.sleep(20)
    log("main goes on")


@scenario
async def cb_done_callbacks_run_next_turn_in_order():
    # test_futures.py: BaseFutureTests.test_callbacks_invoked_on_set_result (not at set_result,
    # on the next turn, in the order added)
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(lambda fut: log("callback 42", fut.result()))
    f.add_done_callback(lambda fut: log("callback 17", fut.result()))
    f.set_result("foo")
    log("result set")
    await asyncio.sleep(0)
    log("after one turn")


@scenario
async def cb_done_callback_on_done_future_is_scheduled():
    # test_futures.py: BaseFutureTests.test_future_add_done_callback (on a done future it is
    # scheduled with call_soon, not run at once)
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(1)
    f.add_done_callback(lambda fut: log("callback runs"))
    log("added")
    await asyncio.sleep(0)
    log("end")


@scenario
async def cb_task_done_callback_before_awaiter():
    # test_tasks.py: BaseTaskTests.test_task_add_done_callback-like ordering (done callbacks of a task
    # run with call_soon, in the order added; the awaiter's wakeup was added when it started waiting)
    async def work():
        await asyncio.sleep(10)
        log("work returns")
        return 5

    t = asyncio.create_task(work())
    t.add_done_callback(lambda task: log("done callback", task.result()))
    log("awaiting")
    v = await t
    log("awaiter resumed", v)
    t.add_done_callback(lambda task: log("late callback", task.result()))
    log("late added")
    await asyncio.sleep(0)
    log("end")


@scenario
async def cb_done_callback_of_failed_and_cancelled_task():
    # test_futures.py: test_callbacks_invoked_on_set_exception / test_tasks.py test_cancel_done_future
    async def fail():
        await asyncio.sleep(1)
        raise Boom("task")

    async def forever():
        await asyncio.sleep(1000)

    a = asyncio.create_task(fail())
    b = asyncio.create_task(forever())
    a.add_done_callback(lambda t: log("a done, exception", t.exception()))
    b.add_done_callback(lambda t: log("b done, cancelled", t.cancelled()))
    await asyncio.sleep(5)
    b.cancel()
    log("b cancel requested")
    await asyncio.sleep(0)
    log("after one turn")
    await asyncio.sleep(0)
    log("after two turns")


@scenario
async def cb_done_callback_exception_is_reported():
    # test_futures.py: BaseFutureTests.test_callbacks_invoked_on_set_result with a failing callback
    # (reported like any callback's failure; the next callback still runs)
    loop = asyncio.get_running_loop()
    f = loop.create_future()

    def bad(fut):
        raise Boom("done callback")

    f.add_done_callback(bad)
    f.add_done_callback(lambda fut: log("second callback runs"))
    f.set_result(None)
    await asyncio.sleep(0)
    log("end")


@scenario
async def cb_future_result_wakes_awaiter_next_turn():
    # test_futures.py / test_tasks.py: test_wait_for_waiter_done_before_timeout-like (set_result
    # from a callback; the awaiting task resumes on a later turn, after callbacks queued earlier)
    loop = asyncio.get_running_loop()
    f = loop.create_future()

    def complete():
        f.set_result("value")
        loop.call_soon(log, "queued after set_result")
        log("set_result called")

    loop.call_later(10, complete)
    log("awaiting")
    log("awaited", await f)


@scenario
async def cb_call_soon_threadsafe_same_thread():
    # test_events.py: EventLoopTestsMixin.test_call_soon_threadsafe_same_thread
    loop = asyncio.get_running_loop()
    loop.call_soon(log, "call_soon")
    loop.call_soon_threadsafe(log, "call_soon_threadsafe")
    loop.call_soon(log, "call_soon 2")
    await asyncio.sleep(0)
    log("end")


@scenario
async def cb_call_later_negative_delays():
    # test_base_events.py: BaseEventLoopTests.test_call_later_negative_delays (past deadlines run
    # in deadline order)
    loop = asyncio.get_running_loop()
    loop.call_later(-1, log, "a")
    loop.call_later(-2, log, "b")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log("end")
