package dev.weft.weaver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Moves {@code NEW T; DUP} down to just before {@code T.<init>} when an await happens while the
 * uninitialized object is on the stack ({@code new Foo(a, await(x))}): an uninitialized reference
 * cannot be saved in a field, and a resumed path cannot recreate the same one. The arguments are
 * kept in fresh locals while the object is created. The only observable change: class {@code T}
 * is initialized after the arguments are evaluated instead of before.
 */
final class ConstructorArgumentHoister {
    private ConstructorArgumentHoister() {
    }

    /** Returns whether it changed the method (then it must be analysed again). */
    static boolean hoist(Flow flow, List<Integer> awaitIndexes) throws WeaveFailure {
        MethodNode m = flow.method;
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (int i : awaitIndexes) {
            Frame<BasicValue> f = flow.frames[i];
            if (f == null) {
                continue;
            }
            for (int s = 0; s < f.getStackSize(); s++) {
                if (f.getStack(s) instanceof UninitializedValue) {
                    news.add(((UninitializedValue) f.getStack(s)).newInsn);
                }
            }
            for (int l = 0; l < f.getLocals(); l++) {
                if (f.getLocal(l) instanceof UninitializedValue) {
                    throw new WeaveFailure(m.instructions.get(i),
                            "an uninitialized object is held in a local variable across await()",
                            "this bytecode shape is not produced by javac or ecj; recompile the class");
                }
            }
        }
        // Find every constructor call first: the frames are indexed by the unchanged instruction list.
        List<MethodInsnNode> inits = new ArrayList<>();
        for (AbstractInsnNode n : news) {
            inits.add(initOf(flow, (TypeInsnNode) n));
        }
        int k = 0;
        for (AbstractInsnNode n : news) {
            hoistOne(m, (TypeInsnNode) n, inits.get(k++));
        }
        return !news.isEmpty();
    }

    private static MethodInsnNode initOf(Flow flow, TypeInsnNode newInsn) throws WeaveFailure {
        AbstractInsnNode dup = nextReal(newInsn);
        if (dup == null || dup.getOpcode() != Opcodes.DUP) {
            throw new WeaveFailure(newInsn, "await() inside the arguments of 'new " + simple(newInsn.desc)
                    + "' in an unsupported bytecode shape (NEW not followed by DUP)",
                    "assign the awaited value to a local variable before the 'new' expression");
        }
        MethodInsnNode init = findInit(flow, newInsn);
        if (init == null) {
            throw new WeaveFailure(newInsn, "cannot find the constructor call for 'new " + simple(newInsn.desc) + "'",
                    "assign the awaited value to a local variable before the 'new' expression");
        }
        return init;
    }

    private static void hoistOne(MethodNode m, TypeInsnNode newInsn, MethodInsnNode init) {
        InsnList insns = m.instructions;
        insns.remove(nextReal(newInsn));
        insns.remove(newInsn);

        Type[] args = Type.getArgumentTypes(init.desc);
        int[] slots = new int[args.length];
        int next = m.maxLocals;
        for (int a = 0; a < args.length; a++) {
            slots[a] = next;
            next += args[a].getSize();
        }
        m.maxLocals = next;
        InsnList seq = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            seq.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
        }
        seq.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
        seq.add(new InsnNode(Opcodes.DUP));
        for (int a = 0; a < args.length; a++) {
            seq.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
        }
        insns.insertBefore(init, seq);
    }

    private static MethodInsnNode findInit(Flow flow, TypeInsnNode newInsn) {
        InsnList insns = flow.method.instructions;
        MethodInsnNode found = null;
        for (int i = 0; i < flow.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            Frame<BasicValue> f = flow.frames[i];
            if (f == null || !TypeInterpreter.isInit(insn)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            int args = Type.getArgumentTypes(call.desc).length;
            BasicValue receiver = f.getStack(f.getStackSize() - 1 - args);
            if (receiver instanceof UninitializedValue && ((UninitializedValue) receiver).newInsn == newInsn) {
                if (found != null && found != call) {
                    return null;
                }
                found = call;
            }
        }
        return found;
    }

    static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
