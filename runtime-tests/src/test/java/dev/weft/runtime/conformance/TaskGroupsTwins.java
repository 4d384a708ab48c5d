package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.timeout;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.sync.AsyncEvent;
import java.time.Duration;

/** Twins of taskgroups.py: {@code async with TaskGroup() as tg:} is {@code await(taskGroup(tg -> ...))}. */
final class TaskGroupsTwins {
    private TaskGroupsTwins() {
    }

    @Async
    static Task<String> child(String name, long delay, boolean fail, boolean cleanupFails) {
        try {
            await(sleep(delay));
        } catch (CancelledException e) {
            log(name, "cancelled");
            if (cleanupFails) {
                throw new Boom(name + " cleanup");
            }
            throw e;
        }
        if (fail) {
            log(name, "fails");
            throw new Boom(name);
        }
        log(name, "done");
        return Task.of(name);
    }

    static Task<String> ok(TaskGroup tg, String name, long delay) {
        return tg.createTask(() -> child(name, delay, false, false));
    }

    static Task<String> failing(TaskGroup tg, String name, long delay) {
        return tg.createTask(() -> child(name, delay, true, false));
    }

    @Async
    static Task<Void> taskgroupBasic() {
        @SuppressWarnings("unchecked")
        Task<String>[] ab = new Task[2];
        await(taskGroup(tg -> {
            ab[0] = ok(tg, "A", 20);
            ab[1] = ok(tg, "B", 10);
            log("body end");
            return Task.done();
        }));
        log("results", ab[0].result(), ab[1].result());
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupEmpty() {
        await(taskGroup(tg -> {
            log("body");
            return Task.done();
        }));
        log("after");
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupChildFailureCancelsSiblingsAndBody() {
        try {
            await(taskGroup(tg -> {
                failing(tg, "A", 10);
                ok(tg, "B", 50);
                try {
                    await(sleep(100));
                } catch (CancelledException e) {
                    log("body cancelled");
                    throw e;
                }
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupFailureWhileBodyWaitsAtExit() {
        try {
            await(taskGroup(tg -> {
                failing(tg, "A", 10);
                ok(tg, "B", 50);
                log("body end");
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupTwoFailures() {
        try {
            await(taskGroup(tg -> {
                failing(tg, "A", 10);
                tg.createTask(() -> child("B", 50, false, true));
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupBodyFailure() {
        try {
            await(taskGroup(tg -> {
                ok(tg, "A", 50);
                await(sleep(10));
                throw new Boom("body");
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupBodyAndChildFailures() {
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> child("A", 50, false, true));
                await(sleep(10));
                throw new Boom("body");
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupNestedInnerFailure() {
        try {
            await(taskGroup(outer -> {
                ok(outer, "O", 50);
                await(taskGroup(inner -> {
                    failing(inner, "I", 10);
                    ok(inner, "J", 50);
                    return Task.done();
                }));
                log("not reached");
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupCancelledFromOutside() {
        Task<Void> t = createTask(() -> taskGroup(tg -> {
            ok(tg, "A", 50);
            log("body end");
            return Task.done();
        }));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("runner cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupCancelledWhileBodyRuns() {
        Task<Void> t = createTask(() -> taskGroup(tg -> {
            ok(tg, "A", 50);
            try {
                await(sleep(100));
            } catch (CancelledException e) {
                log("body cancelled");
                throw e;
            }
            return Task.done();
        }));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("runner cancelled");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> raiseAfter(long delay, String message) {
        await(sleep(delay));
        throw new Boom(message);
    }

    @Async
    static Task<Void> taskgroupNestedBothCancelled() {
        try {
            await(taskGroup(outerTg -> {
                try {
                    await(taskGroup(innerTg -> {
                        innerTg.createTask(() -> raiseAfter(0, "inner"));
                        outerTg.createTask(() -> raiseAfter(0, "outer"));
                        return Task.done();
                    }));
                } catch (TaskGroupException e) {
                    log("inner raised", e);
                }
                log("between groups, cancelling", currentTask().cancelling());
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("outer raised", e);
        }
        log("cancelling", currentTask().cancelling());
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupErrorAndCancel() {
        AsyncEvent event = AsyncEvent.create();
        Task<Void> t = createTask(() -> {
            try {
                await(taskGroup(tg -> {
                    tg.createTask(() -> {
                        event.set();
                        await(sleep(0));
                        throw new Boom("child");
                    });
                    await(sleep(10));
                    log("not reached: body sleep");
                    return Task.done();
                }));
            } catch (TaskGroupException e) {
                log("group raised", e, "cancelling", currentTask().cancelling());
            }
            await(sleep(10));
            log("not reached: sleep after group");
            return Task.done();
        });
        await(event.waitSet());
        log("cancelling", t.cancelling());
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("inner cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupCancellingLevelPreserved() {
        try {
            await(taskGroup(tg -> {
                failing(tg, "A", 0);
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        log("cancelling", currentTask().cancelling());
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupBodyCancellingAfterChildFailure() {
        try {
            await(taskGroup(tg -> {
                failing(tg, "A", 10);
                try {
                    await(sleep(100));
                } catch (CancelledException e) {
                    log("body cancelled, cancelling", currentTask().cancelling());
                    throw e;
                }
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e, "cancelling", currentTask().cancelling());
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupCreateAfterFinish() {
        TaskGroup[] group = new TaskGroup[1];
        await(taskGroup(tg -> {
            group[0] = tg;
            return Task.done();
        }));
        try {
            ok(group[0], "late", 1);
        } catch (IllegalStateException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    private static Task<Void> creator(TaskGroup g) {
        try {
            await(sleep(100));
        } catch (CancelledException e) {
            try {
                ok(g, "late", 1);
            } catch (IllegalStateException refused) {
                log("create raised", refused);
            }
            throw e;
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupNoCreateAfterFailure() {
        try {
            await(taskGroup(g -> {
                failing(g, "A", 10);
                g.createTask(() -> creator(g));
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupChildCancelledIsNotFailure() {
        @SuppressWarnings("unchecked")
        Task<String>[] ab = new Task[2];
        await(taskGroup(tg -> {
            ab[0] = ok(tg, "A", 50);
            ab[1] = ok(tg, "B", 20);
            await(sleep(10));
            ab[0].cancel();
            return Task.done();
        }));
        log("A cancelled", ab[0].isCancelled(), "B", ab[1].result());
        return Task.done();
    }

    @Async
    static Task<Void> taskgroupChildrenCreateChildren() {
        await(taskGroup(tg -> {
            tg.createTask(() -> {
                await(sleep(10));
                ok(tg, "grandchild", 10);
                log("spawned");
                return Task.done();
            });
            log("body end");
            return Task.done();
        }));
        log("after group");
        return Task.done();
    }

    @Async
    private static Task<Void> crashInCleanup() {
        try {
            await(sleep(100));
        } finally {
            throw new Boom("cleanup");
        }
    }

    @Async
    static Task<Void> timeoutAroundTaskgroup() {
        try {
            await(timeout(Duration.ofMillis(10), () -> taskGroup(tg -> {
                tg.createTask(TaskGroupsTwins::crashInCleanup);
                await(sleep(100));
                return Task.done();
            })));
        } catch (TaskGroupException e) {
            log("raised", e);
        } catch (AsyncTimeoutException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutInsideTaskgroupChild() {
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> timeout(Duration.ofMillis(10), () -> sleep(100)));
                ok(tg, "B", 50);
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log("raised", e);
        }
        return Task.done();
    }
}
