package dev.weft.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The first pass: finds where an async method can suspend and what must survive each suspension (its
 * live locals, or every local in scope when keeping locals, and the operand stack below the awaited
 * task), after moving uninitialized objects out of the way of its awaits. Refuses the method where a
 * suspension cannot keep its meaning.
 */
final class SuspendPointFinder {
    private final TargetMethod target;
    private final ClassHierarchy hierarchy;
    private final boolean keepLocals;

    /** With {@code keepLocals}, every local in scope at an await is saved too, not only the live ones. */
    SuspendPointFinder(TargetMethod target, ClassHierarchy hierarchy, boolean keepLocals) {
        this.target = target;
        this.hierarchy = hierarchy;
        this.keepLocals = keepLocals;
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
            BitSet kept = keepLocals ? inScope(f, index) : new BitSet();
            BitSet saved = (BitSet) live.clone();
            saved.or(kept);
            for (int slot = saved.nextSetBit(0); slot >= 0; slot = saved.nextSetBit(slot + 1)) {
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

    /**
     * The slots of the source variables in scope at instruction {@code index} that hold a value of
     * their declared kind there (a variable in scope may be unassigned on some path: then it holds none).
     */
    private BitSet inScope(Frame<BasicValue> f, int index) {
        BitSet slots = new BitSet();
        if (target.method.localVariables == null) {
            return slots;
        }
        InsnList insns = target.method.instructions;
        for (LocalVariableNode lv : target.method.localVariables) {
            if (lv.index >= f.getLocals() || insns.indexOf(lv.start) > index || index >= insns.indexOf(lv.end)) {
                continue;
            }
            BasicValue value = f.getLocal(lv.index);
            if (value instanceof UninitializedValue || value == BasicValue.RETURNADDRESS_VALUE) {
                continue;
            }
            ValueKind held = ValueKind.of(value);
            ValueKind declared = declaredKind(lv.desc);
            if (held != null && (held == declared || held == ValueKind.NULL && declared == ValueKind.REF)) {
                slots.set(lv.index);
            }
        }
        return slots;
    }

    /** The kind a variable of descriptor {@code desc} holds; null for a descriptor that is no field type. */
    private static ValueKind declaredKind(String desc) {
        if (desc == null || desc.isEmpty() || desc.charAt(0) == 'V' || desc.charAt(0) == '(') {
            return null;
        }
        try {
            return ValueKind.ofType(Type.getType(desc));
        } catch (RuntimeException e) {
            return null; // a malformed descriptor in a hand-made table: no name to show it under anyway
        }
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
