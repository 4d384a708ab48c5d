package dev.weft.runtime.conformance;

import dev.weft.Task;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Weft twins: non-private static no-argument {@code @Async} methods returning a {@code Task},
 * named as the scenario in camelCase ({@code create_task_runs_next_turn} is
 * {@code createTaskRunsNextTurn}), in the classes listed here, one per scenario module. Helpers
 * without parameters are private.
 */
final class Twins {
    private static final List<Class<?>> CLASSES = List.of(
            TasksTwins.class,
            CancelTwins.class,
            TimeoutsTwins.class,
            GatherWaitTwins.class,
            TaskGroupsTwins.class,
            LocksTwins.class,
            SyncTwins.class,
            QueuesTwins.class,
            QueueWaitersTwins.class,
            GeneratorsTwins.class,
            AsyncgenTwins.class,
            LoopTwins.class,
            CallbacksTwins.class);

    private Twins() {
    }

    /** Every twin by scenario name (snake_case). */
    static Map<String, Method> all() {
        Map<String, Method> twins = new TreeMap<>();
        for (Class<?> c : CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers())
                        && m.getParameterCount() == 0
                        && m.getReturnType() == Task.class && !m.isSynthetic()) {
                    Method before = twins.put(snake(m.getName()), m);
                    if (before != null) {
                        throw new IllegalStateException("two twins named " + m.getName() + ": "
                                + before.getDeclaringClass().getSimpleName() + " and " + c.getSimpleName());
                    }
                }
            }
        }
        return twins;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
