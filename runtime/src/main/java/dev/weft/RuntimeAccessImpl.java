package dev.weft;

import dev.weft.internal.Coroutine;
import dev.weft.internal.RuntimeAccess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runtime's side of {@link RuntimeAccess}: what the frames in {@code dev.weft.internal} use of
 * this package's internals. One instance, made by {@link Task}'s static initializer.
 */
final class RuntimeAccessImpl extends RuntimeAccess {
    @Override
    protected boolean isDone(CompletionStage<?> stage) {
        return stage instanceof CompletableFuture && Stages.readable((CompletableFuture<?>) stage).isDone();
    }

    @Override
    protected Object valueOf(Task<?> done) {
        return done.valueOrThrow();
    }

    @Override
    protected Object valueOf(CompletionStage<?> done) {
        if (done instanceof Task) {
            return ((Task<?>) done).valueOrThrow();
        }
        CompletableFuture<?> f = Stages.readable((CompletableFuture<?>) done);
        try {
            return f.join();
        } catch (java.util.concurrent.CancellationException | java.util.concurrent.CompletionException e) {
            throw Failure.sneaky(Task.fromStageFailure(e));
        }
    }

    @Override
    protected void await(Task<?> awaited, Coroutine<?> frame) {
        if (!(awaited instanceof Yield && ((Yield) awaited).adopt(frame))) {
            awaited.addWaiter(frame);
        }
    }

    @Override
    protected void addWaiter(Task<?> task, Coroutine<?> frame) {
        task.addWaiter(frame);
    }

    @Override
    protected Object soleWaiter(Task<?> task) {
        return task.soleWaiter();
    }

    @Override
    protected boolean complete(Task<?> task, Object value) {
        return cast(task).complete(value);
    }

    @Override
    protected boolean fail(Task<?> task, Throwable failure) {
        return task.fail(failure);
    }

    @Override
    protected void completeFrom(Task<?> task, Task<?> from) {
        cast(task).completeFrom(from);
    }

    @Override
    protected boolean isHandoff(Task<?> awaited) {
        return awaited instanceof Handoff;
    }

    @Override
    protected boolean keptCancelGivesWay(Task<?> done) {
        return PendingCancel.givesWayTo(done);
    }

    @Override
    protected void undelivered(Task<?> awaited) {
        Waiter.undelivered(awaited);
    }

    @Override
    protected boolean failFromBody(Task<?> frame, Throwable failure, String method) {
        return frame.failFromBody(failure, method);
    }

    @Override
    protected <V> Task<V> failedEagerly(Throwable failure) {
        return Task.failedEagerly(failure);
    }

    @Override
    protected void thrownEagerly(Throwable failure) {
        AsyncTraces.thrownEagerly(failure);
    }

    @Override
    protected RuntimeException rethrow(Task<?> awaited, Throwable failure, StackTraceElement site, String method) {
        throw Failure.sneaky(AsyncTraces.rethrown(awaited, failure, site, method));
    }

    @Override
    protected RuntimeException rethrowInline(Task<?> awaited, Throwable failure) {
        throw Failure.sneaky(AsyncTraces.rethrownInline(awaited, failure));
    }

    @Override
    protected RuntimeException deliverCancel(Object pendingCancel, StackTraceElement site, String method) {
        throw AsyncTraces.delivered(CancelledException.of(pendingCancel), site, method);
    }

    @Override
    protected boolean cancelKept(Task<?> task, Object pendingCancel) {
        return CancellationRequest.cancelKept(task, pendingCancel);
    }

    @Override
    protected Throwable cancellationOf(Object pendingCancel) {
        return CancelledException.of(pendingCancel);
    }

    @Override
    protected Throwable cancellation(String message) {
        return CancelledException.requested(message);
    }

    @Override
    protected Object pendingCancel(String message) {
        return PendingCancel.of(message);
    }

    @Override
    protected Task<?> taskToCancel(Task<?> owner, Coroutine<?> frame) {
        return owner instanceof LoopTask && ((LoopTask<?>) owner).takesCancelFor(frame) ? owner : null;
    }

    @Override
    protected boolean isCoroutineOf(Task<?> owner, Coroutine<?> frame) {
        return owner instanceof LoopTask && ((LoopTask<?>) owner).inner() == frame;
    }

    @Override
    protected String message(Object pendingCancel) {
        return PendingCancel.message(pendingCancel);
    }

    @Override
    protected Object carried(Object pendingCancel) {
        return new PendingCancel.Carried(pendingCancel);
    }

    @Override
    protected Object uncarried(Object pendingCancel) {
        return pendingCancel instanceof PendingCancel.Carried ? ((PendingCancel.Carried) pendingCancel).pending : null;
    }

