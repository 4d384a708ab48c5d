package dev.weft.weaver;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Warns where a task is dropped on the floor: a call whose task result is popped unused. That is
 * the "forgot await" pitfall: the work starts but nobody waits for it or sees its failure.
 * Calls returning {@code Task} count always; calls returning a stage or future count when the
 * callee is {@code @Async}.
 *
 * <p>The exception is a task the runtime itself keeps: {@code Weft.createTask} and
 * {@code Weft.createLocalTask} run it in the background (listed by {@code allTasks()}), and
 * {@code TaskGroup.createTask} adds it to a group that awaits it and propagates its failure. Dropping
 * those results is the documented idiom. Only these runtime methods are known: a user's method that
 * returns such a task is an ordinary call returning a {@code Task}, and is warned about.
 */
final class ForgottenAwaitCheck {
    private final ClassBytesLookup lookup;
    /** Per class: the {@code name+desc} of its @Async methods. */
    private final Map<String, Set<String>> asyncMethods = new ConcurrentHashMap<>();

    ForgottenAwaitCheck(ClassBytesLookup lookup) {
        this.lookup = lookup;
    }

    void check(ClassNode cls, Diagnostics diagnostics) {
        asyncMethods.put(cls.name, asyncMethodsOf(cls));
        for (MethodNode m : cls.methods) {
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof MethodInsnNode && isDropped(n) && returnsTaskToAwait((MethodInsnNode) n)) {
                    MethodInsnNode call = (MethodInsnNode) n;
                    diagnostics.warning(m, call, "the task returned by " + call.name + "() is discarded without being awaited"
                                    + " (in " + diagnostics.describe(m) + ")",
                            "await it, or keep it and await it later; use Weft.createTask(...) to run it in the background");
                }
            }
        }
    }

    private static boolean isDropped(AbstractInsnNode call) {
        AbstractInsnNode next = Instructions.nextReal(call);
        return next != null && next.getOpcode() == Opcodes.POP;
    }

    private boolean returnsTaskToAwait(MethodInsnNode call) {
        Type ret = Type.getReturnType(call.desc);
        if (ret.equals(RuntimeContract.TASK_TYPE)) {
            return !RuntimeContract.isKeptByRuntime(call.owner, call.name, call.desc);
        }
        if (!ret.equals(RuntimeContract.STAGE_TYPE) && !ret.equals(RuntimeContract.FUTURE_TYPE)) {
            return false;
        }
        return asyncMethods.computeIfAbsent(call.owner, this::asyncMethodsOf).contains(call.name + call.desc);
    }

    private Set<String> asyncMethodsOf(String className) {
        byte[] bytes;
        try {
            bytes = lookup.find(className);
        } catch (RuntimeException e) {
            return Set.of();
        }
        if (bytes == null) {
            return Set.of();
        }
        ClassNode cls = new ClassNode();
        try {
            new ClassReader(bytes).accept(cls, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return Set.of();
        }
        return asyncMethodsOf(cls);
    }

    private static Set<String> asyncMethodsOf(ClassNode cls) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (MethodNode m : cls.methods) {
            if (AsyncMethods.isAnnotatedAsync(m)) {
                names.add(m.name + m.desc);
            }
        }
        return names;
    }
}
