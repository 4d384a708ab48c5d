package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Picks the methods of a class to weave, and reports the ones that use {@code @Async} or
 * {@code await} where they cannot work.
 */
final class AsyncMethods {
    private AsyncMethods() {
    }

    /** The methods to weave; every misuse found is reported to {@code diagnostics}. */
    static List<MethodNode> select(ClassNode cls, Diagnostics diagnostics) {
        List<MethodNode> selected = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            List<MethodInsnNode> awaits = MethodWeaver.awaitCalls(m.instructions);
            reportAwaitReferences(m, diagnostics);
            if (isAnnotatedAsync(m)) {
                if (checkAsync(m, awaits, diagnostics)) {
                    selected.add(m);
                }
            } else if (!awaits.isEmpty()) {
                if (isLambda(m)) {
                    if (RuntimeContract.isTaskType(Type.getReturnType(m.desc))) {
                        selected.add(m);
                    } else {
                        diagnostics.error(m, awaits.get(0), "await() in " + diagnostics.describe(m)
                                        + " whose functional method does not return Task, CompletionStage or CompletableFuture",
                                "make the lambda return a task (for example a Supplier<Task<T>>), or move the await into an @Async method");
                    }
                } else if ((m.access & Opcodes.ACC_BRIDGE) == 0) {
                    for (MethodInsnNode call : awaits) {
                        diagnostics.error(m, call, "await() in a method that is not @Async: " + diagnostics.describe(m),
                                "mark " + m.name + "() @Async and make it return Task, CompletionStage or CompletableFuture");
                    }
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

    private static boolean checkAsync(MethodNode m, List<MethodInsnNode> awaits, Diagnostics d) {
        if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
            // javac copies annotations to bridges, whose erased return type (Object for a
            // Supplier<Task<T>>) is no task type; the bridge only calls the real method, woven itself.
            return false;
        }
        String what = d.describe(m);
        if (m.name.equals("<init>") || m.name.equals("<clinit>")) {
            d.error(m, null, "@Async on a constructor: " + what,
                    "constructors cannot suspend; move the async work into an @Async factory or init method");
            return false;
        }
        if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
            d.error(m, null, "@Async on an abstract method: " + what,
                    "put @Async on the implementations, which have bodies that await");
            return false;
        }
        if ((m.access & Opcodes.ACC_NATIVE) != 0) {
            d.error(m, null, "@Async on a native method: " + what, "remove @Async");
            return false;
        }
        Type ret = Type.getReturnType(m.desc);
        if (!RuntimeContract.isTaskType(ret)) {
            String taskType = TASK_TYPES_BY_NAME.get(simpleName(ret));
            if (taskType != null) {
                // the user's own Task (or CompletionStage...): simple names alone would read as nonsense
                d.error(m, null, "@Async method must return Task, CompletionStage or CompletableFuture: " + what
                                + " returns " + ret.getClassName() + ", not " + taskType,
                        "declare it to return " + RuntimeContract.TASK.replace('/', '.') + "<T>, java.util.concurrent.CompletableFuture<T> or"
                                + " java.util.concurrent.CompletionStage<T>; a method declared CompletableFuture<T> or"
                                + " CompletionStage<T> can still return a " + ret.getClassName() + " that is one");
            } else {
                d.error(m, null, "@Async method must return Task, CompletionStage or CompletableFuture: " + what
                                + " returns " + Diagnostics.typeName(ret),
                        ret.getSort() == Type.VOID ? "declare it to return Task<Void> and return Task.done()"
                                : "declare it to return Task<" + boxed(ret) + "> and return Task.of(value)");
            }
            return false;
        }
        if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0 && !awaits.isEmpty()) {
            d.error(m, awaits.get(0), "await() inside a synchronized method: " + what,
                    "remove 'synchronized': a suspended method cannot hold a monitor; use a dev.weft Lock to guard async code");
            return false;
        }
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n.getOpcode() == Opcodes.JSR || n.getOpcode() == Opcodes.RET) {
                d.error(m, n, what + " uses jsr/ret subroutines (a class file from a pre-Java-7 compiler)",
                        "recompile the class with a current compiler (--release 8 or later)");
                return false;
            }
        }
        return true;
    }

    /** {@code Weft::await} as a method reference cannot suspend its caller. */
    private static void reportAwaitReferences(MethodNode m, Diagnostics d) {
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof InvokeDynamicInsnNode) {
                for (Object arg : ((InvokeDynamicInsnNode) n).bsmArgs) {
                    if (arg instanceof Handle) {
                        Handle h = (Handle) arg;
                        if (RuntimeContract.isAwait(h.getOwner(), h.getName(), h.getDesc())) {
                            d.error(m, n, "Weft::await used as a method reference in " + d.describe(m),
                                    "call await(...) directly inside an @Async method or task-returning lambda");
                        }
                    }
                }
            }
        }
    }

    /** The types an @Async method may return, by simple name. */
    private static final Map<String, String> TASK_TYPES_BY_NAME = Map.of(
            "Task", RuntimeContract.TASK.replace('/', '.'),
            "CompletionStage", "java.util.concurrent.CompletionStage",
            "CompletableFuture", "java.util.concurrent.CompletableFuture");

    /** A class's name in source ({@code Task} for {@code com.acme.Jobs$Task}); "" for other types. */
    private static String simpleName(Type t) {
        if (t.getSort() != Type.OBJECT) {
            return "";
        }
        String n = t.getClassName();
        return n.substring(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1);
    }

    private static String boxed(Type t) {
        switch (t.getSort()) {
            case Type.INT: return "Integer";
            case Type.CHAR: return "Character";
            case Type.BOOLEAN: return "Boolean";
            case Type.BYTE: return "Byte";
            case Type.SHORT: return "Short";
            case Type.LONG: return "Long";
            case Type.FLOAT: return "Float";
            case Type.DOUBLE: return "Double";
            default: return Diagnostics.typeName(t);
        }
    }
}
