package dev.weft.weaver;

import org.objectweb.asm.Type;

/** What an async method is declared to return, which decides what its caller gets. */
enum ReturnKind {
    TASK, STAGE, FUTURE;

    static ReturnKind of(Type returnType) {
        if (returnType.equals(Names.TASK_TYPE)) {
            return TASK;
        }
        return returnType.equals(Names.STAGE_TYPE) ? STAGE : FUTURE;
    }

    /** The runtime method that turns an early failure into the declared type. */
    String failedFactory() {
        return this == TASK ? "failedTask" : "failedFuture";
    }

    String failedFactoryDesc() {
        return this == TASK ? "(Ljava/lang/Throwable;)L" + Names.TASK + ";"
                : "(Ljava/lang/Throwable;)L" + Names.FUTURE + ";";
    }
}
