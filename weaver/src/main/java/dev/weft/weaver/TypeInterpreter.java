package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Infers the types the JVM verifier would infer: exact reference types merged through the class
 * hierarchy, {@code null}, and uninitialized {@code NEW} results. It does not verify.
 */
final class TypeInterpreter extends BasicInterpreter {
    static final Type NULL_TYPE = Type.getObjectType("null");
    static final BasicValue NULL = new BasicValue(NULL_TYPE);

    private final ClassHierarchy hierarchy;

    TypeInterpreter(ClassHierarchy hierarchy) {
        super(Opcodes.ASM9);
        this.hierarchy = hierarchy;
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
            return type.equals(NULL_TYPE) ? NULL : new BasicValue(type);
        }
        return super.newValue(type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            return new UninitializedValue(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type t = array.getType();
            if (t != null && t.getSort() == Type.ARRAY) {
                return newValue(Type.getType(t.getDescriptor().substring(1)));
            }
            return NULL; // aaload on a null array: the value is never used
        }
        return super.binaryOperation(insn, array, index);
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof UninitializedValue || b instanceof UninitializedValue) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        Type ta = a.getType();
        Type tb = b.getType();
        if (!isReference(ta) || !isReference(tb)) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (ta.equals(NULL_TYPE)) {
            return b;
        }
        if (tb.equals(NULL_TYPE)) {
            return a;
        }
        return newValue(mergeReferences(ta, tb));
    }

    private Type mergeReferences(Type a, Type b) {
        if (a.getSort() != Type.ARRAY && b.getSort() != Type.ARRAY) {
            return Type.getObjectType(hierarchy.commonSuperClass(a.getInternalName(), b.getInternalName()));
        }
        // An array of primitives is an Object like any class, so count only the dimensions whose
        // elements are references: int[][] is an array (of dimension 1) of objects int[].
        int da = referenceDimensions(a);
        int db = referenceDimensions(b);
        if (da != db) {
            return arrayOf(Math.min(da, db), Names.OBJECT);
        }
        Type ea = elementObject(a, da);
        Type eb = elementObject(b, db);
        if (ea.getSort() == Type.OBJECT && eb.getSort() == Type.OBJECT) {
            return arrayOf(da, hierarchy.commonSuperClass(ea.getInternalName(), eb.getInternalName()));
        }
        return arrayOf(da, Names.OBJECT); // different arrays of primitives, or one and a class
    }

    private static int referenceDimensions(Type t) {
        if (t.getSort() != Type.ARRAY) {
            return 0;
        }
        int sort = t.getElementType().getSort();
        return t.getDimensions() - (sort == Type.OBJECT ? 0 : 1);
    }

    /** What the arrays of {@code dims} reference dimensions hold: a class, or an array of primitives. */
    private static Type elementObject(Type t, int dims) {
        return Type.getType(t.getDescriptor().substring(dims));
    }

    private static Type arrayOf(int dims, String internalName) {
        return dims == 0 ? Type.getObjectType(internalName) : Type.getType("[".repeat(dims) + "L" + internalName + ";");
    }

    static boolean isReference(Type t) {
        return t != null && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY);
    }

    static boolean isInit(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name);
    }
}
