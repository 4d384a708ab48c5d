package dev.weft;

/**
 * Thrown by {@code await} reached in code that was not woven: the class was not given to the
 * weaver (no Maven plugin, no agent), or the weaver refused it and said why (the build failed, or
 * the agent printed the reason on stderr and loaded the class as it was). The message names the
 * calling method and line, and under the agent the reason it left that class unwoven.
 *
 * <pre>{@code
 * @Async Task<Integer> count() {
 *     try {
 *         return Task.of(await(fetchCount()));
 *     } catch (RuntimeException e) {
 *         return Task.of(-1);     // never reached for a class that was not woven: the error passes
 *     }
 * }
 * }</pre>
 *
 * <p><b>Why it is an {@link Error}.</b> Woven, that await would suspend and give the result or the
 * awaited exception; unwoven it can give neither. An ordinary exception would be caught by the code
 * around the await, as in the example, which would go on with a wrong answer. Like
 * {@link CancelledException} it passes {@code catch (Exception e)} and ends the task, and
 * {@link Weft#run}, with the reason: it is a problem of the build or of the deployment, to fix, not
 * to handle. Cancelling has nothing to do with it.
 */
public final class NotWovenError extends Error {
    private static final long serialVersionUID = 1L;
    private static final String AGENT_REFUSALS = "dev.weft.agent.Refusals";

    NotWovenError(String message) {
        super(message);
    }

    /** The error for an await called by the first caller outside the runtime on this thread's stack. */
    static NotWovenError ofCaller() {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> f.getClassName().equals(Weft.class.getName())
                        || f.getClassName().equals(NotWovenError.class.getName()))
                .findFirst().orElse(null));
        String where = caller == null ? "unknown" : caller.getClassName() + "." + caller.getMethodName()
                + (caller.getLineNumber() > 0 ? " (" + caller.getFileName() + ":" + caller.getLineNumber() + ")" : "");
        String refused = caller == null ? null : agentReason(caller.getClassName());
        return new NotWovenError("await() was called from code that was not woven: " + where + ". "
                + (refused != null ? "The weft agent left " + caller.getClassName() + " unwoven: " + refused
                : "Mark the method @Async and weave it: add the weft-maven-plugin (goal weave) to the build,"
                        + " or run with -javaagent:weft-agent.jar"));
    }

    /**
     * Why the weft agent left {@code className} unwoven, if it runs in this JVM and did. The agent
     * lives in the system class loader (-javaagent) and the runtime does not depend on it, hence
     * the reflection; this is the cold path of a failed program.
     */
    private static String agentReason(String className) {
        try {
            Class<?> refusals = Class.forName(AGENT_REFUSALS, true, ClassLoader.getSystemClassLoader());
            Object reason = refusals.getMethod("reasonFor", String.class).invoke(null, className);
            return reason instanceof String ? (String) reason : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // no agent, or not one that keeps its reasons
        }
    }
}
