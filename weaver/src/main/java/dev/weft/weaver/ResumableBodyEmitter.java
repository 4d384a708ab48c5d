package dev.weft.weaver;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
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
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The second pass: emits the resumable body, a synthetic overload of the method taking its frame as
 * one more parameter. It takes over the method's code, turns each await into a fast path that reads
 * a done task inline and a slow path that saves the live values into the frame and suspends, and
 * puts in front a prologue that sends a resumed frame to the restore code of its suspend point.
 */
final class ResumableBodyEmitter {
    private final TargetMethod target;
    private final MethodNode method;
    private final int frameSlot;

    ResumableBodyEmitter(TargetMethod target) {
        this.target = target;
        this.method = target.method;
        this.frameSlot = target.frameSlot;
    }

    /**
     * The body: the method's code, taking the frame {@code frameClass} as one more parameter, at
     * {@code points}; with {@code arguments} (else null), a frame at label 0 starts the method with
     * its arguments restored from it (line {@code firstLine}, or -1).
     */
    MethodNode emit(String bodyDesc, FrameClass frameClass, List<SuspendPoint> points, List<SavedValue> arguments,
            int firstLine) {
        int access = Opcodes.ACC_SYNTHETIC | (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT))
                | (target.ownerIsInterface ? Opcodes.ACC_PUBLIC : 0);
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
        LabelNode start = new LabelNode();
        LabelNode begin = null;
        if (arguments != null) {
            begin = new LabelNode();
            appended.add(beginPath(arguments, frameClass, begin, start, firstLine));
        }
        body.instructions.insert(prologue(restores, begin, start));
        body.instructions.add(appended);
        return body;
    }

    private void shiftLocals(MethodNode body) {
        for (AbstractInsnNode n = body.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof VarInsnNode) {
                ((VarInsnNode) n).var = target.bodySlot(((VarInsnNode) n).var);
            } else if (n instanceof IincInsnNode) {
                ((IincInsnNode) n).var = target.bodySlot(((IincInsnNode) n).var);
            }
        }
        if (body.localVariables != null) {
            for (LocalVariableNode lv : body.localVariables) {
                lv.index = target.bodySlot(lv.index);
            }
        }
        shiftAnnotated(body.visibleLocalVariableAnnotations);
        shiftAnnotated(body.invisibleLocalVariableAnnotations);
    }

    private void shiftAnnotated(List<LocalVariableAnnotationNode> annotations) {
        if (annotations != null) {
            for (LocalVariableAnnotationNode a : annotations) {
                a.index.replaceAll(target::bodySlot);
            }
        }
    }

    /**
     * {@code if (f != null) switch (f.label) { case k: goto restore_k; }}, and {@code case 0: goto begin}
     * if {@code begin} is not null; {@code start} is the method's first instruction.
     */
    private InsnList prologue(LabelNode[] restores, LabelNode begin, LabelNode start) {
        InsnList p = new InsnList();
        LabelNode corrupt = new LabelNode();
        p.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        p.add(new JumpInsnNode(Opcodes.IFNULL, start));
        p.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        p.add(RuntimeContract.LABEL.get());
        if (begin != null) {
            LabelNode[] targets = new LabelNode[restores.length + 1];
            targets[0] = begin;
            System.arraycopy(restores, 0, targets, 1, restores.length);
            p.add(new TableSwitchInsnNode(0, restores.length, corrupt, targets));
        } else {
            p.add(new TableSwitchInsnNode(1, restores.length, corrupt, restores));
        }
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

    /**
     * Label 0, a frame made before its invocation ran ({@link TaskStarts}): reloads the arguments
     * from it, clears the saved references, and runs the method from its first instruction.
     */
    private InsnList beginPath(List<SavedValue> arguments, FrameClass fc, LabelNode begin, LabelNode start, int line) {
        InsnList r = new InsnList();
        r.add(begin);
        r.add(new LineNumberNode(line > 0 ? line : 1, begin));
        for (SavedValue v : arguments) {
            load(r, fc, v);
            r.add(new VarInsnNode(v.kind.store, v.slot));
        }
        for (SavedValue v : arguments) {
            if (v.kind == ValueKind.REF) {
                r.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                r.add(new InsnNode(Opcodes.ACONST_NULL));
                r.add(new FieldInsnNode(Opcodes.PUTFIELD, fc.name, v.fieldName(), v.kind.fieldDescriptor));
            }
        }
        r.add(new JumpInsnNode(Opcodes.GOTO, start));
        return r;
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
        if (!target.isStatic) {
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
        if (target.kind != ReturnKind.TASK) {
            t.add(RuntimeContract.SUSPENDED_FUTURE.call());
        }
        t.add(new InsnNode(Opcodes.ARETURN));
        t.add(resumed);
        t.add(new InsnNode(Opcodes.ACONST_NULL));
        t.add(new InsnNode(Opcodes.ARETURN));
        return t;
    }
}
