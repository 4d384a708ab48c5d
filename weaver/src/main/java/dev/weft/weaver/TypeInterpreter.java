package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
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
    private static final String OBJECT_DESCRIPTOR = "L" + RuntimeContract.OBJECT + ";";

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

    // ---- uses of an unresolved merge: only as an Object ------------------------------------

    @Override
    public BasicValue unaryOperation(AbstractInsnNode insn, BasicValue value) throws AnalyzerException {
        if (value instanceof UnresolvedValue) {
            switch (insn.getOpcode()) {
                case Opcodes.IFNULL:
                case Opcodes.IFNONNULL:
                case Opcodes.CHECKCAST:
                case Opcodes.INSTANCEOF:
                case Opcodes.MONITORENTER:
                case Opcodes.MONITOREXIT:
                case Opcodes.ARETURN: // checked against the return type in returnOperation
                    break;
                case Opcodes.PUTSTATIC:
                    usedAs(((FieldInsnNode) insn).desc, value);
                    break;
                default: // GETFIELD, ARRAYLENGTH, ATHROW need a class or an array
                    throw ((UnresolvedValue) value).missing;
            }
        }
        return super.unaryOperation(insn, value);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.PUTFIELD) {
            usedAs(((FieldInsnNode) insn).owner, array);
            usedAs(((FieldInsnNode) insn).desc, index);
        } else if (insn.getOpcode() != Opcodes.IF_ACMPEQ && insn.getOpcode() != Opcodes.IF_ACMPNE) {
            usedAs("array", array); // xALOAD
        }
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
    public BasicValue ternaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index, BasicValue value)
            throws AnalyzerException {
        usedAs("array", array); // the stored value of an AASTORE need only be an Object
        return super.ternaryOperation(insn, array, index, value);
    }

    @Override
    public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values)
            throws AnalyzerException {
        if (insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode) {
            String desc = insn instanceof MethodInsnNode ? ((MethodInsnNode) insn).desc : ((InvokeDynamicInsnNode) insn).desc;
            Type[] params = Type.getArgumentTypes(desc);
            int receivers = values.size() - params.length;
            if (receivers == 1) {
                MethodInsnNode m = (MethodInsnNode) insn;
                usedAs(m.getOpcode() == Opcodes.INVOKESPECIAL ? "a receiver of invokespecial" : m.owner, values.get(0));
            }
            for (int i = 0; i < params.length; i++) {
                usedAs(params[i].getDescriptor(), values.get(receivers + i));
            }
        }
        return super.naryOperation(insn, values);
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, BasicValue value, BasicValue expected)
            throws AnalyzerException {
        if (expected.getType() != null) {
            usedAs(expected.getType().getDescriptor(), value);
        }
        super.returnOperation(insn, value, expected);
    }

    /**
     * Refuses an unresolved merge used as {@code type} (an internal name or a descriptor) unless
     * that is {@code Object}: frames would give the value no more than Object, and the JVM would
     * reject the use at load time.
     */
    private static void usedAs(String type, BasicValue value) {
        if (value instanceof UnresolvedValue && !type.equals(RuntimeContract.OBJECT) && !type.equals(OBJECT_DESCRIPTOR)) {
            throw ((UnresolvedValue) value).missing;
        }
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof UnresolvedValue || b instanceof UnresolvedValue) {
            BasicValue unresolved = a instanceof UnresolvedValue ? a : b;
            BasicValue other = unresolved == a ? b : a;
            if (!isReference(other.getType()) || other instanceof UninitializedValue) {
                return BasicValue.UNINITIALIZED_VALUE;
            }
            // an Object merges with anything into Object; the rest keeps the value unresolved
            return other.getType().getInternalName().equals(RuntimeContract.OBJECT) ? other : unresolved;
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
        try {
            return newValue(mergeReferences(ta, tb));
        } catch (ClassHierarchy.UnknownClassException e) {
            // fine as long as the value is used as an Object only: checked at its uses
            return new UnresolvedValue(e);
        }
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
            return arrayOf(Math.min(da, db), RuntimeContract.OBJECT);
        }
        Type ea = elementObject(a, da);
        Type eb = elementObject(b, db);
        if (ea.getSort() == Type.OBJECT && eb.getSort() == Type.OBJECT) {
            return arrayOf(da, hierarchy.commonSuperClass(ea.getInternalName(), eb.getInternalName()));
        }
        return arrayOf(da, RuntimeContract.OBJECT); // different arrays of primitives, or one and a class
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
