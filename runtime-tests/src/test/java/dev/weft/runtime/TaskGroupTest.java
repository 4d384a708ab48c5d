package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TaskGroup, ported from CPython's test_taskgroups.py. */
class TaskGroupTest {
    private final List<String> log = new ArrayList<>();
    private TaskGroup group;

    @Async
    Task<Integer> child(String name, long ms, int value) {
        try {
            await(sleep(ms));
            log.add(name + " done at " + Virtual.nowMs());
            return Task.of(value);
        } catch (CancelledException e) {
            log.add(name + " cancelled at " + Virtual.nowMs());
            throw e;
        }
    }

    @Async
    Task<Integer> failer(String name, long ms, RuntimeException failure) {
        await(sleep(ms));
        log.add(name + " fails at " + Virtual.nowMs());
        throw failure;
    }

    // test_taskgroup_01: the group waits for its children
    @Test
    void theGroupEndsWhenAllChildrenEnded() {
        String r = Virtual.run(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            await(taskGroup(tg -> {
                ts.add(tg.createTask(() -> child("a", 10, 1)));
                ts.add(tg.createTask(() -> child("b", 20, 2)));
                return Task.done();
            }));
            return Task.of(ts.get(0).result() + ts.get(1).result() + " at " + Virtual.nowMs());
        });
        assertEquals("3 at 20", r);
    }

    // test_taskgroup_02: the body may await its children and returns a value
    @Test
    void theBodyCanAwaitChildrenAndReturnAValue() {
        int r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 10, 40));
            Task<Integer> b = tg.createTask(() -> child("b", 5, 2));
            return Task.of(await(a) + await(b));
        }));
        assertEquals(42, r);
    }

    // test_taskgroup_03: a failing child cancels its siblings, and the group fails with it
    @Test
    void aFailingChildCancelsItsSiblingsAndTheGroupFails() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> child("long", 1000, 1));
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            return Task.done();
        })));
        assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", e.getMessage());
        assertEquals(1, e.exceptions().size());
        assertEquals("boom", e.exceptions().get(0).getMessage());
        assertEquals(List.of("bad fails at 10", "long cancelled at 10"), log);
    }

    // test_taskgroup_04/05: several failures are all reported
    @Test
    void allFailuresAreCollectedInOrder() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("x", 10, new IllegalStateException("x")));
            tg.createTask(() -> failer("y", 10, new IllegalArgumentException("y")));
            return Task.done();
        })));
        assertEquals("unhandled errors in a TaskGroup (2 sub-exceptions)", e.getMessage());
        assertEquals(List.of("x", "y"), List.of(e.exceptions().get(0).getMessage(), e.exceptions().get(1).getMessage()));
        assertEquals(2, e.getSuppressed().length);
    }

    // test_taskgroup_07: a failing child cancels the body where it is suspended
    @Test
    void aFailingChildCancelsTheBody() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            try {
                await(sleep(1000));
            } catch (CancelledException c) {
                log.add("body cancelled at " + Virtual.nowMs());
                throw c;
            }
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "body cancelled at 10"), log);
    }

    // test_taskgroup_09: the body's own failure cancels the children and is reported
    @Test
    void aFailureOfTheBodyCancelsTheChildrenAndIsReported() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> child("a", 1000, 1));
            await(sleep(10));
            throw new UnsupportedOperationException("body");
        })));
        assertEquals("body", e.exceptions().get(0).getMessage());
        assertEquals(List.of("a cancelled at 10"), log);
    }

    // test_taskgroup_08: the group waits for children that are slow to cancel
    @Test
    void theGroupWaitsForChildrenToFinishTheirCancellation() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(this::slowToCancel);
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "cleanup done at 110"), log);
    }

    @Async
    Task<Void> slowToCancel() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            await(sleep(100));
            log.add("cleanup done at " + Virtual.nowMs());
            throw e;
        }
        return Task.done();
    }

    // test_taskgroup_11: cancelling the task that awaits the group cancels its children
    @Test
    void cancellingTheAwaitingTaskCancelsTheChildrenAndPropagates() {
        String r = Virtual.run(() -> {
            Task<Void> t = createTask(() -> taskGroup(tg -> {
                tg.createTask(() -> child("a", 1000, 1));
                tg.createTask(() -> child("b", 2000, 2));
                return Task.done();
            }));
            await(sleep(10));
            t.cancel();
            try {
                await(t);
                return Task.of("no");
            } catch (CancelledException e) {
                return Task.of("cancelled");
            }
        });
        assertEquals("cancelled", r);
        assertEquals(List.of("a cancelled at 10", "b cancelled at 10"), log);
    }

    // test_taskgroup_20: a child cancelled on its own is not a failure
    @Test
    void aCancelledChildIsNotAFailure() {
        String r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 1000, 1));
            tg.createTask(() -> child("b", 20, 2));
            await(sleep(5));
            a.cancel();
            return Task.of("ok");
        }));
        assertEquals("ok", r);
        assertEquals(List.of("a cancelled at 5", "b done at 20"), log);
    }

    // test_create_task_after_exit: "TaskGroup ... is finished"
    @Test
    void createTaskAfterTheGroupFinishedIsAnError() {
        IllegalStateException e = Virtual.run(() -> {
            await(taskGroup(tg -> {
                group = tg;
                return Task.done();
            }));
            return Task.of(assertThrows(IllegalStateException.class, () -> group.createTask(() -> child("late", 1, 1))));
        });
        assertEquals(true, e.getMessage().endsWith(" is finished"), e.getMessage());
    }

    // test_taskgroup_shutting_down: no new children once a failure started the shutdown
    @Test
    void createTaskWhileShuttingDownIsAnError() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            try {
                await(sleep(1000));
            } catch (CancelledException c) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> child("late", 1, 1)));
                log.add(e.getMessage().endsWith(" is shutting down") ? "refused" : e.getMessage());
            }
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "refused"), log);
    }

    // children get names and run concurrently
    @Test
    void childrenRunConcurrentlyWithNames() {
        String r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 30, 1), "alpha");
            Task<Integer> b = tg.createTask(() -> child("b", 30, 1), "beta");
            return Task.of(a.name() + "," + b.name());
        }));
        assertEquals("alpha,beta", r);
        assertEquals(List.of("a done at 30", "b done at 30"), log);
    }
}
