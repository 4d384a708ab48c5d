package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;

/** How a saved value is stored in a frame: typed, so primitives are never boxed. */
enum ValueKind {
    INT(Opcodes.ILOAD, Opcodes.ISTORE, "I", "i", Opcodes.ICONST_0),
    LONG(Opcodes.LLOAD, Opcodes.LSTORE, "J", "j", Opcodes.LCONST_0),
    FLOAT(Opcodes.FLOAD, Opcodes.FSTORE, "F", "f", Opcodes.FCONST_0),
    DOUBLE(Opcodes.DLOAD, Opcodes.DSTORE, "D", "d", Opcodes.DCONST_0),
    REF(Opcodes.ALOAD, Opcodes.ASTORE, "Ljava/lang/Object;", "a", Opcodes.ACONST_NULL),
    /** A value known to be null: nothing is saved, {@code aconst_null} restores it. */
    NULL(Opcodes.ALOAD, Opcodes.ASTORE, null, null, Opcodes.ACONST_NULL);

    final int load;
    final int store;
    final String fieldDescriptor;
    final String fieldPrefix;
    final int zero;

    ValueKind(int load, int store, String fieldDescriptor, String fieldPrefix, int zero) {
        this.load = load;
        this.store = store;
        this.fieldDescriptor = fieldDescriptor;
        this.fieldPrefix = fieldPrefix;
        this.zero = zero;
    }

    int size() {
        return this == LONG || this == DOUBLE ? 2 : 1;
    }

    boolean isSaved() {
        return this != NULL;
    }

    /** The kind of an inferred value, or null for an unusable one (never read again). */
    static ValueKind of(BasicValue v) {
        Type t = v.getType();
        if (t == null) {
            return null;
        }
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return INT;
            case Type.LONG:
                return LONG;
            case Type.FLOAT:
                return FLOAT;
            case Type.DOUBLE:
                return DOUBLE;
            case Type.OBJECT:
            case Type.ARRAY:
                return t.equals(TypeInterpreter.NULL_TYPE) ? NULL : REF;
            default:
                return null;
        }
    }

    /** The kind a parameter of {@code t} is passed as. */
    static ValueKind ofType(Type t) {
        return of(new BasicValue(t.getSort() < Type.INT ? Type.INT_TYPE : t));
    }
}
