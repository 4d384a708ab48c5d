package dev.weft.weaver;

import org.objectweb.asm.Type;

/** The runtime's names as woven code sees them; the weaver does not depend on the runtime jar. */
final class Names {
    static final String ASYNC = "Ldev/weft/Async;";
    static final String WOVEN = "Ldev/weft/internal/Woven;";
    /** The element of {@link #WOVEN} that records the contract version. */
    static final String WOVEN_CONTRACT = "contract";
    static final String WEFT = "dev/weft/Weft";
    static final String TASK = "dev/weft/Task";
    static final String COROUTINE = "dev/weft/internal/Coroutine";
    /** The version of the runtime contract this weaver weaves for: the runtime's {@code Contract.VERSION}. */
    static final int CONTRACT_VERSION = 1;
    static final String CONTRACT = "dev/weft/internal/Contract";
    /** {@code Contract.check(int wovenFor, Class<?> wovenClass)}: frozen in every runtime. */
    static final String CONTRACT_CHECK = "check";
    static final String CONTRACT_CHECK_DESC = "(ILjava/lang/Class;)V";
    /** The frame's {@code String method()}: the woven method's source-level name, for reports. */
    static final String FRAME_METHOD_NAME = "method";
    static final String STAGE = "java/util/concurrent/CompletionStage";
    static final String FUTURE = "java/util/concurrent/CompletableFuture";
    static final String OBJECT = "java/lang/Object";
    static final String THROWABLE = "java/lang/Throwable";

    static final String AWAIT = "await";
    static final String AWAIT_TASK = "(L" + TASK + ";)Ljava/lang/Object;";
    static final String AWAIT_STAGE = "(L" + STAGE + ";)Ljava/lang/Object;";
    /** {@code await(task, IOException.class)}: the same await, declaring what it may throw. */
    static final String AWAIT_TASK_DECLARING = "(L" + TASK + ";Ljava/lang/Class;)Ljava/lang/Object;";
    static final String AWAIT_STAGE_DECLARING = "(L" + STAGE + ";Ljava/lang/Class;)Ljava/lang/Object;";

    static final Type TASK_TYPE = Type.getObjectType(TASK);
    static final Type STAGE_TYPE = Type.getObjectType(STAGE);
    static final Type FUTURE_TYPE = Type.getObjectType(FUTURE);

    private Names() {
    }

    static boolean isAwait(String owner, String name, String desc) {
        return WEFT.equals(owner) && AWAIT.equals(name) && (AWAIT_TASK.equals(desc) || AWAIT_STAGE.equals(desc)
                || AWAIT_TASK_DECLARING.equals(desc) || AWAIT_STAGE_DECLARING.equals(desc));
    }

    /** Whether an await call also passes the class of what it may throw. */
    static boolean isDeclaringAwait(String desc) {
        return AWAIT_TASK_DECLARING.equals(desc) || AWAIT_STAGE_DECLARING.equals(desc);
    }

    /** Whether a method returning {@code type} can be an async method. */
    static boolean isTaskType(Type type) {
        return type.equals(TASK_TYPE) || type.equals(STAGE_TYPE) || type.equals(FUTURE_TYPE);
    }
}
