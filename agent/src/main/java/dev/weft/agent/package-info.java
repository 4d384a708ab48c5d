/**
 * The java agent: weaves {@code @Async} classes as they are loaded, in every class loader, with the
 * same weaver as the Maven plugin.
 *
 * <pre>{@code
 * java -javaagent:weft-agent.jar -cp app.jar:weft-runtime.jar com.acme.Main
 * }</pre>
 *
 * <p>For tests and IDE runs there is no command-line flag to add: with {@code weft-agent} on the test
 * class path, JUnit's launcher installs the agent ({@link dev.weft.agent.WeftLauncherSessionListener});
 * {@link dev.weft.agent.WeftExtension} does it for one test class, and
 * {@link dev.weft.agent.WeftAgent#install()} from a {@code main}. A class that cannot be woven is
 * reported once on stderr and loaded unwoven; its awaits then throw {@code NotWovenError} with the
 * reason ({@link dev.weft.agent.Refusals}). The agent jar carries its own ASM and Byte Buddy,
 * relocated under {@code dev.weft.agent.shaded}; the runtime stays on the application's class path.
 *
 * <p>The jar is also a tool: {@code java -jar weft-agent.jar tasks <pid>} prints the task dump of
 * every Weft event loop running in another JVM, attached to while it runs.
 */
package dev.weft.agent;
