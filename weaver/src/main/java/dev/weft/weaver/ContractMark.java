package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Marks a woven class with the runtime contract it was woven for: the {@code @Woven(contract = N)}
 * annotation, and a call {@code Contract.check(N, TheClass.class)} at the start of its static
 * initializer (made if the class has none), so that a runtime implementing another contract refuses
 * the class, with a message saying what to do, before any of its woven code runs.
 */
final class ContractMark {
    private ContractMark() {
    }

    /** The marker annotation, for a woven class or a frame class. */
    static AnnotationNode annotation() {
        AnnotationNode a = new AnnotationNode(RuntimeContract.WOVEN);
        a.visit(RuntimeContract.WOVEN_CONTRACT, RuntimeContract.CONTRACT_VERSION);
        return a;
    }

    /** Annotates {@code cls} and makes its static initializer check the contract first. */
    static void mark(ClassNode cls) {
        if (cls.invisibleAnnotations == null) {
            cls.invisibleAnnotations = new java.util.ArrayList<>();
        }
        cls.invisibleAnnotations.add(annotation());
        MethodNode clinit = null;
        for (MethodNode m : cls.methods) {
            if (m.name.equals("<clinit>")) {
                clinit = m;
            }
        }
        if (clinit == null) {
            clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.instructions.add(new InsnNode(Opcodes.RETURN));
            cls.methods.add(clinit);
        }
        InsnList check = new InsnList();
        check.add(new LdcInsnNode(RuntimeContract.CONTRACT_VERSION));
        if ((cls.version & 0xFFFF) >= Opcodes.V1_5) {
            check.add(new LdcInsnNode(Type.getObjectType(cls.name)));
        } else {
            // no class constants before Java 5: the class, which this thread is initializing, by name
            check.add(new LdcInsnNode(cls.name.replace('/', '.')));
            check.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                    "(Ljava/lang/String;)Ljava/lang/Class;", false));
        }
        check.add(RuntimeContract.CONTRACT_CHECK.call());
        // first of all, before any label: a jump back to the old start still lands after the check,
        // and the stack is empty again where the old code begins, so its frames stay valid
        clinit.instructions.insert(check);
        clinit.maxStack = Math.max(clinit.maxStack, 2); // the initializer is written as it is, not recomputed
    }
}
