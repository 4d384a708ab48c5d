package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * An async method being woven, with what every pass needs to know about it: its owner, whether it
 * is static, what it returns, and where the body's frame parameter goes.
 */
final class TargetMethod {
    final String owner;
    final boolean ownerIsInterface;
    final MethodNode method;
    final boolean isStatic;
    final ReturnKind kind;
    /** The frame parameter's slot in the body: right after the original parameters. */
    final int frameSlot;

    TargetMethod(ClassNode owner, MethodNode method) {
        this.owner = owner.name;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        this.method = method;
        this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        this.kind = ReturnKind.of(Type.getReturnType(method.desc));
        this.frameSlot = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);
    }

    /** Where a local of the method lives in the body: every slot from the frame parameter's on moves up one. */
    int bodySlot(int slot) {
        return slot >= frameSlot ? slot + 1 : slot;
    }
}
