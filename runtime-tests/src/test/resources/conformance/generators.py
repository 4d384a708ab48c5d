"""Async generators on the loop: iteration, aclose, athrow, finalization by asyncio.run
(test_asyncio/test_runners.py, test_asyncio/test_base_events.py; Lib/test/test_asyncgen.py)."""
import asyncio

from harness import Boom, log, scenario


async def counter(n, delay):
    try:
        for i in range(n):
            log("producing", i)
            yield i
            await asyncio.sleep(delay)
    finally:
        log("generator finally")


@scenario
async def agen_iterate():
    # test_asyncgen.py: AsyncGenAsyncioTest.test_async_gen_asyncio_01
    async for v in counter(3, 10):
        log("got", v)
    log("end")


@scenario
async def agen_produces_on_demand():
    # test_asyncgen.py: test_async_gen_asyncio_02 (nothing runs before the consumer asks)
    g = counter(3, 10)
    log("created")
    await asyncio.sleep(5)
    log("first", await anext(g))
    await asyncio.sleep(5)
    log("second", await anext(g))
    await g.aclose()
    log("closed")


@scenario
async def agen_aclose_runs_finally():
    # test_asyncgen.py: test_async_gen_asyncio_aclose_06 (aclose throws GeneratorExit at the yield)
    async def gen():
        try:
            yield 1
            yield 2
        except asyncio.CancelledError:
            log("caught cancelled")
            raise
        except GeneratorExit:
            log("caught generator exit")
            raise
        finally:
            log("finally")
    g = gen()
    log("got", await anext(g))
    await g.aclose()
    log("closed")


@scenario
async def agen_aclose_with_await_in_finally():
    # test_asyncgen.py: test_async_gen_asyncio_aclose_10 (the finally may await)
    async def gen():
        try:
            yield 1
        finally:
            await asyncio.sleep(10)
            log("cleaned up")
    g = gen()
    log("got", await anext(g))
    await g.aclose()
    log("closed")


@scenario
async def agen_athrow_caught():
    # test_asyncgen.py: test_async_gen_asyncio_athrow_02 (the generator handles it and yields on)
    async def gen():
        try:
            yield 1
        except Boom as e:
            log("generator caught", e)
            yield 2
        yield 3
    g = gen()
    log("got", await anext(g))
    log("athrow ->", await g.athrow(Boom("thrown")))
    log("got", await anext(g))
    await g.aclose()


@scenario
async def agen_athrow_uncaught():
    # test_asyncgen.py: test_async_gen_asyncio_athrow_01
    async def gen():
        try:
            yield 1
        finally:
            log("finally")
    g = gen()
    log("got", await anext(g))
    try:
        await g.athrow(Boom("thrown"))
    except Boom as e:
        log("athrow raised", e)


@scenario
async def agen_failure_surfaces_at_next():
    # test_asyncgen.py: test_async_gen_asyncio_03
    async def gen():
        yield 1
        await asyncio.sleep(10)
        raise Boom("producer")
    try:
        async for v in gen():
            log("got", v)
    except Boom as e:
        log("raised", e)


@scenario
async def agen_consumer_cancelled():
    # test_asyncgen.py: test_async_gen_asyncio_gc_aclose_09 (a cancelled consumer cancels the generator's await)
    async def gen():
        try:
            yield 1
            await asyncio.sleep(100)
            yield 2
        except asyncio.CancelledError:
            log("generator cancelled")
            raise
        finally:
            log("generator finally")

    async def consumer():
        async for v in gen():
            log("got", v)
    t = asyncio.create_task(consumer())
    await asyncio.sleep(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log("consumer cancelled")


@scenario
async def agen_finalized_by_run():
    # test_runners.py: test_asyncio_run_closes_gens_after_hanging_tasks / test_base_events.py:
    # test_shutdown_asyncgens (asyncio.run closes generators left suspended)
    g = counter(3, 10)
    log("got", await anext(g))
    global _keep
    _keep = g  # keep it referenced so that only asyncio.run's shutdown_asyncgens closes it
    log("main returns")


_keep = None


@scenario
async def agen_break_leaves_generator_open():
    # test_asyncgen.py: test_async_gen_asyncio_aclose_07 (break does not close: aclose does)
    g = counter(5, 10)
    async for v in g:
        log("got", v)
        if v == 1:
            break
    log("after break")
    await g.aclose()
    log("closed")


@scenario
async def agen_aclose_is_not_a_cancellation():
    # test_asyncgen.py: test_async_gen_asyncio_aclose_06 (GeneratorExit is not a CancelledError)
    async def gen():
        try:
            yield 1
        except asyncio.CancelledError:
            log("caught as a cancellation")
            raise
        finally:
            log("finally")
    g = gen()
    log("got", await anext(g))
    await g.aclose()
    log("closed")


@scenario
async def agen_hands_items_within_one_step():
    # test_asyncgen.py: test_async_gen_asyncio_01 (PEP 525: yields without awaits take no loop turn)
    async def numbers(name):
        for i in range(3):
            log(name, "yields", i)
            yield i

    async def consume(name):
        async for v in numbers(name):
            log(name, "got", v)
    await asyncio.gather(consume("A"), consume("B"))
