"""Async generators: iteration, aclose, athrow, asend, failures, finalization at asyncio.run's end
(test_asyncgen.py's AsyncGenAsyncioTest, test_asyncio/test_runners.py)."""
import asyncio

from harness import Boom, log, scenario

_kept = []  # generators kept referenced, so that asyncio.run's shutdown_asyncgens (not the GC) finalizes them


async def countdown(n, delay):
    try:
        while n > 0:
            log("gen yields", n)
            yield n
            await asyncio.sleep(delay)
            n -= 1
        log("gen exhausted")
    finally:
        log("gen finally")


@scenario
async def agen_iteration_with_sleeps():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_01 / _02 (async for over a generator that awaits)
    async for v in countdown(3, 10):
        log("got", v)
    log("end")


@scenario
async def agen_items_within_one_step():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_03 (PEP 525: a generator that
    # does not await hands its items over without a loop turn; another task does not run between them)
    async def other():
        log("other task runs")

    async def numbers():
        for i in range(3):
            yield i

    t = asyncio.create_task(other())
    async for v in numbers():
        log("got", v)
    log("loop done")
    await t


@scenario
async def agen_aclose_awaits_in_finally():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_07 (aclose runs finally,
    # awaiting in it, and does not run the code after)
    async def foo():
        try:
            yield 1
            log("after yield (must not run)")
        finally:
            log("finally starts")
            await asyncio.sleep(10)
            log("finally ends")
        log("after finally (must not run)")

    g = foo()
    log("got", await g.__anext__())
    await g.aclose()
    log("closed")
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        log("next after close", e)


@scenario
async def agen_aclose_is_not_cancellation():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_10 (aclose raises
    # GeneratorExit at the yield, which is not a CancelledError)
    async def gen():
        try:
            yield 1
        except asyncio.CancelledError:
            log("caught as a cancellation")
            raise
        except GeneratorExit as e:
            log("caught", e)
            raise

    g = gen()
    await g.__anext__()
    await g.aclose()
    log("closed, task cancelling", asyncio.current_task().cancelling())


@scenario
async def agen_aclose_ignored_generator_exit():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_06 / _11 (a generator that
    # yields again after GeneratorExit makes aclose fail with RuntimeError)
    async def foo():
        try:
            yield 1
        finally:
            await asyncio.sleep(1)
            yield 12

    g = foo()
    await g.__anext__()
    try:
        await g.aclose()
    except RuntimeError as e:
        log("aclose", e)


@scenario
async def agen_aclose_waits_for_task_in_finally():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_12
    async def target():
        await asyncio.sleep(10)
        raise Boom("target")

    async def foo():
        task = asyncio.create_task(target())
        try:
            yield 1
        finally:
            try:
                await task
            except Boom as e:
                log("finally caught", e)

    g = foo()
    await g.__anext__()
    await g.aclose()
    log("closed")


@scenario
async def agen_aclose_before_start_and_twice():
    # test_asyncgen.py: test_async_gen_aclose_twice_with_different_coros / test_async_gen_aclose_after_exhaustion
    async def gen():
        try:
            log("started (must not run)")
            yield 1
        finally:
            log("finally (must not run)")

    g = gen()
    await g.aclose()
    await g.aclose()
    log("closed twice")
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        log("next", e)


@scenario
async def agen_break_then_aclose():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_02 (breaking out of
    # async for leaves the generator suspended; aclose finalizes it)
    g = countdown(5, 1)
    async for v in g:
        log("got", v)
        if v == 4:
            break
    log("broke out")
    await g.aclose()
    log("closed")


@scenario
async def agen_athrow_handled():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_01 (the generator handles
    # the thrown exception and yields again)
    async def gen():
        try:
            await asyncio.sleep(1)
            try:
                yield 1
            except Boom as e:
                log("gen caught", e)
                await asyncio.sleep(1)
            yield 2000
            await asyncio.sleep(1)
        finally:
            await asyncio.sleep(1)
            log("gen finally")

    g = gen()
    log("got", await g.__anext__())
    log("athrow ->", await g.athrow(Boom("thrown")))
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        log("next", e)


@scenario
async def agen_athrow_unhandled():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_02 (the exception the
    # generator does not handle propagates from athrow, after its finally)
    async def gen():
        try:
            yield 1
            yield 2
        finally:
            log("gen finally")

    g = gen()
    await g.__anext__()
    try:
        await g.athrow(Boom("thrown"))
    except Boom as e:
        log("athrow raised", e)
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        log("next", e)


@scenario
async def agen_athrow_before_start():
    # test_asyncgen.py: test_async_gen_athrow_throw_concurrent_with_send's sanity part / athrow on
    # a generator that never started: raised at once, the generator is finished
    async def gen():
        log("started (must not run)")
        yield 1

    g = gen()
    try:
        await g.athrow(Boom("early"))
    except Boom as e:
        log("athrow raised", e)
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        log("next", e)


@scenario
async def agen_producer_failure():
    # test_asyncgen.py: AsyncGenTest.test_async_gen_exception_04 / _05 (a failure inside the
    # generator surfaces at the consumer's __anext__)
    async def gen():
        yield 1
        await asyncio.sleep(5)
        raise Boom("producer")

    got = []
    try:
        async for v in gen():
            got.append(v)
    except Boom as e:
        log("consumer caught", e, "after", got)


@scenario
async def agen_consumer_failure_then_aclose():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_08 (the consumer fails
    # while the generator is suspended; aclose runs the generator's finally)
    g = countdown(3, 1)
    try:
        async for v in g:
            log("got", v)
            raise Boom("consumer")
    except Boom as e:
        log("caught", e)
    finally:
        await g.aclose()
    log("end")


@scenario
async def agen_asend_values():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_asend_01
    async def gen():
        try:
            await asyncio.sleep(1)
            v = yield 1
            log("gen received", v)
            await asyncio.sleep(1)
            v = yield v * 2
            log("gen received", v)
        finally:
            log("gen finally")

    g = gen()
    log("got", await g.asend(None))
    log("got", await g.asend(100))
    try:
        await g.asend(7)
    except StopAsyncIteration as e:
        log("asend", e)


@scenario
async def agen_consumer_cancelled_while_generator_awaits():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_01 (the generator runs in
    # its consumer's task: cancelling the consumer cancels the generator's await)
    async def waiter():
        try:
            await asyncio.sleep(100)
            yield 1
        finally:
            log("gen finally")

    async def consume():
        try:
            async for _ in waiter():
                pass
        except asyncio.CancelledError as e:
            log("consumer caught", e)
            raise

    t = asyncio.create_task(consume())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("consumer cancelled", t.cancelled())


@scenario
async def agen_finalized_by_run_shutdown():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_01 / test_runners.py
    # (asyncio.run's shutdown_asyncgens closes a generator left suspended, running its finally)
    async def gen():
        try:
            yield 1
            yield 2
        finally:
            log("gen finally")
            await asyncio.sleep(1)
            log("gen finally done")

    g = gen()
    _kept.append(g)
    log("got", await g.__anext__())
    log("main returns")


@scenario
async def agen_finalizer_failure_reported():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_exception_01 (a failure
    # in the finally of a generator closed at shutdown goes to the exception handler)
    async def gen():
        try:
            yield 1
            yield 2
        finally:
            raise Boom("finalizer")

    g = gen()
    _kept.append(g)
    async for _ in g:
        break
    log("main returns")


@scenario
async def agen_nested_generators():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_anext_04 (a generator consuming
    # another; closing the outer closes the inner)
    async def inner():
        try:
            for i in range(3):
                await asyncio.sleep(1)
                yield i
        finally:
            log("inner finally")

    async def outer():
        it = inner()
        try:
            async for v in it:
                yield v * 10
        finally:
            await it.aclose()
            log("outer finally")

    g = outer()
    log("got", await g.__anext__())
    log("got", await g.__anext__())
    await g.aclose()
    log("closed")
