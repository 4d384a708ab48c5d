package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/** Which locals are read later on some path, per instruction: only those are saved at a suspension. */
final class Liveness {
    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    /** Locals live on entry to instruction {@code index}. */
    BitSet liveAt(int index) {
        return liveIn[index];
    }

    static Liveness of(Flow flow) {
        InsnList insns = flow.method.instructions;
        int n = flow.size();
        BitSet[] in = new BitSet[n];
        List<Integer>[] preds = predecessors(flow.successors);
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            work.add(i);
            queued[i] = true;
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            BitSet live = new BitSet();
            for (int s : flow.successors[i]) {
                live.or(in[s]);
            }
            AbstractInsnNode insn = insns.get(i);
            apply(insn, live);
            if (!live.equals(in[i])) {
                in[i] = live;
                for (int p : preds[i]) {
                    if (!queued[p]) {
                        queued[p] = true;
                        work.add(p);
                    }
                }
            }
        }
        return new Liveness(in);
    }

    private static void apply(AbstractInsnNode insn, BitSet live) {
        if (insn instanceof VarInsnNode) {
            int var = ((VarInsnNode) insn).var;
            int op = insn.getOpcode();
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                live.clear(var);
            } else {
                live.set(var); // loads and RET
            }
        } else if (insn instanceof IincInsnNode) {
            live.set(((IincInsnNode) insn).var);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Integer>[] predecessors(List<Integer>[] successors) {
        List<Integer>[] preds = new List[successors.length];
        for (int i = 0; i < preds.length; i++) {
            preds[i] = new java.util.ArrayList<>(2);
        }
        for (int i = 0; i < successors.length; i++) {
            for (int s : successors[i]) {
                preds[s].add(i);
            }
        }
        return preds;
    }
}
