package dev.weft.weaver;

/**
 * How the {@link Weaver} weaves, beyond what the class files say. Immutable; the defaults weave for
 * production: a suspended invocation keeps only the values its method reads after the await.
 *
 * <pre>{@code
 * Weaver forDebugging = new Weaver(lookup, WeaveOptions.defaults().withKeepLocals(true));
 * }</pre>
 *
 * The Maven plugin and the agent take the same options, and the same options give the same bytes.
 */
public final class WeaveOptions {
    private static final WeaveOptions DEFAULTS = new WeaveOptions(false);

    private final boolean keepLocals;

    private WeaveOptions(boolean keepLocals) {
        this.keepLocals = keepLocals;
    }

    /**
     * The defaults: locals the method no longer reads after an await are not kept.
     *
     * @return the default options
     */
    public static WeaveOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options, keeping every local or not. Kept, every local that is in scope (in the class's
     * LocalVariableTable, so compiled with {@code -g}, Maven's default) and holds a value at an await
     * is saved and restored, even one the method no longer reads: a debugger then shows every local
     * with its value on a line after an await that suspended. It costs a field store and load per
     * such local at each suspension, and keeps their values reachable while suspended.
     *
     * @param keep whether to keep every local in scope across awaits
     * @return options that keep locals as said
     */
    public WeaveOptions withKeepLocals(boolean keep) {
        return keep == keepLocals ? this : new WeaveOptions(keep);
    }

    /**
     * Whether every local in scope is kept across awaits (see {@link #withKeepLocals}).
     *
     * @return true if every local in scope is kept
     */
    public boolean isKeepLocals() {
        return keepLocals;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeaveOptions && ((WeaveOptions) o).keepLocals == keepLocals;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(keepLocals);
    }

    @Override
    public String toString() {
        return "WeaveOptions[keepLocals=" + keepLocals + "]";
    }
}
