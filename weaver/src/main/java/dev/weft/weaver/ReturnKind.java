package dev.weft.weaver;

import org.objectweb.asm.Type;

/** What an async method is declared to return, which decides what its caller gets. */
enum ReturnKind {
    TASK, STAGE, FUTURE;

    static ReturnKind of(Type returnType) {
        if (returnType.equals(RuntimeContract.TASK_TYPE)) {
            return TASK;
        }
        return returnType.equals(RuntimeContract.STAGE_TYPE) ? STAGE : FUTURE;
    }

    /** The runtime method that turns an early failure into the declared type. */
    RuntimeContract.Member failedFactory() {
        return this == TASK ? RuntimeContract.FAILED_TASK : RuntimeContract.FAILED_FUTURE;
    }
}
