package dev.weft.weaver;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Every reason the weaver refuses code, in one place, each with its message and the hint that says
 * what to do. Checks of a method's declaration report to {@link Diagnostics} (so one build lists
 * them all); checks of its analysed code throw a {@link WeaveFailure} that stops weaving it. Only
 * the refusals of {@link ConstructorArgumentHoister}, which need its analysis, are made there.
 */
final class Refusals {
    /** The most parameter slots a JVM method may have, {@code this} included (JVMS 4.3.3). */
    static final int MAX_PARAMETER_SLOTS = 255;

    private Refusals() {
    }

    // ---- declarations: reported, so that a build lists every problem of a class ------------

    /** Whether {@code m}, annotated {@code @Async}, can be woven; every reason it cannot is reported to {@code d}. */
    static boolean acceptsAsync(MethodNode m, List<MethodInsnNode> awaits, Diagnostics d) {
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
                        "declare it to return " + RuntimeContract.TASK.replace('/', '.')
                                + "<T>, java.util.concurrent.CompletableFuture<T> or"
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

    /** Whether a lambda that awaits can be woven: its functional method must return a task. */
    static boolean acceptsLambda(MethodNode m, List<MethodInsnNode> awaits, Diagnostics diagnostics) {
        if (RuntimeContract.isTaskType(Type.getReturnType(m.desc))) {
            return true;
        }
        diagnostics.error(m, awaits.get(0), "await() in " + diagnostics.describe(m)
                        + " whose functional method does not return Task, CompletionStage or CompletableFuture",
                "make the lambda return a task (for example a Supplier<Task<T>>), or move the await into an @Async method");
        return false;
    }

    /** Each await in a method that is neither {@code @Async} nor a lambda: nothing there can suspend. */
    static void reportAwaitsOutsideAsync(MethodNode m, List<MethodInsnNode> awaits, Diagnostics diagnostics) {
        for (MethodInsnNode call : awaits) {
            diagnostics.error(m, call, "await() in a method that is not @Async: " + diagnostics.describe(m),
                    "mark " + m.name + "() @Async and make it return Task, CompletionStage or CompletableFuture");
        }
    }

    /** {@code Weft::await} as a method reference cannot suspend its caller. */
    static void reportAwaitReferences(MethodNode m, Diagnostics d) {
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

    // ---- analysed code: the first refusal stops weaving the method ---------------------------

    /** Refuses an await where a monitor is held: a suspended method cannot hold one. */
    static void checkMonitors(MethodNode method, Flow flow, List<MethodInsnNode> awaits) throws WeaveFailure {
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

    /** Refuses a value live across {@code at} that no frame field can keep. */
    static void checkSaveable(AbstractInsnNode at, BasicValue value) throws WeaveFailure {
        if (value instanceof UninitializedValue) {
            // ConstructorArgumentHoister took every one out of the way of the awaits
            throw new WeaveFailure(at, "internal weaver error: an uninitialized object is live across await()",
                    "please report this with the class file");
        }
        if (value == BasicValue.RETURNADDRESS_VALUE) {
            throw new WeaveFailure(at, "await() inside a jsr subroutine (class file from a pre-Java-7 compiler)",
                    "recompile the class with a current compiler");
        }
    }

    /** A value below the awaited task on the operand stack that is no JVM value javac or ecj leaves there. */
    static WeaveFailure unusableStackValue(MethodInsnNode call) {
        return new WeaveFailure(call, "unusable value on the operand stack at await()",
                "this bytecode shape is not produced by javac or ecj; recompile the class");
    }

    /** Refuses a method whose parameters leave no slot for the body's frame parameter at {@code frameSlot}. */
    static void checkParameterSlots(int frameSlot, AbstractInsnNode firstAwait) throws WeaveFailure {
        if (frameSlot >= MAX_PARAMETER_SLOTS) {
            // the body takes the frame as one more parameter, and the JVM allows 255 slots in all
            throw new WeaveFailure(firstAwait, "too many parameters to weave: they take " + frameSlot
                    + " slots (this, and two for each long or double, included) and the woven method needs one more,"
                    + " over the JVM's limit of " + MAX_PARAMETER_SLOTS,
                    "pass fewer parameters, for example some of them grouped in an object");
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
