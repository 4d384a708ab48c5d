"""timeout / timeout_at, wait_for and shield (test_timeouts.py, test_waitfor.py, test_tasks.py)."""
import asyncio

from harness import Boom, log, scenario


async def nap(name, delay, value=None):
    try:
        await asyncio.sleep(delay)
        log(name, "woke")
        return value
    except asyncio.CancelledError as e:
        log(name, "cancelled")
        raise
    finally:
        log(name, "finally")


@scenario
async def timeout_expires():
    # test_timeouts.py: test_timeout_basic
    try:
        async with asyncio.timeout(10) as cm:
            log("when", cm.when())
            await nap("body", 100)
    except TimeoutError as e:
        log("raised", e, "expired", cm.expired())


@scenario
async def timeout_not_reached():
    # test_timeouts.py: test_timeout_not_called
    async with asyncio.timeout(10) as cm:
        await nap("body", 5)
    log("expired", cm.expired())
    await asyncio.sleep(20)
    log("later")


@scenario
async def timeout_at_expires():
    # test_timeouts.py: test_timeout_at_basic
    loop = asyncio.get_running_loop()
    await asyncio.sleep(5)
    try:
        async with asyncio.timeout_at(loop.time() + 10) as cm:
            log("when", cm.when())
            await nap("body", 100)
    except TimeoutError as e:
        log("raised", e)


@scenario
async def timeout_reschedule_later():
    # test_timeouts.py: test_reschedule
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(10) as cm:
        cm.reschedule(loop.time() + 50)
        log("when", cm.when())
        await nap("body", 30)
    log("expired", cm.expired())


@scenario
async def timeout_reschedule_earlier():
    # test_timeouts.py: test_reschedule
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(100) as cm:
            await asyncio.sleep(2)
            cm.reschedule(loop.time() + 5)
            await nap("body", 30)
    except TimeoutError as e:
        log("raised", e, "when", cm.when())


@scenario
async def timeout_reschedule_to_past():
    # test_timeouts.py: test_timeout_expiring (a deadline in the past expires at the next turn)
    loop = asyncio.get_running_loop()
    await asyncio.sleep(10)
    try:
        async with asyncio.timeout(100) as cm:
            cm.reschedule(loop.time() - 5)
            log("rescheduled")
            await nap("body", 30)
    except TimeoutError as e:
        log("raised", e)


@scenario
async def nested_timeouts_inner_expires():
    # test_timeouts.py: test_nested_timeouts
    async with asyncio.timeout(100) as outer:
        try:
            async with asyncio.timeout(10):
                await nap("inner body", 50)
        except TimeoutError:
            log("inner timed out")
        await asyncio.sleep(5)
        log("outer body goes on")
    log("outer expired", outer.expired())


@scenario
async def nested_timeouts_outer_expires():
    # test_timeouts.py: test_nested_timeouts
    try:
        async with asyncio.timeout(10):
            try:
                async with asyncio.timeout(100):
                    await nap("inner body", 50)
            except TimeoutError:
                log("inner timed out (wrong)")
            except asyncio.CancelledError:
                log("inner saw cancelled")
                raise
    except TimeoutError as e:
        log("outer raised", e)


@scenario
async def nested_timeouts_same_deadline_outer_first():
    # test_timeouts.py: test_nested_timeouts_concurrent (the outer timer, set first, fires first)
    try:
        async with asyncio.timeout(10):
            try:
                async with asyncio.timeout(10):
                    await nap("body", 50)
            except TimeoutError:
                log("inner raised timeout")
                raise
            except asyncio.CancelledError:
                log("inner raised cancelled")
                raise
    except TimeoutError:
        log("outer raised timeout")


@scenario
async def timeout_zero():
    # test_timeouts.py: test_timeout_zero
    try:
        async with asyncio.timeout(0) as cm:
            await nap("body", 10)
    except TimeoutError as e:
        log("raised", e, "expired", cm.expired())


@scenario
async def timeout_zero_sleep_zero():
    # test_timeouts.py: test_timeout_zero_sleep_zero
    try:
        async with asyncio.timeout(0) as cm:
            await asyncio.sleep(0)
            log("after sleep 0")
    except TimeoutError as e:
        log("raised", e, "expired", cm.expired())


@scenario
async def timeout_foreign_exception_passes():
    # test_timeouts.py: test_foreign_exception_passed
    try:
        async with asyncio.timeout(10):
            await asyncio.sleep(2)
            raise Boom("inside")
    except Boom as e:
        log("raised", e)


@scenario
async def timeout_foreign_exception_on_timeout():
    # test_timeouts.py: test_foreign_exception_on_timeout
    async def crash():
        try:
            await asyncio.sleep(100)
        finally:
            raise Boom("in finally")
    try:
        async with asyncio.timeout(10):
            await crash()
    except Boom as e:
        log("raised", e)


@scenario
async def timeout_outer_cancel_is_not_a_timeout():
    # test_timeouts.py: test_outer_task_is_not_cancelled / test_foreign_cancel_doesnt_timeout_if_not_expired
    async def body():
        async with asyncio.timeout(100) as cm:
            try:
                await nap("body", 50)
            finally:
                log("expired", cm.expired())
    t = asyncio.create_task(body())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("task cancelled", t.cancelled())


@scenario
async def timeout_self_cancel_is_not_a_timeout():
    # test_timeouts.py: test_foreign_cancel_doesnt_timeout_if_not_expired
    try:
        async with asyncio.timeout(10) as cm:
            await asyncio.sleep(1)
            asyncio.current_task().cancel()
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        log("cancelled, expired", cm.expired())


