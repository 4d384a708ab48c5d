package dev.weft.weaver;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/** The result of a {@code NEW} before its constructor ran; identified by that instruction. */
final class UninitializedValue extends BasicValue {
    final AbstractInsnNode newInsn;

    UninitializedValue(Type type, AbstractInsnNode newInsn) {
        super(type);
        this.newInsn = newInsn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UninitializedValue && ((UninitializedValue) o).newInsn == newInsn;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(newInsn);
    }

    @Override
    public String toString() {
        return "uninitialized " + getType().getInternalName();
    }
}
