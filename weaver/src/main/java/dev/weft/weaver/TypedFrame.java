package dev.weft.weaver;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/** A frame in which a constructor call initializes every copy of its uninitialized receiver. */
final class TypedFrame extends Frame<BasicValue> {
    TypedFrame(int numLocals, int numStack) {
        super(numLocals, numStack);
    }

    TypedFrame(Frame<? extends BasicValue> frame) {
        super(frame);
    }

    @Override
    public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
        if (!TypeInterpreter.isInit(insn)) {
            super.execute(insn, interpreter);
            return;
        }
        int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
        BasicValue receiver = getStack(getStackSize() - 1 - args);
        super.execute(insn, interpreter);
        if (receiver instanceof UninitializedValue) {
            BasicValue initialized = new BasicValue(receiver.getType());
            for (int i = 0; i < getLocals(); i++) {
                if (receiver.equals(getLocal(i))) {
                    setLocal(i, initialized);
                }
            }
            for (int i = 0; i < getStackSize(); i++) {
                if (receiver.equals(getStack(i))) {
                    setStack(i, initialized);
                }
            }
        }
    }
}
