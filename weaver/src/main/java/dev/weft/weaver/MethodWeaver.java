package dev.weft.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Weaves one async method. The original method keeps its name, signature and annotations and
 * becomes the entry: it calls the body and turns an early failure into a failed task. The body is
 * a synthetic overload taking the frame as an extra last parameter:
 *
 * <pre>
 *   Task&lt;R&gt; m(A a)                    entry: try { return m(a, null); } catch (Throwable t) { return failed(t); }
 *   Task&lt;R&gt; m(A a, Frame f)           body:  if (f != null) switch (f.label) { restore; goto resume_k }
 *                                          ... original code, with each await(x) turned into:
 *                                          x.isDone() ? x.value : { save; f.suspend(x, k); return f }
 *                                          resume_k: f.resumeValue()
 * </pre>
 *
 * Both keep the method's name, so stack traces name the user's method and line.
 */
final class MethodWeaver {
    private final ClassNode owner;
    private final MethodNode method;
    private final ClassHierarchy hierarchy;
    private final boolean ownerIsInterface;
    private final boolean isStatic;
    private final ReturnKind kind;
    /** The most parameter slots a JVM method may have, {@code this} included (JVMS 4.3.3). */
    static final int MAX_PARAMETER_SLOTS = 255;
    /** The frame parameter's slot in the body: right after the original parameters. */
    private final int frameSlot;

