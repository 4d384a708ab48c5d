package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Every runtime class and member that woven code uses or the weaver recognises, in one place: the
 * weaver does not depend on the runtime jar, so these names are the whole contract between them.
 * {@code RuntimeContractTest} checks each entry against the runtime by reflection.
 */
final class RuntimeContract {
    // ---- runtime classes -------------------------------------------------------------------
    static final String WEFT = "dev/weft/Weft";
    static final String TASK = "dev/weft/Task";
    static final String TASK_GROUP = "dev/weft/TaskGroup";
    /** The superclass of every generated frame class. */
    static final String COROUTINE = "dev/weft/internal/Coroutine";
    /** Marks the methods to weave. */
    static final String ASYNC = "Ldev/weft/Async;";
    /** Marks a class as woven (and every frame class), so that it is never woven twice. */
    static final String WOVEN = "Ldev/weft/internal/Woven;";
    /**
     * The marker of Weft 0.x, before the contract had a version: such a class calls runtime members
     * that no longer exist, so the weaver refuses it rather than leave it alone or weave it twice.
     */
    static final String UNVERSIONED_WOVEN = "Ldev/weft/Woven;";
    /** The element of {@link #WOVEN} that records the contract version the class was woven for. */
    static final String WOVEN_CONTRACT = "contract";
    /** The debug table on every frame class (read reflectively by the runtime; its Javadoc is the format). */
    static final String DEBUG_METADATA = "Ldev/weft/internal/DebugMetadata;";
    /** Frame classes are named {@code Owner$weft$method$index} (the runtime names them by {@link #FRAME_METHOD}). */
    static final String FRAME_CLASS_INFIX = "$weft$";

    // ---- the contract's version and its check: the runtime's dev.weft.internal.Contract ------
    static final String CONTRACT = "dev/weft/internal/Contract";
    /** The contract version this weaver weaves for: {@code Contract.VERSION} of the runtime it belongs to. */
    static final int CONTRACT_VERSION = 4;
    /** {@code Contract.check(int wovenFor, Class<?> wovenClass)}, first in every woven class's static initializer; frozen. */
    static final Member CONTRACT_CHECK = method(CONTRACT, "check", "(ILjava/lang/Class;)V", true);

    // ---- JDK classes the contract's descriptors and task types name -------------------------
    static final String STAGE = "java/util/concurrent/CompletionStage";
    static final String FUTURE = "java/util/concurrent/CompletableFuture";
    static final String OBJECT = "java/lang/Object";
    static final String THROWABLE = "java/lang/Throwable";

    static final Type TASK_TYPE = Type.getObjectType(TASK);
    static final Type STAGE_TYPE = Type.getObjectType(STAGE);
    static final Type FUTURE_TYPE = Type.getObjectType(FUTURE);

    // ---- Weft: the awaits the weaver rewrites ------------------------------------------------
    static final Member AWAIT_TASK = method(WEFT, "await", "(L" + TASK + ";)Ljava/lang/Object;", true);
    static final Member AWAIT_STAGE = method(WEFT, "await", "(L" + STAGE + ";)Ljava/lang/Object;", true);
    /** {@code await(task, IOException.class)}: the same await, declaring what it may throw. */
    static final Member AWAIT_TASK_DECLARING =
            method(WEFT, "await", "(L" + TASK + ";Ljava/lang/Class;)Ljava/lang/Object;", true);
    static final Member AWAIT_STAGE_DECLARING =
            method(WEFT, "await", "(L" + STAGE + ";Ljava/lang/Class;)Ljava/lang/Object;", true);

    /** {@code Weft.sleep(long)} and {@code Weft.sleep(Duration)}: awaited at once, they become {@link #SLEEP_AWAITED_MILLIS}. */
    static final Member SLEEP_MILLIS = method(WEFT, "sleep", "(J)L" + TASK + ";", true);
    static final Member SLEEP_DURATION = method(WEFT, "sleep", "(Ljava/time/Duration;)L" + TASK + ";", true);

    /** {@code Task.of(value)} and {@code Task.done()}: returned at once from a body, they become {@link #RETURNED}. */
    static final Member TASK_OF = method(TASK, "of", "(Ljava/lang/Object;)L" + TASK + ";", true);
    static final Member TASK_DONE = method(TASK, "done", "()L" + TASK + ";", true);

    // ---- methods whose task the runtime keeps (dropping it is no forgotten await) -----------
    static final List<Member> KEPT_BY_RUNTIME = List.of(
            method(WEFT, "createTask", "(Ljava/util/function/Supplier;)L" + TASK + ";", true),
            method(WEFT, "createTask", "(Ljava/util/function/Supplier;Ljava/lang/String;)L" + TASK + ";", true),
            method(WEFT, "createLocalTask", "(Ljava/util/function/Supplier;)L" + TASK + ";", true),
            method(WEFT, "createLocalTask", "(Ljava/util/function/Supplier;Ljava/lang/String;)L" + TASK + ";", true),
            method(TASK_GROUP, "createTask", "(Ljava/util/function/Supplier;)L" + TASK + ";", false),
            method(TASK_GROUP, "createTask", "(Ljava/util/function/Supplier;Ljava/lang/String;)L" + TASK + ";", false));

