package dev.weft.weaver;

import org.objectweb.asm.tree.AbstractInsnNode;

/** Thrown inside the weaver when a method cannot be woven; becomes an error {@link Diagnostic}. */
final class WeaveFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final transient AbstractInsnNode insn;
    final String hint;

    WeaveFailure(AbstractInsnNode insn, String message, String hint) {
        super(message, null, false, false);
        this.insn = insn;
        this.hint = hint;
    }
}
