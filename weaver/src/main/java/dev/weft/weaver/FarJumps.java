package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites each forward jump that might land more than 32767 bytes away into a switch, whose
 * offsets take four bytes, before a method is written: {@code goto L} becomes
 * {@code iconst_0; lookupswitch {} default L}, and {@code ifeq L} becomes
 * {@code ifne next; iconst_0; lookupswitch {} default L; next:}.
 *
 * <p>Why: ASM widens such jumps itself, but from ASM 9.11 on its widening of a large method also
 * marks some backward jumps for widening, whose offsets it then reads as unsigned, and fails with an
 * {@code ArrayIndexOutOfBoundsException} (woven bodies of 50 to 64 KB meet it). With no forward jump
 * to widen, ASM never takes that path; backward jumps it widens correctly as it writes them. ASM's
 * own widening is smaller (8 bytes for a conditional jump, this takes 16), so the weaver tries it
 * first and comes here only when it fails. The class writer must compute frames: the {@code next}
 * labels become branch targets.
 */
final class FarJumps {
    private static final int MAX_FORWARD = Short.MAX_VALUE;
    /** {@code iconst_0; lookupswitch} with no keys: 1 + (1 + up to 3 padding + 4 + 4). */
    private static final int SWITCH_GOTO_SIZE = 13;
    /** An inverted conditional jump (3 bytes) before a switch goto. */
    private static final int SWITCH_IF_SIZE = 3 + SWITCH_GOTO_SIZE;
    /** A backward jump at its widest: an inverted conditional jump over a {@code goto_w}. */
    private static final int WIDE_BACKWARD_SIZE = 8;

    private FarJumps() {
    }

    /** Rewrites the far forward jumps of {@code m}; returns whether it changed anything. */
    static boolean rewrite(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        AbstractInsnNode[] nodes = insns.toArray();
        boolean[] far = new boolean[n];
        boolean any = false;
        // Converting a jump makes it longer, which can push other jumps out of range: repeat until
        // nothing changes. Sizes are upper bounds, so a jump kept short is surely in range.
        boolean changed = true;
        while (changed) {
            changed = false;
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) {
                start[i + 1] = start[i] + maxSize(nodes[i], i, far, insns);
            }
            for (int i = 0; i < n; i++) {
                if (!far[i] && nodes[i] instanceof JumpInsnNode) {
                    int target = insns.indexOf(((JumpInsnNode) nodes[i]).label);
                    if (target > i && start[target] - start[i] > MAX_FORWARD) {
                        far[i] = true;
                        changed = true;
                        any = true;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (far[i]) {
                replace(insns, (JumpInsnNode) nodes[i]);
            }
        }
        return any;
    }

    private static void replace(InsnList insns, JumpInsnNode jump) {
        InsnList seq = new InsnList();
        LabelNode next = null;
        if (jump.getOpcode() != Opcodes.GOTO) {
            next = new LabelNode();
            seq.add(new JumpInsnNode(inverse(jump.getOpcode()), next));
        }
        seq.add(new InsnNode(Opcodes.ICONST_0));
        seq.add(new LookupSwitchInsnNode(jump.label, new int[0], new LabelNode[0]));
        if (next != null) {
            seq.add(next);
        }
        insns.insertBefore(jump, seq);
        insns.remove(jump);
    }

    private static int inverse(int opcode) {
        switch (opcode) {
            case Opcodes.IFNULL:
                return Opcodes.IFNONNULL;
            case Opcodes.IFNONNULL:
                return Opcodes.IFNULL;
            case Opcodes.JSR:
                throw new IllegalArgumentException("jsr cannot be rewritten");
            default:
                // IFEQ..IF_ACMPNE come in pairs (eq/ne, lt/ge, gt/le) whose first has an odd opcode
                return (opcode & 1) == 1 ? opcode + 1 : opcode - 1;
        }
    }

    /** The most bytes {@code insn} can take in the written code. */
    private static int maxSize(AbstractInsnNode insn, int index, boolean[] far, InsnList insns) {
        switch (insn.getType()) {
            case AbstractInsnNode.LABEL:
            case AbstractInsnNode.LINE:
            case AbstractInsnNode.FRAME:
                return 0;
            case AbstractInsnNode.INSN:
                return 1;
            case AbstractInsnNode.INT_INSN:
                return ((IntInsnNode) insn).getOpcode() == Opcodes.SIPUSH ? 3 : 2;
            case AbstractInsnNode.VAR_INSN: {
                int var = ((VarInsnNode) insn).var;
                return var >= 256 ? 4 : var < 4 && insn.getOpcode() != Opcodes.RET ? 1 : 2;
            }
            case AbstractInsnNode.IINC_INSN: {
                IincInsnNode iinc = (IincInsnNode) insn;
                return iinc.var > 255 || iinc.incr > Byte.MAX_VALUE || iinc.incr < Byte.MIN_VALUE ? 6 : 3;
            }
            case AbstractInsnNode.TYPE_INSN:
            case AbstractInsnNode.FIELD_INSN:
            case AbstractInsnNode.LDC_INSN:
                return 3;
            case AbstractInsnNode.METHOD_INSN:
                return insn.getOpcode() == Opcodes.INVOKEINTERFACE ? 5 : 3;
            case AbstractInsnNode.INVOKE_DYNAMIC_INSN:
                return 5;
            case AbstractInsnNode.MULTIANEWARRAY_INSN:
                return 4;
            case AbstractInsnNode.TABLESWITCH_INSN:
                return 1 + 3 + 12 + 4 * ((TableSwitchInsnNode) insn).labels.size();
            case AbstractInsnNode.LOOKUPSWITCH_INSN:
                return 1 + 3 + 8 + 8 * ((LookupSwitchInsnNode) insn).keys.size();
            case AbstractInsnNode.JUMP_INSN: {
                if (far[index]) {
                    return insn.getOpcode() == Opcodes.GOTO ? SWITCH_GOTO_SIZE : SWITCH_IF_SIZE;
                }
                int target = insns.indexOf(((JumpInsnNode) insn).label);
                return target > index ? 3 : WIDE_BACKWARD_SIZE;
            }
            default:
                return WIDE_BACKWARD_SIZE;
        }
    }
}