    // ---- Coroutine: what woven bodies and frame classes call ---------------------------------
    static final Member COROUTINE_INIT = method(COROUTINE, "<init>", "()V", false);
    /** Overridden by each frame class to re-enter the woven body. */
    static final Member STEP = method(COROUTINE, "step", "()Ljava/lang/Object;", false);
    /** Overridden by each frame class to name the woven method, {@code "pkg.Owner.method"}, in reports. */
    static final Member FRAME_METHOD = method(COROUTINE, "method", "()Ljava/lang/String;", false);
    /** The suspend point to resume at, read by the body's prologue. */
    static final Member LABEL = field(COROUTINE, "label", "I", false);
    static final Member IS_DONE_TASK = method(COROUTINE, "isDone", "(L" + TASK + ";)Z", true);
    static final Member IS_DONE_STAGE = method(COROUTINE, "isDone", "(L" + STAGE + ";)Z", true);
    static final Member VALUE_OF_TASK = method(COROUTINE, "valueOf", "(L" + TASK + ";)Ljava/lang/Object;", true);
    static final Member VALUE_OF_STAGE = method(COROUTINE, "valueOf", "(L" + STAGE + ";)Ljava/lang/Object;", true);
    static final Member SUSPEND_TASK = method(COROUTINE, "suspend", "(L" + TASK + ";I)Z", false);
    static final Member SUSPEND_STAGE = method(COROUTINE, "suspend", "(L" + STAGE + ";I)Z", false);
    static final Member RESUME_VALUE = method(COROUTINE, "resumeValue", "()Ljava/lang/Object;", false);
    static final Member SUSPENDED_FUTURE = method(COROUTINE, "suspendedFuture", "()L" + FUTURE + ";", false);
    static final Member FAILED_TASK = method(COROUTINE, "failedTask", "(L" + THROWABLE + ";)L" + TASK + ";", true);
    static final Member FAILED_FUTURE = method(COROUTINE, "failedFuture", "(L" + THROWABLE + ";)L" + FUTURE + ";", true);
    /** Contract 2: {@code await(sleep(ms))} calls this instead of {@link #SLEEP_MILLIS} (see {@link SleepAwaits}). */
    static final Member SLEEP_AWAITED_MILLIS = method(COROUTINE, "sleepAwaited", SLEEP_MILLIS.descriptor, true);
    /** Contract 2: {@code await(sleep(duration))} calls this instead of {@link #SLEEP_DURATION}. */
    static final Member SLEEP_AWAITED_DURATION = method(COROUTINE, "sleepAwaited", SLEEP_DURATION.descriptor, true);

    /** Contract 3: {@code return Task.of(v)} in a body calls this with the frame instead of {@link #TASK_OF} (see {@link ValueReturns}). */
    static final Member RETURNED = method(COROUTINE, "returned",
            "(Ljava/lang/Object;L" + COROUTINE + ";)L" + TASK + ";", true);

    private static final List<Member> AWAITS = List.of(AWAIT_TASK, AWAIT_STAGE, AWAIT_TASK_DECLARING, AWAIT_STAGE_DECLARING);

    private RuntimeContract() {
    }

    /** One runtime method or field: a method's descriptor starts with '('. */
    static final class Member {
        final String owner;
        final String name;
        final String descriptor;
        final boolean isStatic;

        Member(String owner, String name, String descriptor, boolean isStatic) {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
        }

        boolean isMethod() {
            return descriptor.startsWith("(");
        }

        boolean is(String owner, String name, String descriptor) {
            return this.owner.equals(owner) && this.name.equals(name) && this.descriptor.equals(descriptor);
        }

        /** A call of this method: {@code invokestatic} or {@code invokevirtual}. */
        MethodInsnNode call() {
            return new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKEVIRTUAL, owner, name, descriptor,
                    false);
        }

        /** A read of this instance field. */
        FieldInsnNode get() {
            return new FieldInsnNode(Opcodes.GETFIELD, owner, name, descriptor);
        }

        @Override
        public String toString() {
            return (isStatic ? "static " : "") + owner + "." + name + descriptor;
        }
    }

    /** Every member above, for the reflective check. */
    static List<Member> members() {
        List<Member> all = new ArrayList<>(AWAITS);
        all.addAll(KEPT_BY_RUNTIME);
        all.addAll(List.of(CONTRACT_CHECK, COROUTINE_INIT, STEP, FRAME_METHOD, LABEL, IS_DONE_TASK, IS_DONE_STAGE, VALUE_OF_TASK, VALUE_OF_STAGE,
                SUSPEND_TASK, SUSPEND_STAGE, RESUME_VALUE, SUSPENDED_FUTURE, FAILED_TASK, FAILED_FUTURE,
                SLEEP_MILLIS, SLEEP_DURATION, SLEEP_AWAITED_MILLIS, SLEEP_AWAITED_DURATION, TASK_OF, TASK_DONE, RETURNED));
        return all;
    }

    private static Member method(String owner, String name, String descriptor, boolean isStatic) {
        return new Member(owner, name, descriptor, isStatic);
    }

    private static Member field(String owner, String name, String descriptor, boolean isStatic) {
        return new Member(owner, name, descriptor, isStatic);
    }

    static boolean isAwait(String owner, String name, String desc) {
        for (Member await : AWAITS) {
            if (await.is(owner, name, desc)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an await call also passes the class of what it may throw. */
    static boolean isDeclaringAwait(String desc) {
        return AWAIT_TASK_DECLARING.descriptor.equals(desc) || AWAIT_STAGE_DECLARING.descriptor.equals(desc);
    }

    /** Whether a call's task is kept by the runtime: background and group tasks. */
    static boolean isKeptByRuntime(String owner, String name, String desc) {
        for (Member m : KEPT_BY_RUNTIME) {
            if (m.is(owner, name, desc)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a method returning {@code type} can be an async method. */
    static boolean isTaskType(Type type) {
        return type.equals(TASK_TYPE) || type.equals(STAGE_TYPE) || type.equals(FUTURE_TYPE);
    }
}
