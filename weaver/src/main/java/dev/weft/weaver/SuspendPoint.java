package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;

/** One {@code await} call site: where the method can suspend, and what must survive it. */
final class SuspendPoint {
    final MethodInsnNode call;
    /** 1-based; stored in the frame while suspended here. */
    final int label;
    /** Whether it awaits a CompletionStage rather than a Task. */
    final boolean stage;
    final int line;
    /** Live locals, by slot in the woven body. */
    final List<SavedValue> locals;
    /** Operand stack below the awaited task, bottom first. */
    final List<SavedValue> stack;

    SuspendPoint(MethodInsnNode call, int label, int line, List<SavedValue> locals, List<SavedValue> stack) {
        this.call = call;
        this.label = label;
        this.stage = RuntimeContract.AWAIT_STAGE.descriptor.equals(call.desc);
        this.line = line;
        this.locals = locals;
        this.stack = stack;
    }
}
