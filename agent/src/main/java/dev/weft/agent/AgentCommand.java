package dev.weft.agent;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * In the target JVM: runs a request of {@code java -jar weft-agent.jar <command> <pid>} that came as
 * the agent argument, and sends the answer to the tool's loopback socket. Weaves nothing: the agent
 * loaded for a command installs no transformer.
 *
 * <p>The work runs on a daemon thread of its own, so that the JVM's attach listener, which called
 * {@code agentmain}, is free at once whatever the runtime does; the tool waits for the answer.
 */
final class AgentCommand {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private AgentCommand() {
    }

    /** Starts answering the request in {@code agentArgs}; a malformed one is reported on stderr. */
    static void start(String agentArgs, Instrumentation inst) {
        AgentRequest request;
        try {
            request = AgentRequest.parse(agentArgs);
        } catch (IllegalArgumentException e) {
            // Nobody to answer: say it where the target's user looks.
            System.err.println(Reporter.PREFIX + e.getMessage());
            return;
        }
        Thread thread = new Thread(() -> answer(request, inst::getAllLoadedClasses), "weft-agent " + request.command);
        thread.setDaemon(true);
        thread.start();
    }

    /** Computes the answer to {@code request} and sends it; if the tool is gone, nobody is told. */
    static void answer(AgentRequest request, Supplier<Class<?>[]> loadedClasses) {
        Answer answer;
        if (request.command.equals("tasks")) {
            answer = LoadedRuntimes.tasks(loadedClasses.get());
        } else {
            answer = new Answer(Answer.FAILED, "", "the agent knows no command '" + request.command + "'\n");
        }
        try (Socket socket = new Socket()) {
            // host is the tool's literal loopback address: no name lookup happens.
            socket.connect(new InetSocketAddress(InetAddress.getByName(request.host), request.port), CONNECT_TIMEOUT_MILLIS);
            answer.writeTo(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), request.token);
        } catch (IOException e) {
            // The tool timed out or was killed: the target has nothing to do about it.
        }
    }
}
