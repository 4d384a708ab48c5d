package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The last pass: emits the entry, the method as callers see it (same name, signature and
 * annotations), which turns a failure before the first suspension into a failed task instead of
 * throwing it at the caller.
 */
final class EntryEmitter {
    private final TargetMethod target;
    private final MethodNode method;
    private final int frameSlot;

    EntryEmitter(TargetMethod target) {
        this.target = target;
        this.method = target.method;
        this.frameSlot = target.frameSlot;
    }

    /**
     * Rewrites the original method into {@code try { return body(args, null); } catch (Throwable t) { return failed(t); }},
     * at {@code line}, the first line of the method as written (-1: the method has no line numbers).
     */
    void callBody(String bodyDesc, int line) {
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
        if (!target.isStatic) {
            e.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            e.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        e.add(new InsnNode(Opcodes.ACONST_NULL));
        e.add(new MethodInsnNode(target.isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, target.owner,
                method.name, bodyDesc, target.ownerIsInterface));
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
    void catchEarlyFailures() {
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
        f.add(target.kind.failedFactory().call());
        f.add(new InsnNode(Opcodes.ARETURN));
        return f;
    }
}