@scenario
async def timeout_cancelling_count_in_expired_body():
    # test_timeouts.py: test_nested_timeouts (asyncio counts the timeout's cancel request)
    try:
        async with asyncio.timeout(10):
            try:
                await asyncio.sleep(100)
            except asyncio.CancelledError:
                log("cancelling inside", asyncio.current_task().cancelling())
                raise
    except TimeoutError:
        log("cancelling after", asyncio.current_task().cancelling())


@scenario
async def timeout_body_swallows_cancel():
    # test_timeouts.py: test_timeout_expired (a body that swallows the cancellation ends normally)
    async with asyncio.timeout(10) as cm:
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            log("swallowed")
    log("after, expired", cm.expired())


@scenario
async def timeout_after_cancellation_in_finally():
    # test_timeouts.py: test_timeout_after_cancellation
    try:
        asyncio.current_task().cancel()
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        log("cancelled")
        asyncio.current_task().uncancel()
    finally:
        try:
            async with asyncio.timeout(0):
                await asyncio.sleep(1)
        except TimeoutError:
            log("cleanup timed out")


@scenario
async def nested_timeout_in_finally():
    # test_timeouts.py: test_nested_timeout_in_finally
    try:
        async with asyncio.timeout(10):
            try:
                await asyncio.sleep(100)
            finally:
                try:
                    async with asyncio.timeout(10):
                        await asyncio.sleep(100)
                except TimeoutError:
                    log("inner timed out")
    except TimeoutError:
        log("outer timed out")


@scenario
async def wait_for_success():
    # test_waitfor.py: test_wait_for
    r = await asyncio.wait_for(asyncio.create_task(nap("A", 5, "ok")), 10)
    log("result", r)


@scenario
async def wait_for_timeout():
    # test_waitfor.py: test_asyncio_wait_for_timeout
    t = asyncio.create_task(nap("A", 100, "late"))
    try:
        await asyncio.wait_for(t, 10)
    except TimeoutError as e:
        log("raised", e, "task cancelled", t.cancelled())


@scenario
async def wait_for_zero_on_done_task():
    # test_waitfor.py: test_wait_for_timeout_less_then_0_or_0_future_done
    t = asyncio.create_task(nap("A", 0, "v"))
    await asyncio.sleep(1)
    log("result", await asyncio.wait_for(t, 0))


@scenario
async def wait_for_zero_task_never_starts():
    # test_waitfor.py: test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    t = asyncio.create_task(nap("A", 10, "v"))
    try:
        await asyncio.wait_for(t, 0)
    except TimeoutError as e:
        log("raised", e, "task cancelled", t.cancelled())


@scenario
async def wait_for_cancel_swallowed():
    # test_waitfor.py: test_wait_for_cancel_suppressed (3.12+: the value is returned)
    async def stubborn():
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            log("swallowed")
            await asyncio.sleep(5)
            return "kept"
    log("result", await asyncio.wait_for(asyncio.create_task(stubborn()), 10))


@scenario
async def wait_for_waits_for_cancellation():
    # test_waitfor.py: test_wait_for_waits_for_task_cancellation
    async def slow_cleanup():
        try:
            await asyncio.sleep(100)
        finally:
            log("cleanup")
            await asyncio.sleep(20)
            log("cleanup done")
    try:
        await asyncio.wait_for(asyncio.create_task(slow_cleanup()), 10)
    except TimeoutError:
        log("timed out")


@scenario
async def wait_for_reraises_exception_during_cancellation():
    # test_waitfor.py: test_wait_for_reraises_exception_during_cancellation
    async def boom_on_cancel():
        try:
            await asyncio.sleep(100)
        finally:
            raise Boom("cleanup failed")
    try:
        await asyncio.wait_for(asyncio.create_task(boom_on_cancel()), 10)
    except Boom as e:
        log("raised", e)


@scenario
async def cancel_wait_for():
    # test_waitfor.py: test_cancel_wait_for
    inner = asyncio.create_task(nap("inner", 100))

    async def outer():
        return await asyncio.wait_for(inner, 50)
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled", "inner cancelled", inner.cancelled())


@scenario
async def wait_for_failure_passes():
    # test_waitfor.py: test_wait_for_blocking (a failure before the deadline is raised as is)
    async def fail():
        await asyncio.sleep(5)
        raise Boom("early")
    try:
        await asyncio.wait_for(asyncio.create_task(fail()), 10)
    except Boom as e:
        log("raised", e)


@scenario
async def shield_result():
    # test_tasks.py: test_shield_result
    log("result", await asyncio.shield(asyncio.create_task(nap("A", 5, 1))))


@scenario
async def shield_exception():
    # test_tasks.py: test_shield_exception
    async def fail():
        await asyncio.sleep(5)
        raise Boom("shielded")
    try:
        await asyncio.shield(asyncio.create_task(fail()))
    except Boom as e:
        log("raised", e)


@scenario
async def shield_cancel_outer():
    # test_tasks.py: test_shield_cancel_outer (the shielded task goes on)
    inner = asyncio.create_task(nap("inner", 50, "v"))

    async def outer():
        return await asyncio.shield(inner)
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled, inner done", inner.done())
    log("inner result", await inner)


@scenario
async def shield_cancel_inner():
    # test_tasks.py: test_shield_cancel_inner
    inner = asyncio.create_task(nap("inner", 50, "v"))

    async def outer():
        return await asyncio.shield(inner)
    t = asyncio.create_task(outer())
    await asyncio.sleep(10)
    inner.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("outer cancelled", t.cancelled())


@scenario
async def shield_in_wait_for():
    # test_waitfor.py: test_shielded_timeout
    inner = asyncio.create_task(nap("inner", 50, "v"))
    try:
        await asyncio.wait_for(asyncio.shield(inner), 10)
    except TimeoutError:
        log("timed out, inner done", inner.done())
    log("inner result", await inner)
