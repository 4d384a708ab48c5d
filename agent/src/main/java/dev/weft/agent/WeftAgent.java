package dev.weft.agent;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Weaves {@code @Async} classes as they are loaded, in every class loader, so that an application
 * runs woven without the Maven plugin.
 *
 * <p>On the command line:
 * <pre>
 * java -javaagent:weft-agent.jar -cp app.jar:weft-runtime.jar com.acme.Main
 * </pre>
 *
 * <p>From code (tests, IDE runs), before the classes with {@code @Async} methods are loaded:
 * <pre>{@code
 * public static void main(String[] args) {
 *     WeftAgent.install();                        // self-attach; does nothing if already installed
 *     Weft.run(() -> new Fetcher().main());       // Fetcher is loaded, and woven, from here on
 * }
 * }</pre>
 *
 * <p>Self-attach needs a JDK (the {@code jdk.attach} module), and JDK 21 and later print a warning
 * about a dynamically loaded agent unless the JVM runs with {@code -XX:+EnableDynamicAgentLoading}.
 * Classes already loaded when the agent is installed stay as they are. Classes of the boot and
 * platform class loaders are not woven. A class that cannot be woven is reported on stderr once, with its source file
 * and line, prefixed {@code [weft] }, and loaded unwoven; its {@code await()} calls then throw.
 * {@code -Dweft.dump=DIR} writes the woven classes and their frame classes under {@code DIR}.
 */
public final class WeftAgent {
    private static Instrumentation installed;

    private WeftAgent() {
    }

    /**
     * Entry point for {@code -javaagent:weft-agent.jar}, or {@code -javaagent:weft-agent.jar=keepLocals}
     * to keep every local across awaits for a debugger. An unknown option stops the JVM with exit
     * code 1 and a message on stderr naming it.
     *
     * @param args the agent's options, comma-separated: {@code keepLocals[=true|false]}
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        installOn(inst, AgentOptions.parseOrExit(args));
    }

    /**
     * Entry point for an agent attached to a running JVM.
     *
     * @param args the agent's options (none are read)
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        installOn(inst);
    }

    /**
     * Attaches the agent to the running JVM unless it is installed already; classes loaded from then
     * on are woven.
     *
     * @throws IllegalStateException if the JVM does not allow attaching (no {@code jdk.attach} module,
     *         or {@code -XX:-EnableDynamicAgentLoading})
     */
    public static synchronized void install() {
        if (installed == null) {
            installOn(ByteBuddyAgent.install());
        }
    }

    /**
     * True once the agent is installed in this JVM (by {@code -javaagent} or {@link #install()}).
     *
     * @return true if the agent is installed
     */
    public static synchronized boolean isInstalled() {
        return installed != null;
    }

    static synchronized void installOn(Instrumentation inst) {
        installOn(inst, AgentOptions.DEFAULTS);
    }

    static synchronized void installOn(Instrumentation inst, AgentOptions options) {
        if (installed != null) {
            return;
        }
        // The definer opens at the first class to weave: start-up of classes without @Async stays cheap.
        inst.addTransformer(new WeavingTransformer(new LazyDefiner(inst), Reporter.toStandardError(),
                ClassDump.fromSystemProperty(), options.weaveOptions()));
        installed = inst;
    }
}
