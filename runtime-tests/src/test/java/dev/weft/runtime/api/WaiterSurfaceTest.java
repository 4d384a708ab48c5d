package dev.weft.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Task;
import dev.weft.Waiter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Waiter} is what library authors extend: the runtime's entries to its hooks (its turn, the end
 * of a followed task) are not public, so a primitive's user cannot run a turn or fake a completion.
 */
class WaiterSurfaceTest {
    @Test
    void aWaiterIsNeitherARunnableNorACompletionAndOffersOnlyItsHooks() {
        assertFalse(Runnable.class.isAssignableFrom(Waiter.class), "a Waiter is a Runnable");
        TreeSet<String> declared = new TreeSet<>();
        for (Method m : Waiter.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if ((Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !m.isSynthetic()) {
                declared.add((Modifier.isPublic(mod) ? "public " : "protected ") + m.getName());
            }
        }
        // awaitingTask and waitsOn: for a primitive's description in task dumps (Weft.dumpTasks)
        assertEquals(List.of("protected awaitingTask", "protected follow", "protected grant", "protected loop",
                "protected onFollowed", "protected onTurn", "protected onUndelivered", "protected refuse",
                "protected scheduleTurn", "protected waitsOn", "public cancel"), List.copyOf(declared));
        for (Class<?> i : Waiter.class.getInterfaces()) {
            assertFalse(i.getName().startsWith("dev.weft."), "Waiter implements " + i);
        }
        assertEquals(Task.class, Waiter.class.getSuperclass());
    }
}
