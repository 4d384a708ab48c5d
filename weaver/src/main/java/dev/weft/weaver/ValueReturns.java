package dev.weft.weaver;

import java.util.Collection;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Lets a coroutine end without a task for its value: in the body of a method declared to return
 * {@code Task}, a call of {@code Task.of(x)} or {@code Task.done()} whose task the body returns at
 * once ({@code ARETURN} next) calls {@code Coroutine.returned(x, frame)} instead (contract 3). Before
 * the first suspension (no frame) that is {@code Task.of(x)}; after it, the frame's step completes
 * the frame with {@code x} and the task that would only have been read and dropped is never made.
 *
 * <p>Any other {@code Task.of} is left alone: one stored in a local (as {@code return} inside
 * {@code try}/{@code finally} compiles: the finally block runs between the call and the return),
 * passed on, or in a method declared to return a stage or future, whose task user code may see.
 */
final class ValueReturns {
    private ValueReturns() {
    }

    /** Rewrites the returned {@code Task.of}/{@code Task.done()} calls in each of {@code bodies}. */
    static void rewrite(Collection<MethodNode> bodies) {
        for (MethodNode body : bodies) {
            if (!Type.getReturnType(body.desc).equals(RuntimeContract.TASK_TYPE)) {
                continue;
            }
            int frameSlot = frameSlot(body);
            for (AbstractInsnNode n = body.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n.getOpcode() != Opcodes.INVOKESTATIC || !returnedAtOnce(n)) {
                    continue;
                }
                MethodInsnNode call = (MethodInsnNode) n;
                boolean of = RuntimeContract.TASK_OF.is(call.owner, call.name, call.desc);
                if (!of && !RuntimeContract.TASK_DONE.is(call.owner, call.name, call.desc)) {
                    continue;
                }
                if (!of) {
                    body.instructions.insertBefore(call, new InsnNode(Opcodes.ACONST_NULL));
                }
                body.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, frameSlot));
                call.owner = RuntimeContract.RETURNED.owner;
                call.name = RuntimeContract.RETURNED.name;
                call.desc = RuntimeContract.RETURNED.descriptor;
                call.itf = false;
            }
        }
    }

    /** The body's frame parameter: its last, a reference (one slot). */
    private static int frameSlot(MethodNode body) {
        boolean isStatic = (body.access & Opcodes.ACC_STATIC) != 0;
        // the argument size counts an implicit this even for a static method
        return (Type.getArgumentsAndReturnSizes(body.desc) >> 2) - 1 - (isStatic ? 1 : 0);
    }

    private static boolean returnedAtOnce(AbstractInsnNode call) {
        AbstractInsnNode next = Instructions.nextReal(call);
        return next != null && next.getOpcode() == Opcodes.ARETURN;
    }
}