    @Override
    protected Object currentLoop() {
        return EventLoop.current();
    }

    @Override
    protected boolean inLoopThread(Object loop) {
        return ((EventLoop) loop).inLoopThread();
    }

    @Override
    protected Task<?> currentTask(Object loop) {
        return ((EventLoop) loop).currentTask();
    }

    @Override
    protected Task<?> swapCurrent(Object loop, Task<?> task) {
        return ((EventLoop) loop).swapCurrent(task);
    }

    @Override
    protected Object loopOf(Task<?> task) {
        return ((LoopTask<?>) task).loop();
    }

    @Override
    protected boolean inStepOf(Object loop, Task<?> task) {
        EventLoop l = (EventLoop) loop;
        return l.trampoline().isActive() && l.currentTask() == task;
    }

    @Override
    protected Task<?> resumingNow(Object loop) {
        return ((EventLoop) loop).trampoline().current();
    }

    @Override
    protected Task<?> yielding(Object loop) {
        return ((EventLoop) loop).yielding;
    }

    @Override
    protected boolean returnTo(Object loop, Coroutine<?> frame, Object value, Coroutine<?> caller) {
        EventLoop l = (EventLoop) loop;
        return l.isConfining() && l.trampoline().returnTo(frame, value, caller);
    }

    @Override
    protected void resumeHere(Object loop, Coroutine<?> frame) {
        (loop != null ? ((EventLoop) loop).trampoline() : Trampoline.here()).resume(frame);
    }

    @Override
    protected void resumeLater(Object loop, Coroutine<?> frame) {
        ((EventLoop) loop).resume(frame);
    }

    @Override
    protected void onLoopLater(Object loop, Runnable r) {
        ((EventLoop) loop).enqueueThreadSafe(r);
    }

    @Override
    protected void report(Object loop, String message, Throwable failure) {
        EventLoop.report((EventLoop) loop, message, failure);
    }

    @Override
    protected String dumpEveryLoop() {
        return TaskDump.everyLoop();
    }

    @Override
    protected boolean isDebug(Object loop) {
        return ((EventLoop) loop).isDebug();
    }

    @Override
    protected void track(Coroutine<?> frame, Object loop, String description) {
        DebugState.track(frame, (EventLoop) loop, description);
    }

    @Override
    protected boolean isTracked(Task<?> task) {
        return DebugState.tracked(task) != null;
    }

    @Override
    protected void suspendedAt(Task<?> task, StackTraceElement at) {
        DebugState d = DebugState.tracked(task);
        if (d != null) {
            d.suspendedAt = at;
        }
    }

    @Override
    protected StackTraceElement suspendedAt(Task<?> task) {
        DebugState d = DebugState.tracked(task);
        return d == null ? null : d.suspendedAt;
    }

    @SuppressWarnings("unchecked")
    private static Task<Object> cast(Task<?> task) {
        return (Task<Object>) task;
    }

    @Override
    protected dev.weft.internal.LoopSelector currentSelector() {
        EventLoop l = EventLoop.current();
        return l == null ? null : l.selector();
    }

    @Override
    protected Task<?> yieldMark() {
        return SleepMark.YIELD;
    }

    @Override
    protected Task<?> sleepMark() {
        return SleepMark.TIMED;
    }

    @Override
    protected Task<?> slept() {
        return SleepMark.SLEPT;
    }

    @Override
    protected Task<?> sleepAwaited(long millis) {
        return sleepAwaitedNanos(Delays.ofMillis(millis));
    }

    @Override
    protected Task<?> sleepAwaited(Duration delay) {
        return sleepAwaitedNanos(Delays.nanos(delay));
    }

    private static Task<?> sleepAwaitedNanos(long nanos) {
        EventLoop loop = Weft.runningLoop("sleep");
        if (nanos <= 0) {
            return SleepMark.YIELD;
        }
        loop.timers().checkRoom(); // now, not once the frame suspended: it would wait for no timer
        loop.sleepDeadline = loop.time() + nanos;
        return SleepMark.TIMED;
    }

    @Override
    protected void yieldHere(Object loop, Coroutine<?> frame) {
        ((EventLoop) loop).queueFrame(frame);
    }

    @Override
    protected void sleepHere(Object loop, Coroutine<?> frame) {
        EventLoop l = (EventLoop) loop;
        l.schedule(frame, l.sleepDeadline);
    }

    @Override
    protected boolean unschedule(Object loop, Coroutine<?> frame) {
        return ((EventLoop) loop).timers().remove(frame);
    }

    @Override
    protected Task<?> sleepStandIn(Object loop, boolean timed) {
        EventLoop l = (EventLoop) loop;
        return timed ? new Sleep(l) : new Yield(l);
    }
}
