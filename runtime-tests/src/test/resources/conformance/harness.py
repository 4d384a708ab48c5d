"""What every scenario uses: the trace, the neutral names of exceptions, and a virtual-time loop.

Time is virtual and counted in whole units: a Python scenario sleeps `asyncio.sleep(100)` (100
virtual seconds) where its Java twin sleeps `sleep(100)` (100 virtual milliseconds); both trace it
as `t=100`. Whole numbers keep float deadlines exact, so timers order the same on both sides.
"""
import asyncio
import selectors
import sys

SCENARIOS = []          # (name, coroutine function), in definition order
_lines = None
_clock = None


class Boom(Exception):
    """The scenarios' own failure; Java's twin is conformance.Boom."""


def scenario(fn):
    """Registers `async def name():` as the scenario `name`."""
    SCENARIOS.append((fn.__name__, fn))
    return fn


def now():
    v = _clock.now
    return int(v) if v == int(v) else v


def fmt(v):
    if isinstance(v, BaseException):
        return describe(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    return str(v)


def log(*parts):
    """One trace line: `t=<virtual time> <parts joined by spaces>`."""
    _lines.append("t=%s %s" % (now(), " ".join(fmt(p) for p in parts)))


_NAMES = [
    (asyncio.QueueEmpty, "QueueEmpty"),
    (asyncio.QueueFull, "QueueFull"),
    (asyncio.QueueShutDown, "QueueShutDown"),
    (asyncio.BrokenBarrierError, "BrokenBarrier"),
    (asyncio.InvalidStateError, "state"),
    (TimeoutError, "timeout"),
    (GeneratorExit, "generator-exit"),
    (StopAsyncIteration, "stop"),
    (RuntimeError, "state"),
    (ValueError, "value"),
]


def describe(e):
    """The neutral name of an exception, the same words Java's Trace.describe uses."""
    if isinstance(e, asyncio.CancelledError):
        return "cancelled(%s)" % e.args[0] if e.args and e.args[0] else "cancelled"
    if isinstance(e, BaseExceptionGroup):
        return "group[" + ", ".join(describe(x) for x in e.exceptions) + "]"
    if isinstance(e, Boom):
        return "Boom(%s)" % e.args[0]
    for cls, name in _NAMES:
        if isinstance(e, cls):
            return name
    return type(e).__name__


class VirtualClock:
    def __init__(self):
        self.now = 0


class VirtualSelector(selectors.DefaultSelector):
    """Instead of sleeping until the next timer, moves the clock to it (Weft's Clock.virtual())."""

    def __init__(self, clock):
        super().__init__()
        self._clock = clock
        self.threads = 0  # executor calls not yet done: time stands still until they are

    def select(self, timeout=None):
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None or self.threads:
            # Nothing scheduled, or a thread (to_thread) still working: only another thread can
            # wake the loop, and virtual time stands still meanwhile, as in Weft.
            ready = super().select(10)
            if not ready:
                raise RuntimeError("scenario hangs: nothing ready, no timer, no thread")
            return ready
        self._clock.now += timeout
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(VirtualSelector(_clock))
        self.set_exception_handler(_report)

    def time(self):
        return _clock.now

    def run_in_executor(self, executor, func, *args):
        fut = super().run_in_executor(executor, func, *args)
        self._selector.threads += 1

        def done(_):
            self._selector.threads -= 1
        fut.add_done_callback(done)
        return fut

    async def shutdown_default_executor(self, timeout=None):
        # Without a deadline: a virtual one would pass before the threads have joined.
        await super().shutdown_default_executor(None)


def _report(loop, context):
    # The twin's Reporter sees the same; reports made at garbage collection are left out of both.
    if "never retrieved" in context.get("message", ""):
        return
    log("reported", context.get("exception"))


def run_scenario(fn):
    """Runs one scenario under asyncio.run on a fresh virtual clock; returns its trace lines."""
    global _lines, _clock
    _lines, _clock = [], VirtualClock()
    try:
        result = asyncio.run(fn(), loop_factory=VirtualLoop)
        if result is not None:
            log("run ->", result)
    except BaseException as e:  # noqa: B902 - the trace records whatever run() raised
        log("run raised", e)
    return _lines
