package dev.weft.weaver;

import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lets {@code await(m(x))} call {@code m}'s body directly, skipping its entry, when {@code m} is a
 * woven method of the same class that returns {@link RuntimeContract#TASK} and cannot be overridden (static,
 * private or final, or the class is final). A descent of async recursion then takes one JVM frame
 * per level instead of two, about what plain recursion takes.
 *
 * <p>The meaning is the same: the entry turns a failure before the first suspension into a failed
 * task, which the await right after the call throws at once; called directly, the body throws the
 * same exception at the same place. Only a call whose result goes straight into the await's fast
 * path test is rewritten; a task kept in a variable still gets the entry, and never an exception.
 */
final class DirectAwaits {
    private DirectAwaits() {
    }

    /** Rewrites the direct awaits in each body of {@code bodies} (woven method to its body). */
    static void redirect(ClassNode cls, Map<MethodNode, MethodNode> bodies) {
        boolean finalClass = (cls.access & Opcodes.ACC_FINAL) != 0;
        boolean isInterface = (cls.access & Opcodes.ACC_INTERFACE) != 0;
        if (isInterface) {
            return;
        }
        for (MethodNode body : bodies.values()) {
            for (AbstractInsnNode n = body.instructions.getFirst(); n != null; n = n.getNext()) {
                if (!(n instanceof MethodInsnNode)) {
                    continue;
                }
                MethodInsnNode call = (MethodInsnNode) n;
                if (!cls.name.equals(call.owner) || !awaitedAtOnce(call)) {
                    continue;
                }
                MethodNode target = wovenTarget(cls, bodies, call, finalClass);
                if (target != null) {
                    body.instructions.insertBefore(call, new InsnNode(Opcodes.ACONST_NULL));
                    call.desc = bodies.get(target).desc;
                }
            }
        }
    }

    /** The woven method {@code call} calls, if calling its body instead keeps the meaning; else null. */
    private static MethodNode wovenTarget(ClassNode cls, Map<MethodNode, MethodNode> bodies, MethodInsnNode call,
            boolean finalClass) {
        if (!Type.getReturnType(call.desc).equals(RuntimeContract.TASK_TYPE)) {
            return null;
        }
        for (MethodNode m : bodies.keySet()) {
            if (!m.name.equals(call.name) || !m.desc.equals(call.desc)) {
                continue;
            }
            boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
            boolean fixed = (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0 || finalClass;
            if (isStatic ? call.getOpcode() == Opcodes.INVOKESTATIC
                    : fixed && (call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKESPECIAL)) {
                return m;
            }
            return null;
        }
        return null;
    }

    /** Whether the call's result goes straight into a woven await: {@code DUP; Coroutine.isDone(Task)}. */
    static boolean awaitedAtOnce(MethodInsnNode call) {
        AbstractInsnNode next = Instructions.nextReal(call);
        if (next == null || next.getOpcode() != Opcodes.DUP) {
            return false;
        }
        AbstractInsnNode test = Instructions.nextReal(next);
        if (!(test instanceof MethodInsnNode)) {
            return false;
        }
        MethodInsnNode t = (MethodInsnNode) test;
        return t.getOpcode() == Opcodes.INVOKESTATIC && RuntimeContract.IS_DONE_TASK.is(t.owner, t.name, t.desc);
    }
}
