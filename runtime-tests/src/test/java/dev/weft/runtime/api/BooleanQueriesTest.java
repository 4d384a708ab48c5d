package dev.weft.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Task;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runtime's boolean queries read as questions: {@code isDebug()}, not {@code debug()}. */
class BooleanQueriesTest {
    /** Actions that report whether they did something, as {@code Future.cancel} does: not queries. */
    private static final Set<String> ACTIONS = Set.of("cancel");

    @Test
    void everyPublicBooleanQueryStartsWithIsHasOrCan() throws Exception {
        List<String> misnamed = new ArrayList<>();
        for (String name : WildcardImportsTest.publicTopLevelTypes(
                Paths.get(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI()))) {
            for (Method m : Class.forName(name).getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && m.getReturnType() == boolean.class
                        && m.getParameterCount() == 0 && !ACTIONS.contains(m.getName())
                        && !m.getName().matches("(is|has|can)[A-Z].*")) {
                    misnamed.add(name + "." + m.getName() + "()");
                }
            }
        }
        assertEquals(List.of(), misnamed);
    }
}
