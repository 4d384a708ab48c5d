package dev.weft.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code java -jar weft-agent.jar tasks <pid>} asks of the agent it loads into the target JVM,
 * as the agent argument string: the command, the loopback address and port to send the answer to,
 * and a token the answer starts with, so that the tool reads its own agent's answer and nobody else's.
 *
 * <p>The form, {@code weft-command=tasks;answer=127.0.0.1:41234;token=<32 hex digits>}, cannot be
 * mistaken for agent options, which never start with {@code weft-command=}.
 */
final class AgentRequest {
    static final String PREFIX = "weft-command=";
    private static final Pattern FORM = Pattern.compile(
            Pattern.quote(PREFIX) + "(\\w+);answer=(.+):(\\d{1,5});token=(\\p{XDigit}{32})");

    final String command;
    final String host;
    final int port;
    final String token;

    AgentRequest(String command, String host, int port, String token) {
        this.command = command;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    /** True if the agent argument is a request of the tool rather than agent options. */
    static boolean isRequest(String agentArgs) {
        return agentArgs != null && agentArgs.startsWith(PREFIX);
    }

    /**
     * Reads a request from its agent argument.
     *
     * @throws IllegalArgumentException if the argument is not a well-formed request
     */
    static AgentRequest parse(String agentArgs) {
        Matcher m = FORM.matcher(agentArgs);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a weft-agent request: " + agentArgs);
        }
        return new AgentRequest(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4));
    }

    /** The agent argument string that {@link #parse} reads back. */
    String format() {
        return PREFIX + command + ";answer=" + host + ":" + port + ";token=" + token;
    }
}
