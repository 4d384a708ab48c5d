package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/**
 * Checks every entry of {@link RuntimeContract} against the runtime on the test class path by
 * reflection: a renamed or retyped runtime member must fail here, not as a NoSuchMethodError in
 * woven code.
 */
class RuntimeContractTest {

    @Test
    void everyMemberExistsInTheRuntimeAsNamed() {
        List<String> problems = new ArrayList<>();
        for (RuntimeContract.Member m : RuntimeContract.members()) {
            problems.addAll(problemsOf(m));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void membersListsEveryEntry() throws Exception {
        List<Object> missing = new ArrayList<>();
        for (Field f : RuntimeContract.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            List<?> entries = f.getType() == RuntimeContract.Member.class ? List.of(f.get(null))
                    : f.getType() == List.class ? (List<?>) f.get(null) : List.of();
            for (Object e : entries) {
                if (!RuntimeContract.members().contains(e)) {
                    missing.add(e);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theCheckFindsEveryKindOfWrongEntry() {
        String coroutine = RuntimeContract.COROUTINE;
        assertEquals(List.of("no class dev.weft.NoSuchClass for static dev/weft/NoSuchClass.isDone(Ldev/weft/Task;)Z"),
                problemsOf(new RuntimeContract.Member("dev/weft/NoSuchClass", "isDone", "(Ldev/weft/Task;)Z", true)));
        assertEquals(List.of("no method static dev/weft/internal/Coroutine.isDone(Ldev/weft/Weft;)Z"),
                problemsOf(new RuntimeContract.Member(coroutine, "isDone", "(Ldev/weft/Weft;)Z", true)));
        assertEquals(List.of("no method static dev/weft/internal/Coroutine.isDone(Ldev/weft/Task;)I"),
                problemsOf(new RuntimeContract.Member(coroutine, "isDone", "(Ldev/weft/Task;)I", true)));
        assertEquals(List.of("no method static dev/weft/internal/Coroutine.isDon(Ldev/weft/Task;)Z"),
                problemsOf(new RuntimeContract.Member(coroutine, "isDon", "(Ldev/weft/Task;)Z", true)));
        assertEquals(List.of("dev/weft/internal/Coroutine.isDone(Ldev/weft/Task;)Z is static in the runtime"),
                problemsOf(new RuntimeContract.Member(coroutine, "isDone", "(Ldev/weft/Task;)Z", false)));
        assertEquals(List.of("static dev/weft/internal/Coroutine.resumeValue()Ljava/lang/Object; is not static in the runtime"),
                problemsOf(new RuntimeContract.Member(coroutine, "resumeValue", "()Ljava/lang/Object;", true)));
        assertEquals(List.of("no field dev/weft/internal/Coroutine.labelJ"),
                problemsOf(new RuntimeContract.Member(coroutine, "label", "J", false)));
        assertEquals(List.of("no field dev/weft/internal/Coroutine.nolabelI"),
                problemsOf(new RuntimeContract.Member(coroutine, "nolabel", "I", false)));
        assertEquals(List.of("no constructor dev/weft/internal/Coroutine.<init>(I)V"),
                problemsOf(new RuntimeContract.Member(coroutine, "<init>", "(I)V", false)));
        // a member woven code could not reach (a stable package-private JDK field stands in for one)
        assertEquals(List.of("java/util/ArrayList.elementData[Ljava/lang/Object; is neither public nor protected"),
                problemsOf(new RuntimeContract.Member("java/util/ArrayList", "elementData", "[Ljava/lang/Object;", false)));
    }

    @Test
    void framesCanOverrideStep() throws Exception {
        Method step = method(RuntimeContract.STEP);
        assertFalse(Modifier.isFinal(step.getModifiers()), "step() is final");
        assertFalse(Modifier.isFinal(runtimeClass(RuntimeContract.COROUTINE).getModifiers()), "Coroutine is final");
    }

    @Test
    void theContractVersionAndTheFrameNameAreTheRuntimes() throws Exception {
        assertEquals(RuntimeContract.CONTRACT_VERSION, runtimeClass(RuntimeContract.CONTRACT).getField("VERSION").getInt(null));
        Method element = runtimeClass(Type.getType(RuntimeContract.WOVEN).getInternalName())
                .getDeclaredMethod(RuntimeContract.WOVEN_CONTRACT);
        assertEquals(int.class, element.getReturnType());
        // every frame class must name its method: the runtime declares it abstract
        assertEquals(true, Modifier.isAbstract(method(RuntimeContract.FRAME_METHOD).getModifiers()));
    }

    @Test
    void theMarkersAreClassFileAnnotations() throws Exception {
        // the weaver reads and writes them as invisible annotations: other retentions would not match
        for (String desc : List.of(RuntimeContract.ASYNC, RuntimeContract.WOVEN)) {
            Class<?> c = runtimeClass(Type.getType(desc).getInternalName());
            assertEquals(true, c.isAnnotation(), desc);
            assertEquals(RetentionPolicy.CLASS, c.getAnnotation(Retention.class).value(), desc);
        }
    }

    @Test
    void everyRuntimeMethodThatKeepsItsTaskIsKnown() throws Exception {
        // a new createTask overload the list lacks would be warned about as a forgotten await
        List<String> missing = new ArrayList<>();
        for (String owner : List.of(RuntimeContract.WEFT, RuntimeContract.TASK_GROUP)) {
            for (Method m : runtimeClass(owner).getDeclaredMethods()) {
                boolean createsTask = m.getName().equals("createTask") || m.getName().equals("createLocalTask");
                if (createsTask && Modifier.isPublic(m.getModifiers())
                        && !RuntimeContract.isKeptByRuntime(owner, m.getName(), Type.getMethodDescriptor(m))) {
                    missing.add(owner + "." + m.getName() + Type.getMethodDescriptor(m));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theTaskTypesAreTheRuntimes() throws Exception {
        assertEquals("dev.weft.Task", runtimeClass(RuntimeContract.TASK).getName());
        assertEquals(java.util.concurrent.CompletionStage.class, runtimeClass(RuntimeContract.STAGE));
        assertEquals(java.util.concurrent.CompletableFuture.class, runtimeClass(RuntimeContract.FUTURE));
        assertEquals(true, runtimeClass(RuntimeContract.TASK).isAssignableFrom(runtimeClass(RuntimeContract.COROUTINE)));
    }

    /** What is wrong with {@code m} as the runtime has it; empty if nothing. */
    static List<String> problemsOf(RuntimeContract.Member m) {
        Class<?> owner;
        try {
            owner = runtimeClass(m.owner);
        } catch (ClassNotFoundException e) {
            return List.of("no class " + m.owner.replace('/', '.') + " for " + m);
        }
        int modifiers;
        if (!m.isMethod()) {
            Field f = field(owner, m.name);
            if (f == null || !Type.getDescriptor(f.getType()).equals(m.descriptor)) {
                return List.of("no field " + m.owner + "." + m.name + m.descriptor);
            }
            modifiers = f.getModifiers();
        } else if (m.name.equals("<init>")) {
            Constructor<?> c = constructor(owner, m.descriptor);
            if (c == null) {
                return List.of("no constructor " + m);
            }
            modifiers = c.getModifiers();
        } else {
            Method method = method(owner, m.name, m.descriptor);
            if (method == null) {
                return List.of("no method " + m);
            }
            modifiers = method.getModifiers();
        }
        List<String> problems = new ArrayList<>();
        if (Modifier.isStatic(modifiers) != m.isStatic) {
            problems.add(m + (m.isStatic ? " is not static" : " is static") + " in the runtime");
        }
        if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
            problems.add(m + " is neither public nor protected");
        }
        return problems;
    }

    private static Class<?> runtimeClass(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'), false, RuntimeContractTest.class.getClassLoader());
    }

    private static Method method(RuntimeContract.Member m) throws ClassNotFoundException {
        return method(runtimeClass(m.owner), m.name, m.descriptor);
    }

    private static Method method(Class<?> owner, String name, String descriptor) {
        for (Method method : owner.getDeclaredMethods()) {
            if (method.getName().equals(name) && Type.getMethodDescriptor(method).equals(descriptor)) {
                return method;
            }
        }
        return null;
    }

    private static Constructor<?> constructor(Class<?> owner, String descriptor) {
        for (Constructor<?> c : owner.getDeclaredConstructors()) {
            if (Type.getConstructorDescriptor(c).equals(descriptor)) {
                return c;
            }
        }
        return null;
    }

    private static Field field(Class<?> owner, String name) {
        for (Field f : owner.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
