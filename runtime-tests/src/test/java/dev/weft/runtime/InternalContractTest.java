package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Task;
import dev.weft.internal.Coroutine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What user code can reach of the runtime's internals: Task cannot be subclassed, and the frame's
 * public members are only the ones woven code calls (the runtime calls it through Task's hidden hooks).
 */
class InternalContractTest {
    @Test
    void taskIsNotAnExtensionPoint() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, UserTask::new);
        assertEquals("Task is not for subclassing: make tasks with Weft.createTask, Task.promise() or Task.of",
                e.getMessage());
    }

    @Test
    void theFramesPublicMembersAreTheOnesWovenCodeCalls() {
        assertFalse(Runnable.class.isAssignableFrom(Coroutine.class), "a frame is no Runnable: run() is not public");
        List<String> declared = new ArrayList<>();
        for (Method m : Coroutine.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                declared.add(m.getName() + "(" + m.getParameterCount() + ")");
            }
        }
        declared.sort(null);
        // awaitSite(): hidden, for tools (task dumps, async stack traces, debuggers); woven code never calls it.
        // get(): a frame is the Supplier of its task (contract 4): createTask calls it on a frame woven code made
        // for it, once (it refuses any other frame); twice here, with the bridge of Supplier.get()
        assertEquals(List.of("awaitSite(0)", "cancel(1)", "failedFuture(1)", "failedTask(1)", "get(0)", "get(0)",
                "isDone(1)", "isDone(1)", "resumeValue(0)", "returned(2)", "sleepAwaited(1)", "sleepAwaited(1)", "suspend(2)", "suspend(2)", "suspendedFuture(0)",
                "valueOf(1)", "valueOf(1)"), declared);
        for (Method m : Task.class.getDeclaredMethods()) {
            assertFalse(Modifier.isPublic(m.getModifiers()) && List.of("onComplete", "run", "awaitedDone",
                    "resumeHere", "describe", "dropPendingCancel", "awaitedTask", "ownerTask", "timerIndex").contains(m.getName()), m.toString());
        }
    }

    private static final class UserTask extends Task<String> {
        UserTask() {
            super(null);
        }
    }
}
