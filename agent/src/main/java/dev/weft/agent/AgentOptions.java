package dev.weft.agent;

import dev.weft.weaver.WeaveOptions;

/**
 * The agent's options, from its argument string: {@code -javaagent:weft-agent.jar=keepLocals}. Options
 * are separated by commas; a boolean option is {@code name} (true) or {@code name=true|false}.
 *
 * <ul>
 *   <li>{@code keepLocals}: keep every local in scope across awaits, so that a debugger shows each with
 *       its value after an await that suspended (the Maven plugin's {@code keepLocals}; the same option
 *       gives the same classes by either route). Default false.</li>
 * </ul>
 *
 * An unknown option or a bad value is refused, naming it and listing the options: {@link #parseOrExit}
 * (premain) prints that on stderr and stops the JVM with exit code 1, as the JVM does for an option it
 * does not know, rather than run with a misspelt option ignored.
 */
final class AgentOptions {
    static final AgentOptions DEFAULTS = new AgentOptions(WeaveOptions.defaults());

    private static final String KEEP_LOCALS = "keepLocals";
    private static final String USAGE = "the options are: " + KEEP_LOCALS + "[=true|false], separated by commas";

    private final WeaveOptions weaveOptions;

    private AgentOptions(WeaveOptions weaveOptions) {
        this.weaveOptions = weaveOptions;
    }

    /** How the agent weaves. */
    WeaveOptions weaveOptions() {
        return weaveOptions;
    }

    /**
     * Parses the agent's argument string; null or blank gives the defaults.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static AgentOptions parse(String args) {
        if (args == null || args.trim().isEmpty()) {
            return DEFAULTS;
        }
        WeaveOptions options = WeaveOptions.defaults();
        for (String option : args.split(",", -1)) {
            String o = option.trim();
            int eq = o.indexOf('=');
            String name = eq < 0 ? o : o.substring(0, eq).trim();
            String value = eq < 0 ? null : o.substring(eq + 1).trim();
            if (!name.equals(KEEP_LOCALS)) {
                throw new IllegalArgumentException("unknown agent option '" + o + "' in '" + args + "'; " + USAGE);
            }
            options = options.withKeepLocals(bool(name, value, args));
        }
        return new AgentOptions(options);
    }

    /**
     * The options of {@code -javaagent:weft-agent.jar=ARGS}; for bad ones, a message on stderr and exit
     * code 1 (an exception out of premain would make the JVM abort with a native stack dump).
     */
    static AgentOptions parseOrExit(String args) {
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(Reporter.PREFIX + e.getMessage() + "; the JVM stops");
            System.exit(1);
            throw e; // not reached
        }
    }

    private static boolean bool(String name, String value, String args) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("agent option " + name + " takes true or false, not '" + value
                + "' (in '" + args + "'); " + USAGE);
    }

    @Override
    public String toString() {
        return "AgentOptions[" + KEEP_LOCALS + "=" + weaveOptions.isKeepLocals() + "]";
    }
}
