package dev.weft.weaver;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;

/** Walks instruction lists past the pseudo-instructions ASM puts in them: labels, line numbers, frames. */
final class Instructions {
    private Instructions() {
    }

    /** The first instruction after {@code insn} that is not a label, line number or frame; null if none. */
    static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    /** Removes the stack map frames: the weaver computes them anew for the code it writes. */
    static void stripFrames(InsnList insns) {
        for (AbstractInsnNode n = insns.getFirst(); n != null; ) {
            AbstractInsnNode next = n.getNext();
            if (n instanceof FrameNode) {
                insns.remove(n);
            }
            n = next;
        }
    }
}
