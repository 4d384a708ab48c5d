"""TaskGroup (test_taskgroups.py)."""
import asyncio

from harness import Boom, log, scenario


async def child(name, delay, fail=False, cleanup_fails=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log(name, "cancelled")
        if cleanup_fails:
            raise Boom(name + " cleanup")
        raise
    if fail:
        log(name, "fails")
        raise Boom(name)
    log(name, "done")
    return name


@scenario
async def taskgroup_basic():
    # test_taskgroups.py: test_taskgroup_01
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("A", 20))
        b = tg.create_task(child("B", 10))
        log("body end")
    log("results", a.result(), b.result())


@scenario
async def taskgroup_empty():
    # test_taskgroups.py: test_taskgroup_04 (a group with no children ends with its body)
    async with asyncio.TaskGroup():
        log("body")
    log("after")


@scenario
async def taskgroup_child_failure_cancels_siblings_and_body():
    # test_taskgroups.py: test_taskgroup_02 / test_cancel_children_on_child_error
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 10, fail=True))
            tg.create_task(child("B", 50))
            try:
                await asyncio.sleep(100)
            except asyncio.CancelledError:
                log("body cancelled")
                raise
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_failure_while_body_waits_at_exit():
    # test_taskgroups.py: test_taskgroup_03 (the body already ended: only children are cancelled)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 10, fail=True))
            tg.create_task(child("B", 50))
            log("body end")
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_two_failures():
    # test_taskgroups.py: test_taskgroup_07 (a sibling failing in its cleanup adds its error)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 10, fail=True))
            tg.create_task(child("B", 50, cleanup_fails=True))
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_body_failure():
    # test_taskgroups.py: test_taskgroup_08 (the body's failure cancels the children)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 50))
            await asyncio.sleep(10)
            raise Boom("body")
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_body_and_child_failures():
    # test_taskgroups.py: test_taskgroup_09
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 50, cleanup_fails=True))
            await asyncio.sleep(10)
            raise Boom("body")
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_nested_inner_failure():
    # test_taskgroups.py: test_taskgroup_10 / test_taskgroup_11
    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(child("O", 50))
            async with asyncio.TaskGroup() as inner:
                inner.create_task(child("I", 10, fail=True))
                inner.create_task(child("J", 50))
            log("not reached")
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_cancelled_from_outside():
    # test_taskgroups.py: test_cancellation (children are cancelled, the task ends cancelled)
    async def runner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 50))
            log("body end")
    t = asyncio.create_task(runner())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("runner cancelled", t.cancelled())


@scenario
async def taskgroup_cancelled_while_body_runs():
    # test_taskgroups.py: test_taskgroup_13 (the body's await is cancelled, then the children)
    async def runner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 50))
            try:
                await asyncio.sleep(100)
            except asyncio.CancelledError:
                log("body cancelled")
                raise
    t = asyncio.create_task(runner())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("runner cancelled")


@scenario
async def taskgroup_nested_both_cancelled():
    # test_taskgroups.py: test_nested_groups_both_cancelled
    async def raise_after(delay, e):
        await asyncio.sleep(delay)
        raise e

    try:
        async with asyncio.TaskGroup() as outer_tg:
            try:
                async with asyncio.TaskGroup() as inner_tg:
                    inner_tg.create_task(raise_after(0, Boom("inner")))
                    outer_tg.create_task(raise_after(0, Boom("outer")))
            except ExceptionGroup as eg:
                log("inner raised", eg)
            log("between groups, cancelling", asyncio.current_task().cancelling())
    except ExceptionGroup as eg:
        log("outer raised", eg)
    log("cancelling", asyncio.current_task().cancelling())


@scenario
async def taskgroup_error_and_cancel():
    # test_taskgroups.py: test_error_and_cancel
    event = asyncio.Event()

    async def raise_error():
        event.set()
        await asyncio.sleep(0)
        raise Boom("child")

    async def inner():
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(raise_error())
                await asyncio.sleep(10)
                log("not reached: body sleep")
        except ExceptionGroup as eg:
            log("group raised", eg, "cancelling", asyncio.current_task().cancelling())
        await asyncio.sleep(10)
        log("not reached: sleep after group")

    t = asyncio.create_task(inner())
    await event.wait()
    log("cancelling", t.cancelling())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("inner cancelled", t.cancelled())


@scenario
async def taskgroup_cancelling_level_preserved():
    # test_taskgroups.py: test_cancelling_level_preserved
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 0, fail=True))
    except ExceptionGroup as eg:
        log("raised", eg)
    log("cancelling", asyncio.current_task().cancelling())


@scenario
async def taskgroup_body_cancelling_after_child_failure():
    # test_taskgroups.py: test_taskgroup_16 (the failure cancels the task running the body)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("A", 10, fail=True))
            try:
                await asyncio.sleep(100)
            except asyncio.CancelledError:
                log("body cancelled, cancelling", asyncio.current_task().cancelling())
                raise
    except ExceptionGroup as eg:
        log("raised", eg, "cancelling", asyncio.current_task().cancelling())


@scenario
async def taskgroup_create_after_finish():
    # test_taskgroups.py: test_taskgroup_finished
    async with asyncio.TaskGroup() as tg:
        pass
    coro = child("late", 1)
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        log("raised", e)


@scenario
async def taskgroup_no_create_after_failure():
    # test_taskgroups.py: test_taskgroup_no_create_task_after_failure
    async def creator(g):
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            coro = child("late", 1)
            try:
                g.create_task(coro)
            except RuntimeError as e:
                coro.close()
                log("create raised", e)
            raise
    try:
        async with asyncio.TaskGroup() as g:
            g.create_task(child("A", 10, fail=True))
            g.create_task(creator(g))
    except ExceptionGroup as eg:
        log("raised", eg)


@scenario
async def taskgroup_child_cancelled_is_not_failure():
    # test_taskgroups.py: test_taskgroup_14 (a child cancelled alone does not abort the group)
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("A", 50))
        b = tg.create_task(child("B", 20))
        await asyncio.sleep(10)
        a.cancel()
    log("A cancelled", a.cancelled(), "B", b.result())


@scenario
async def taskgroup_children_create_children():
    # test_taskgroups.py: test_taskgroup_20 (children may add children while the group is open)
    async with asyncio.TaskGroup() as tg:
        async def spawner():
            await asyncio.sleep(10)
            tg.create_task(child("grandchild", 10))
            log("spawned")
        tg.create_task(spawner())
        log("body end")
    log("after group")


@scenario
async def timeout_around_taskgroup():
    # test_timeouts.py: test_timeout_taskgroup (the group's errors win over the timeout)
    async def crash_in_cleanup():
        try:
            await asyncio.sleep(100)
        finally:
            raise Boom("cleanup")
    try:
        async with asyncio.timeout(10):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(crash_in_cleanup())
                await asyncio.sleep(100)
    except ExceptionGroup as eg:
        log("raised", eg)
    except TimeoutError as e:
        log("raised", e)


@scenario
async def timeout_inside_taskgroup_child():
    # test_timeouts.py: test_timeout_basic inside a group child (the timeout is the child's failure)
    async def slow():
        async with asyncio.timeout(10):
            await asyncio.sleep(100)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow())
            tg.create_task(child("B", 50))
    except ExceptionGroup as eg:
        log("raised", eg)
