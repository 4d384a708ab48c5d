package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether a class has a call returning {@code Task}, {@code CompletionStage} or
 * {@code CompletableFuture} whose result is popped unused: the only thing {@link ForgottenAwaitCheck}
 * warns about. A streaming pass with no tree, for the many classes that use those types without
 * {@code @Async} or {@code await}: most never drop one, and need no weaver at all.
 */
final class DroppedTaskScan extends ClassVisitor {
    private static final String RETURNS_TASK = ")L" + Names.TASK + ";";
    private static final String RETURNS_STAGE = ")L" + Names.STAGE + ";";
    private static final String RETURNS_FUTURE = ")L" + Names.FUTURE + ";";

    private final Code code = new Code();
    private boolean found;

    private DroppedTaskScan() {
        super(Opcodes.ASM9);
    }

    /** True if the class drops such a result, or cannot be read (then the weaver reports it). */
    static boolean dropsATask(byte[] classBytes) {
        DroppedTaskScan scan = new DroppedTaskScan();
        try {
            new ClassReader(classBytes).accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException | StackOverflowError e) {
            return true;
        }
        return scan.found;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        code.afterTaskCall = false;
        return found ? null : code;
    }

    /** Follows one method's instructions; labels and frames between a call and its pop do not count. */
    private final class Code extends MethodVisitor {
        boolean afterTaskCall;

        Code() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            afterTaskCall = descriptor.endsWith(RETURNS_TASK) || descriptor.endsWith(RETURNS_STAGE)
                    || descriptor.endsWith(RETURNS_FUTURE);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.POP && afterTaskCall) {
                found = true;
            }
            afterTaskCall = false;
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            afterTaskCall = false;
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            afterTaskCall = false;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            afterTaskCall = false;
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            afterTaskCall = false;
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                                           Object... bootstrapMethodArguments) {
            afterTaskCall = false;
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            afterTaskCall = false;
        }

        @Override
        public void visitLdcInsn(Object value) {
            afterTaskCall = false;
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            afterTaskCall = false;
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            afterTaskCall = false;
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            afterTaskCall = false;
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            afterTaskCall = false;
        }
    }
}
