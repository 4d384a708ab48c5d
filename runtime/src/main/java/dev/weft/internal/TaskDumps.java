package dev.weft.internal;

/**
 * Not for users: task dumps for tools. {@link #everyLoop()} is what the agent's
 * {@code java -jar weft-agent.jar tasks <pid>} command calls, by reflection, in a running JVM.
 * Programs call {@link dev.weft.Weft#dumpTasks(Appendable)} instead.
 */
public final class TaskDumps {
    private TaskDumps() {
    }

    /**
     * The task dump ({@link dev.weft.Weft#dumpTasks(Appendable)}) of every event loop of this
     * runtime that has not closed yet: a {@code Weft.run} loop alone, the loops of a
     * {@code Weft.runParallel} group together, in the order they were made; "No Weft event loop is
     * running in this JVM." if there is none. Safe from any thread: each loop is asked to describe
     * its own tasks and given a second to answer; one that does not (it is blocked) is read from the
     * calling thread while it runs, and its dump says so. Never throws for a loop's sake.
     *
     * @return the dumps, one after another, each ending with a newline
     */
    public static String everyLoop() {
        RuntimeAccess access = RuntimeAccess.get();
        // installed when dev.weft.Task initializes, which any loop's first task does
        return access == null ? "No Weft event loop is running in this JVM.\n" : access.dumpEveryLoop();
    }
}
