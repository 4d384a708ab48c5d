package dev.weft.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The first pass: finds where an async method can suspend and what must survive each suspension
 * (its live locals and the operand stack below the awaited task), after moving uninitialized
 * objects out of the way of its awaits. Refuses the method where a suspension cannot keep its meaning.
 */
final class SuspendPointFinder {
    private final TargetMethod target;
    private final ClassHierarchy hierarchy;

    SuspendPointFinder(TargetMethod target, ClassHierarchy hierarchy) {
        this.target = target;
        this.hierarchy = hierarchy;
    }

    /** The reachable awaits among {@code awaits} as suspend points, numbered from 1; empty if none is reachable. */
    List<SuspendPoint> find(List<MethodInsnNode> awaits) throws WeaveFailure, AnalyzerException {
        Flow flow = new FlowAnalyzer(hierarchy).run(target.owner, target.method);
        ConstructorArgumentHoister hoisted = ConstructorArgumentHoister.hoist(flow, indexesOf(awaits));
        if (hoisted != null) {
            flow = new FlowAnalyzer(hierarchy).run(target.owner, target.method);
            hoisted.check(flow);
        }
        Refusals.checkMonitors(target.method, flow, awaits);
        return suspendPoints(flow, awaits);
    }

    private List<Integer> indexesOf(List<MethodInsnNode> calls) {
        List<Integer> idx = new ArrayList<>(calls.size());
        for (MethodInsnNode c : calls) {
            idx.add(target.method.instructions.indexOf(c));
        }
        return idx;
    }

    private List<SuspendPoint> suspendPoints(Flow flow, List<MethodInsnNode> awaits) throws WeaveFailure {
        Liveness liveness = Liveness.of(flow);
        boolean thisStable = !target.isStatic && !storesTo(0);
        List<SuspendPoint> points = new ArrayList<>(awaits.size());
        int label = 1;
        for (MethodInsnNode call : awaits) {
            int index = target.method.instructions.indexOf(call);
            Frame<BasicValue> f = flow.frames[index];
            if (f == null) {
                continue; // unreachable: the class writer replaces it with nops
            }
            List<SavedValue> locals = new ArrayList<>();
            BitSet live = liveness.liveAt(index);
            for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1)) {
                if (slot >= f.getLocals() || (slot == 0 && thisStable)) {
                    continue;
                }
                SavedValue v = saved(call, f.getLocal(slot), target.bodySlot(slot));
                if (v != null) {
                    locals.add(v);
                }
            }
            List<SavedValue> stack = new ArrayList<>();
            for (int s = 0; s < f.getStackSize() - 1; s++) {
                SavedValue v = saved(call, f.getStack(s), -1);
                if (v == null) {
                    throw Refusals.unusableStackValue(call);
                }
                stack.add(v);
            }
            points.add(new SuspendPoint(call, label++, Diagnostics.lineOf(call), locals, stack));
        }
        return points;
    }

    private SavedValue saved(AbstractInsnNode at, BasicValue value, int slot) throws WeaveFailure {
        Refusals.checkSaveable(at, value);
        ValueKind k = ValueKind.of(value);
        // restored with a cast to a type this class may name: the inferred type may be a class it cannot access
        return k == null ? null : new SavedValue(k, hierarchy.nameableFrom(target.owner, value.getType()), slot);
    }

    private boolean storesTo(int slot) {
        for (AbstractInsnNode n = target.method.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof VarInsnNode && ((VarInsnNode) n).var == slot
                    && n.getOpcode() >= Opcodes.ISTORE && n.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (n instanceof IincInsnNode && ((IincInsnNode) n).var == slot) {
                return true;
            }
        }
        return false;
    }
}
