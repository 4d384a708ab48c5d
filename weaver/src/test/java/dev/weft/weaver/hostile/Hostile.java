package dev.weft.weaver.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.ClassVerifier;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What every hostile input must get from the weaver: a result (no exception, no hang) that is either
 * a clear diagnostic or a class that verifies, loads and runs. Plus ASM helpers to build inputs.
 */
public final class Hostile {
    static final String TASK = "dev/weft/Task";
    static final String TASK_DESC = "()Ldev/weft/Task;";

    private Hostile() {
    }

    static Weaver weaver() {
        return new Weaver(ClassBytesLookup.ofClassLoader(Hostile.class.getClassLoader()));
    }

    /** Weaves within a time limit; the weaver must not throw. */
    static WeaveResult weave(byte[] bytes) {
        Weaver w = weaver();
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> w.weave(bytes.clone()));
    }

    /** A failed result must leave the input as it was and say why. */
    static void assertClearFailure(WeaveResult r, byte[] input) {
        assertEquals(WeaveResult.Status.FAILED, r.status());
        assertEquals(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(r.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(r.diagnostics().isEmpty());
        for (Diagnostic d : r.diagnostics()) {
            if (d.isError()) {
                assertFalse(d.message().isBlank(), d.toString());
                return;
            }
        }
        throw new AssertionError("FAILED without an error diagnostic: " + r.diagnostics());
    }

    /** Verifies (ASM and JVM) the woven class with its frame classes and loads it. */
    static Class<?> load(String internalName, WeaveResult r) {
        Map<String, byte[]> classes = new HashMap<>(r.generatedClasses());
        classes.put(internalName, r.bytes());
        ChildFirstClassLoader loader = new ChildFirstClassLoader(classes, Hostile.class.getClassLoader());
        ClassVerifier.verifyAll(classes, loader);
        try {
            for (String n : classes.keySet()) {
                Class.forName(n.replace('/', '.'), false, loader).getDeclaredMethods();
            }
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs static {@code run()} of a loaded class under {@link Weft#run}, with a time limit. */
    static Object run(Class<?> c) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Weft.run(() -> {
            try {
                Method m = c.getDeclaredMethod("run");
                m.setAccessible(true);
                return (Task<Object>) m.invoke(null);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }));
    }

    /** Whether the woven class also verifies and runs: for inputs that are expected to weave. */
    static Object weaveAndRun(String internalName, byte[] input) {
        WeaveResult r = weave(input);
        assertSame(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        return run(load(internalName, r));
    }

    // ---- building classes -----------------------------------------------------------------------

    /** A class writer that computes frames without loading classes. */
    static ClassWriter writer(int version) {
        return HostileShapes.writer(version);
    }

    /** A class with one {@code static Task run()}, {@code @Async} or not, whose code {@code code} writes. */
    static byte[] classWith(int version, String name, boolean async, Consumer<MethodVisitor> code) {
        return HostileShapes.classWith(version, name, async, cw -> { }, code);
    }

    /** Pushes a task for the int on the stack: done, or (later) done on the next loop turn. */
    static void task(MethodVisitor mv, boolean later) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/weaver/hostile/Hostile", later ? "later" : "now",
                "(Ljava/lang/Object;)Ldev/weft/Task;", false);
    }

    /** {@code (int) await(task)} for the task on the stack. */
    static void await(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Task;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Integer");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
    }

    /** {@code return Task.of(Integer.valueOf(int on the stack))}. */
    static void returnInt(MethodVisitor mv) {
        HostileShapes.returnInt(mv);
    }

    public static Task<Object> now(Object v) {
        return Task.of(v);
    }

    public static Task<Object> later(Object v) {
        return Weft.createTask(() -> Task.of(v));
    }

    static String className(byte[] bytes) {
        return new ClassReader(bytes).getClassName();
    }

    static void assertMessageContains(WeaveResult r, String text) {
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains(text)), r.diagnostics().toString());
    }
}
