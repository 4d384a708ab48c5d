package dev.weft;

/** When {@link Weft#waitTasks(java.util.Collection, ReturnWhen)} returns (asyncio's {@code return_when}). */
public enum ReturnWhen {
    /** As soon as any task is done (or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any task fails (a cancellation is not a failure), or when all are done. */
    FIRST_EXCEPTION,
    /** When every task is done. */
    ALL_COMPLETED
}