    MethodWeaver(ClassNode owner, MethodNode method, ClassHierarchy hierarchy) {
        this.owner = owner;
        this.method = method;
        this.hierarchy = hierarchy;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        this.kind = ReturnKind.of(Type.getReturnType(method.desc));
        this.frameSlot = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);
    }

    /** What weaving produced: the new body (null if the method has no await) and its frame class. */
    static final class Woven {
        final MethodNode body;
        final FrameClass frameClass;
        final FrameLayout layout;

        Woven(MethodNode body, FrameClass frameClass, FrameLayout layout) {
            this.body = body;
            this.frameClass = frameClass;
            this.layout = layout;
        }
    }

    Woven weave(String frameClassName) throws WeaveFailure, AnalyzerException {
        stripFrames(method.instructions);
        List<MethodInsnNode> awaits = awaitCalls(method.instructions);
        dropDeclaredExceptionClasses(awaits);
        if (awaits.isEmpty()) {
            catchEarlyFailures();
            return new Woven(null, null, null);
        }
        Flow flow = new FlowAnalyzer(hierarchy).run(owner.name, method);
        ConstructorArgumentHoister hoisted = ConstructorArgumentHoister.hoist(flow, indexesOf(awaits));
        if (hoisted != null) {
            flow = new FlowAnalyzer(hierarchy).run(owner.name, method);
            hoisted.check(flow);
        }
        checkMonitors(flow, awaits);
        List<SuspendPoint> points = suspendPoints(flow, awaits);
        if (points.isEmpty()) {
            // every await is unreachable (ecj writes code after a throw that a constant condition
            // makes certain): nothing can suspend, so weave as a method without awaits
            catchEarlyFailures();
            return new Woven(null, null, null);
        }
        if (frameSlot >= MAX_PARAMETER_SLOTS) {
            // the body takes the frame as one more parameter, and the JVM allows 255 slots in all
            throw new WeaveFailure(points.get(0).call, "too many parameters to weave: they take " + frameSlot
                    + " slots (this, and two for each long or double, included) and the woven method needs one more,"
                    + " over the JVM's limit of " + MAX_PARAMETER_SLOTS,
                    "pass fewer parameters, for example some of them grouped in an object");
        }
        FrameLayout layout = FrameLayout.assign(points);
        String bodyDesc = method.desc.replace(")", "L" + frameClassName + ";)");
        FrameClass frameClass = new FrameClass(frameClassName, owner.name, ownerIsInterface, isStatic,
                method.name, bodyDesc);
        // before body(): the body's resume code carries line numbers of its own (line 1 where the
        // method has none), and the entry shares the method's instructions until it replaces them
        int firstLine = Diagnostics.firstLine(method.instructions);
        MethodNode body = body(bodyDesc, frameClass, points);
        entry(bodyDesc, firstLine);
        return new Woven(body, frameClass, layout);
    }

    // ---- analysis --------------------------------------------------------------------------

    static List<MethodInsnNode> awaitCalls(InsnList insns) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof MethodInsnNode) {
                MethodInsnNode m = (MethodInsnNode) n;
                if (RuntimeContract.isAwait(m.owner, m.name, m.desc)) {
                    calls.add(m);
                }
            }
        }
        return calls;
    }

    /** {@code await(x, E.class)} only tells javac what may be thrown: pop the class, await as usual. */
    private void dropDeclaredExceptionClasses(List<MethodInsnNode> awaits) {
        for (MethodInsnNode call : awaits) {
            if (RuntimeContract.isDeclaringAwait(call.desc)) {
                method.instructions.insertBefore(call, new InsnNode(Opcodes.POP));
                call.desc = RuntimeContract.AWAIT_TASK_DECLARING.descriptor.equals(call.desc)
                        ? RuntimeContract.AWAIT_TASK.descriptor : RuntimeContract.AWAIT_STAGE.descriptor;
            }
        }
    }

    private List<Integer> indexesOf(List<MethodInsnNode> calls) {
        List<Integer> idx = new ArrayList<>(calls.size());
        for (MethodInsnNode c : calls) {
            idx.add(method.instructions.indexOf(c));
        }
        return idx;
    }

    private void checkMonitors(Flow flow, List<MethodInsnNode> awaits) throws WeaveFailure {
        boolean any = false;
        for (AbstractInsnNode n = method.instructions.getFirst(); n != null && !any; n = n.getNext()) {
            any = n.getOpcode() == Opcodes.MONITORENTER;
        }
        if (!any) {
            return;
        }
        MonitorDepth depth = MonitorDepth.of(flow);
        for (MethodInsnNode call : awaits) {
            if (depth.held(method.instructions.indexOf(call))) {
                throw new WeaveFailure(call, "await() inside a synchronized block",
                        "move the await out of the block: a suspended method cannot hold a monitor;"
                                + " use a dev.weft Lock to guard async code");
            }
        }
    }

    private List<SuspendPoint> suspendPoints(Flow flow, List<MethodInsnNode> awaits) throws WeaveFailure {
        Liveness liveness = Liveness.of(flow);
        boolean thisStable = !isStatic && !storesTo(0);
        List<SuspendPoint> points = new ArrayList<>(awaits.size());
        int label = 1;
        for (MethodInsnNode call : awaits) {
            int index = method.instructions.indexOf(call);
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
                SavedValue v = saved(call, f.getLocal(slot), bodySlot(slot));
                if (v != null) {
                    locals.add(v);
                }
            }
            List<SavedValue> stack = new ArrayList<>();
            for (int s = 0; s < f.getStackSize() - 1; s++) {
                SavedValue v = saved(call, f.getStack(s), -1);
                if (v == null) {
                    throw new WeaveFailure(call, "unusable value on the operand stack at await()",
                            "this bytecode shape is not produced by javac or ecj; recompile the class");
                }
                stack.add(v);
            }
            points.add(new SuspendPoint(call, label++, Diagnostics.lineOf(call), locals, stack));
        }
        return points;
    }

    private SavedValue saved(AbstractInsnNode at, BasicValue value, int slot) throws WeaveFailure {
        if (value instanceof UninitializedValue) {
            // ConstructorArgumentHoister took every one out of the way of the awaits
            throw new WeaveFailure(at, "internal weaver error: an uninitialized object is live across await()",
                    "please report this with the class file");
        }
        if (value == BasicValue.RETURNADDRESS_VALUE) {
            throw new WeaveFailure(at, "await() inside a jsr subroutine (class file from a pre-Java-7 compiler)",
                    "recompile the class with a current compiler");
        }
        ValueKind k = ValueKind.of(value);
        // restored with a cast to a type this class may name: the inferred type may be a class it cannot access
        return k == null ? null : new SavedValue(k, hierarchy.nameableFrom(owner.name, value.getType()), slot);
    }

    private boolean storesTo(int slot) {
        for (AbstractInsnNode n = method.instructions.getFirst(); n != null; n = n.getNext()) {
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

    private int bodySlot(int slot) {
        return slot >= frameSlot ? slot + 1 : slot;
    }

    // ---- the body --------------------------------------------------------------------------

    private MethodNode body(String bodyDesc, FrameClass frameClass, List<SuspendPoint> points) {
        int access = Opcodes.ACC_SYNTHETIC | (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT))
                | (ownerIsInterface ? Opcodes.ACC_PUBLIC : 0);
        MethodNode body = new MethodNode(Opcodes.ASM9, access, method.name, bodyDesc, null, null);
        body.instructions = method.instructions;
        body.tryCatchBlocks = method.tryCatchBlocks;
        body.localVariables = method.localVariables;
        body.visibleLocalVariableAnnotations = method.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = method.invisibleLocalVariableAnnotations;
        shiftLocals(body);
        body.maxLocals = method.maxLocals + 1;
        body.maxStack = method.maxStack;

        int temps = body.maxLocals;
        LabelNode tail = new LabelNode();
        InsnList appended = new InsnList();
        LabelNode[] restores = new LabelNode[points.size()];
        for (int i = 0; i < points.size(); i++) {
            SuspendPoint p = points.get(i);
            LabelNode resume = new LabelNode();
            LabelNode slow = new LabelNode();
            restores[i] = new LabelNode();
            inline(body.instructions, p, slow, resume);
            appended.add(slowPath(p, frameClass, slow, tail, temps));
            appended.add(restorePath(p, frameClass, restores[i], resume));
        }
        appended.add(tail);
        appended.add(suspendedReturn());
        body.instructions.insert(prologue(restores));
        body.instructions.add(appended);
        return body;
    }

    private void shiftLocals(MethodNode body) {
        for (AbstractInsnNode n = body.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof VarInsnNode) {
                ((VarInsnNode) n).var = bodySlot(((VarInsnNode) n).var);
            } else if (n instanceof IincInsnNode) {
                ((IincInsnNode) n).var = bodySlot(((IincInsnNode) n).var);
            }
        }
        if (body.localVariables != null) {
            for (LocalVariableNode lv : body.localVariables) {
                lv.index = bodySlot(lv.index);
            }
        }
        shiftAnnotated(body.visibleLocalVariableAnnotations);
        shiftAnnotated(body.invisibleLocalVariableAnnotations);
    }

    private void shiftAnnotated(List<LocalVariableAnnotationNode> annotations) {
        if (annotations != null) {
            for (LocalVariableAnnotationNode a : annotations) {
                a.index.replaceAll(this::bodySlot);
            }
        }
    }

    /** {@code if (f != null) switch (f.label) { case k: goto restore_k; }} */
    private InsnList prologue(LabelNode[] restores) {
        InsnList p = new InsnList();
        LabelNode start = new LabelNode();
        LabelNode corrupt = new LabelNode();
        p.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        p.add(new JumpInsnNode(Opcodes.IFNULL, start));
        p.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        p.add(RuntimeContract.LABEL.get());
        p.add(new TableSwitchInsnNode(1, restores.length, corrupt, restores));
        p.add(corrupt);
        p.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        p.add(new InsnNode(Opcodes.DUP));
        p.add(new LdcInsnNode("Weft: frame resumed at an unknown suspend point"));
        p.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false));
        p.add(new InsnNode(Opcodes.ATHROW));
        p.add(start);
        return p;
    }

    /** Replaces the await call: the fast path reads a done task inline; the resume path lands after it. */
    private void inline(InsnList insns, SuspendPoint p, LabelNode slow, LabelNode resume) {
        LabelNode cont = new LabelNode();
        InsnList seq = new InsnList();
        seq.add(new InsnNode(Opcodes.DUP));
        seq.add((p.stage ? RuntimeContract.IS_DONE_STAGE : RuntimeContract.IS_DONE_TASK).call());
        seq.add(new JumpInsnNode(Opcodes.IFEQ, slow));
        seq.add((p.stage ? RuntimeContract.VALUE_OF_STAGE : RuntimeContract.VALUE_OF_TASK).call());
        seq.add(new JumpInsnNode(Opcodes.GOTO, cont));
        seq.add(resume);
        seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        seq.add(RuntimeContract.RESUME_VALUE.call());
        seq.add(cont);
        insns.insertBefore(p.call, seq);
        insns.remove(p.call);
    }

    /** Saves the stack and live locals into the frame (made on first use), suspends, returns. */
    private InsnList slowPath(SuspendPoint p, FrameClass fc, LabelNode slow, LabelNode tail, int temps) {
        InsnList s = new InsnList();
        s.add(slow);
        s.add(new LineNumberNode(p.line > 0 ? p.line : 1, slow));
        int awaitedSlot = temps;
        s.add(new VarInsnNode(Opcodes.ASTORE, awaitedSlot));
        int[] stackSlots = new int[p.stack.size()];
        int next = awaitedSlot + 1;
        for (int i = 0; i < p.stack.size(); i++) {
            stackSlots[i] = next;
            next += p.stack.get(i).kind.size();
        }
        for (int i = p.stack.size() - 1; i >= 0; i--) {
            SavedValue v = p.stack.get(i);
            s.add(v.kind.isSaved() ? new VarInsnNode(v.kind.store, stackSlots[i]) : new InsnNode(Opcodes.POP));
        }
        LabelNode have = new LabelNode();
        s.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        s.add(new JumpInsnNode(Opcodes.IFNONNULL, have));
        s.add(new TypeInsnNode(Opcodes.NEW, fc.name));
        s.add(new InsnNode(Opcodes.DUP));
        if (!isStatic) {
            s.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        s.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, fc.name, "<init>", fc.constructorDesc(), false));
        s.add(new VarInsnNode(Opcodes.ASTORE, frameSlot));
        s.add(have);
        for (SavedValue v : p.locals) {
            if (v.kind.isSaved()) {
                save(s, fc, v, v.slot);
            }
        }
        for (int i = 0; i < p.stack.size(); i++) {
            SavedValue v = p.stack.get(i);
            if (v.kind.isSaved()) {
                save(s, fc, v, stackSlots[i]);
            }
        }
        s.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        s.add(new VarInsnNode(Opcodes.ALOAD, awaitedSlot));
        s.add(new LdcInsnNode(p.label));
        s.add((p.stage ? RuntimeContract.SUSPEND_STAGE : RuntimeContract.SUSPEND_TASK).call());
        s.add(new JumpInsnNode(Opcodes.GOTO, tail));
        return s;
    }

    private void save(InsnList s, FrameClass fc, SavedValue v, int fromSlot) {
        s.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        s.add(new VarInsnNode(v.kind.load, fromSlot));
        s.add(new FieldInsnNode(Opcodes.PUTFIELD, fc.name, v.fieldName(), v.kind.fieldDescriptor));
    }

    /** Reloads live locals and the stack from the frame, clears saved references, jumps back in. */
    private InsnList restorePath(SuspendPoint p, FrameClass fc, LabelNode restore, LabelNode resume) {
        InsnList r = new InsnList();
        r.add(restore);
        r.add(new LineNumberNode(p.line > 0 ? p.line : 1, restore));
        for (SavedValue v : p.locals) {
            load(r, fc, v);
            r.add(new VarInsnNode(v.kind.store, v.slot));
        }
        for (SavedValue v : p.stack) {
            load(r, fc, v);
        }
        Set<String> cleared = new HashSet<>();
        for (List<SavedValue> values : List.of(p.locals, p.stack)) {
            for (SavedValue v : values) {
                if (v.kind == ValueKind.REF && cleared.add(v.fieldName())) {
                    // Let the values be collected while the method runs on; they are saved anew at each suspension.
                    r.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                    r.add(new InsnNode(Opcodes.ACONST_NULL));
                    r.add(new FieldInsnNode(Opcodes.PUTFIELD, fc.name, v.fieldName(), v.kind.fieldDescriptor));
                }
            }
        }
        r.add(new JumpInsnNode(Opcodes.GOTO, resume));
        return r;
    }

    private void load(InsnList r, FrameClass fc, SavedValue v) {
        if (!v.kind.isSaved()) {
            r.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        r.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        r.add(new FieldInsnNode(Opcodes.GETFIELD, fc.name, v.fieldName(), v.kind.fieldDescriptor));
        if (v.needsCast()) {
            r.add(new TypeInsnNode(Opcodes.CHECKCAST, v.castTarget()));
        }
    }

    /** After suspend(): the first suspension returns the frame (as the declared type); a resumed one returns null. */
    private InsnList suspendedReturn() {
        InsnList t = new InsnList();
        LabelNode resumed = new LabelNode();
        t.add(new JumpInsnNode(Opcodes.IFEQ, resumed));
        t.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        if (kind != ReturnKind.TASK) {
            t.add(RuntimeContract.SUSPENDED_FUTURE.call());
        }
        t.add(new InsnNode(Opcodes.ARETURN));
        t.add(resumed);
        t.add(new InsnNode(Opcodes.ACONST_NULL));
        t.add(new InsnNode(Opcodes.ARETURN));
        return t;
    }

    // ---- the entry -------------------------------------------------------------------------

    /**
     * Rewrites the original method into {@code try { return body(args, null); } catch (Throwable t) { return failed(t); }},
     * at {@code line}, the first line of the method as written (-1: the method has no line numbers).
     */
    private void entry(String bodyDesc, int line) {
        List<LocalVariableNode> params = parameterVariables();
        method.instructions = new InsnList();
        method.tryCatchBlocks = new ArrayList<>();
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;

        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        LabelNode last = new LabelNode();
        InsnList e = method.instructions;
        e.add(start);
        if (line > 0) {
            e.add(new LineNumberNode(line, start));
        }
        int slot = 0;
        if (!isStatic) {
            e.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            e.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        e.add(new InsnNode(Opcodes.ACONST_NULL));
        e.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner.name, method.name,
                bodyDesc, ownerIsInterface));
        e.add(end);
        e.add(new InsnNode(Opcodes.ARETURN));
        e.add(handler);
        e.add(failedTask());
        e.add(last);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, RuntimeContract.THROWABLE));
        List<LocalVariableNode> lvs = new ArrayList<>();
        for (LocalVariableNode p : params) {
            lvs.add(new LocalVariableNode(p.name, p.desc, p.signature, start, last, p.index));
        }
        method.localVariables = lvs;
    }

    private List<LocalVariableNode> parameterVariables() {
        List<LocalVariableNode> params = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        if (method.localVariables != null) {
            for (LocalVariableNode lv : method.localVariables) {
                if (lv.index < frameSlot && seen.add(lv.index)) {
                    params.add(lv);
                }
            }
        }
        return params;
    }

    /** For a method without awaits: one handler around the whole body turns a throw into a failed task. */
    private void catchEarlyFailures() {
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        method.instructions.insert(start);
        method.instructions.add(end);
        method.instructions.add(handler);
        method.instructions.add(failedTask());
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, RuntimeContract.THROWABLE));
    }

    private InsnList failedTask() {
        InsnList f = new InsnList();
        f.add(kind.failedFactory().call());
        f.add(new InsnNode(Opcodes.ARETURN));
        return f;
    }

    private static void stripFrames(InsnList insns) {
        for (AbstractInsnNode n = insns.getFirst(); n != null; ) {
            AbstractInsnNode next = n.getNext();
            if (n instanceof FrameNode) {
                insns.remove(n);
            }
            n = next;
        }
    }
}
