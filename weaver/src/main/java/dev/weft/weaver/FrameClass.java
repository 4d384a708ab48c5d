package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Generates the frame class of one async method: a {@code Coroutine} subclass with typed fields for
 * the values saved at its suspend points, whose {@code step()} re-enters the woven body.
 */
final class FrameClass {
    static final int ACCESS = Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC;

    final String name;
    final String owner;
    final boolean ownerIsInterface;
    final boolean isStatic;
    final String bodyName;
    final String bodyDesc;
    /** The method's parameters as saved at label 0, for {@link TaskStarts#FACTORY}; null if the frame is not startable. */
    final List<SavedValue> arguments;

    FrameClass(String name, String owner, boolean ownerIsInterface, boolean isStatic, String bodyName, String bodyDesc,
            List<SavedValue> arguments) {
        this.name = name;
        this.owner = owner;
        this.ownerIsInterface = ownerIsInterface;
        this.isStatic = isStatic;
        this.bodyName = bodyName;
        this.bodyDesc = bodyDesc;
        this.arguments = arguments;
    }

    /** The descriptor of the frame's constructor, called by the body at its first suspension. */
    String constructorDesc() {
        return isStatic ? "()V" : "(L" + owner + ";)V";
    }

    byte[] generate(int version, String sourceFile, FrameLayout layout, DebugTable table) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, ACCESS, name, null, RuntimeContract.COROUTINE, null);
        if (sourceFile != null) {
            cw.visitSource(sourceFile, null);
        }
        ContractMark.annotation().accept(cw.visitAnnotation(RuntimeContract.WOVEN, false));
        table.write(cw, sourceFile);
        if (!isStatic) {
            cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, "self",
                    "L" + owner + ";", null, null).visitEnd();
        }
        for (ValueKind k : ValueKind.values()) {
            if (!k.isSaved()) {
                continue;
            }
            for (int i = 0; i < layout.count(k); i++) {
                cw.visitField(Opcodes.ACC_SYNTHETIC, k.fieldPrefix + i, k.fieldDescriptor, null, null).visitEnd();
            }
        }
        constructor(cw);
        if (arguments != null) {
            factory(cw);
        }
        step(cw);
        method(cw);
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void constructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_SYNTHETIC, "<init>", constructorDesc(), null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        RuntimeContract.Member init = RuntimeContract.COROUTINE_INIT;
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, init.owner, init.name, init.descriptor, false);
        if (!isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitFieldInsn(Opcodes.PUTFIELD, name, "self", "L" + owner + ";");
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code static Supplier withArguments([Owner self,] A a, ...)}: the frame of an invocation not
     * yet begun, with its arguments saved at label 0, which {@code Coroutine.get()} starts. Its
     * parameters have the slots the body's parameters have.
     */
    private void factory(ClassWriter cw) {
        Type[] bodyParameters = Type.getArgumentTypes(bodyDesc); // the method's, then the frame
        String desc = TaskStarts.factoryDesc(owner, isStatic, java.util.Arrays.copyOf(bodyParameters, bodyParameters.length - 1));
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, TaskStarts.FACTORY, desc, null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, name);
        mv.visitInsn(Opcodes.DUP);
        if (!isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", constructorDesc(), false);
        for (SavedValue v : arguments) {
            if (v.kind.isSaved()) {
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(v.kind.load, v.slot);
                mv.visitFieldInsn(Opcodes.PUTFIELD, name, v.fieldName(), v.kind.fieldDescriptor);
            }
        }
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Names the woven method for the runtime's reports: a constant, so it costs nothing per frame. */
    private void method(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL, RuntimeContract.FRAME_METHOD.name,
                RuntimeContract.FRAME_METHOD.descriptor, null, null);
        mv.visitCode();
        mv.visitLdcInsn(owner.replace('/', '.') + "." + bodyName);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Calls the body with zero arguments and this frame: the body's prologue restores the rest. */
    private void step(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL, RuntimeContract.STEP.name,
                RuntimeContract.STEP.descriptor, null, null);
        mv.visitCode();
        if (!isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, name, "self", "L" + owner + ";");
        }
        Type[] args = Type.getArgumentTypes(bodyDesc);
        for (int i = 0; i < args.length - 1; i++) {
            mv.visitInsn(ValueKind.ofType(args[i]).zero);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        int op = isStatic ? Opcodes.INVOKESTATIC : ownerIsInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
        mv.visitMethodInsn(op, owner, bodyName, bodyDesc, ownerIsInterface);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
