package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** The {@code Weft.await} calls of a method: where it may suspend once woven. */
final class AwaitCalls {
    private AwaitCalls() {
    }

    /** The await calls in {@code insns}, in order. */
    static List<MethodInsnNode> in(InsnList insns) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof MethodInsnNode) {
                MethodInsnNode m = (MethodInsnNode) n;
                if (RuntimeContract.isAwait(m.owner, m.name, m.desc)) {
                    calls.add(m);
                }
            }
        }
        return calls;
    }

    /** {@code await(x, E.class)} only tells javac what may be thrown: pop the class, await as usual. */
    static void dropDeclaredExceptionClasses(InsnList insns, List<MethodInsnNode> awaits) {
        for (MethodInsnNode call : awaits) {
            if (RuntimeContract.isDeclaringAwait(call.desc)) {
                insns.insertBefore(call, new InsnNode(Opcodes.POP));
                call.desc = RuntimeContract.AWAIT_TASK_DECLARING.descriptor.equals(call.desc)
                        ? RuntimeContract.AWAIT_TASK.descriptor : RuntimeContract.AWAIT_STAGE.descriptor;
            }
        }
    }
}
