package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Picks the methods of a class to weave: its {@code @Async} methods and its lambdas that await.
 * Those that use {@code @Async} or {@code await} where they cannot work are reported by {@link Refusals}.
 */
final class AsyncMethods {
    private AsyncMethods() {
    }

    /** The methods to weave; every misuse found is reported to {@code diagnostics}. */
    static List<MethodNode> select(ClassNode cls, Diagnostics diagnostics) {
        List<MethodNode> selected = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            List<MethodInsnNode> awaits = AwaitCalls.in(m.instructions);
            Refusals.reportAwaitReferences(m, diagnostics);
            if (isAnnotatedAsync(m)) {
                if (Refusals.acceptsAsync(m, awaits, diagnostics)) {
                    selected.add(m);
                }
            } else if (!awaits.isEmpty()) {
                if (isLambda(m)) {
                    if (Refusals.acceptsLambda(m, awaits, diagnostics)) {
                        selected.add(m);
                    }
                } else if ((m.access & Opcodes.ACC_BRIDGE) == 0) {
                    Refusals.reportAwaitsOutsideAsync(m, awaits, diagnostics);
                }
            }
        }
        return selected;
    }

    static boolean isAnnotatedAsync(MethodNode m) {
        return has(m.visibleAnnotations) || has(m.invisibleAnnotations);
    }

    private static boolean has(List<AnnotationNode> annotations) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (RuntimeContract.ASYNC.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLambda(MethodNode m) {
        return (m.access & Opcodes.ACC_SYNTHETIC) != 0 && m.name.startsWith("lambda$");
    }
}
