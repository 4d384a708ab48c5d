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
        if (a.getSort() == Type.ARRAY && b.getSort() == Type.ARRAY) {
            int da = a.getDimensions();
            int db = b.getDimensions();
            Type ea = a.getElementType();
            Type eb = b.getElementType();
            if (da == db && ea.getSort() == Type.OBJECT && eb.getSort() == Type.OBJECT) {
                String e = hierarchy.commonSuperClass(ea.getInternalName(), eb.getInternalName());
                return Type.getType("[".repeat(da) + "L" + e + ";");
            }
            int common = Math.min(da, db) - (ea.getSort() == Type.OBJECT && eb.getSort() == Type.OBJECT ? 0 : 1);
            return common <= 0 ? Type.getObjectType(Names.OBJECT)
                    : Type.getType("[".repeat(common) + "Ljava/lang/Object;");
        }
        if (a.getSort() == Type.ARRAY || b.getSort() == Type.ARRAY) {
            return Type.getObjectType(Names.OBJECT);
        }
        return Type.getObjectType(hierarchy.commonSuperClass(a.getInternalName(), b.getInternalName()));
    }

    static boolean isReference(Type t) {
        return t != null && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY);
    }

    static boolean isInit(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name);
    }
}
