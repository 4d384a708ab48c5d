package dev.weft.weaver;

import org.objectweb.asm.Type;

/** One value kept across a suspension: a local (by slot) or an operand stack entry, and its field. */
final class SavedValue {
    final ValueKind kind;
    final Type type;
    /** The local's slot in the woven body, or -1 for a stack entry. */
    final int slot;
    /** Index of the frame field of this kind that holds it (meaningless for NULL). */
    int field;

    SavedValue(ValueKind kind, Type type, int slot) {
        this.kind = kind;
        this.type = type;
        this.slot = slot;
    }

    String fieldName() {
        return kind.fieldPrefix + field;
    }

    /** Whether restoring needs a cast from the field's type. */
    boolean needsCast() {
        return kind == ValueKind.REF && !type.getInternalName().equals(RuntimeContract.OBJECT);
    }

    String castTarget() {
        return type.getSort() == Type.ARRAY ? type.getDescriptor() : type.getInternalName();
    }
}
