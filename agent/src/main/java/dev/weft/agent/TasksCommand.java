package dev.weft.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;

/**
 * {@code java -jar weft-agent.jar tasks <pid>}: attaches to the JVM of process {@code pid}, loads
 * the agent jar into it with a request ({@link AgentRequest}), and prints the dump it answers with
 * on the loopback socket ({@link AnswerChannel}): every task of every running Weft loop there.
 *
 * <p>The only class of the agent that uses {@code jdk.attach}: {@link AgentTool} checks that the
 * module is there before it loads this one.
 */
final class TasksCommand {
    /** Long enough for a loop that does not answer (the runtime waits about a second for each). */
    static final long ANSWER_TIMEOUT_MILLIS = 30_000;

    private final Path agentJar;
    private final long answerTimeoutMillis;

    TasksCommand(Path agentJar, long answerTimeoutMillis) {
        this.agentJar = agentJar;
        this.answerTimeoutMillis = answerTimeoutMillis;
    }

    /** Runs the command; returns the tool's exit status (0: dump printed, 1: it could not be). */
    int run(long pid, PrintStream out, PrintStream err) {
        if (!ProcessHandle.of(pid).isPresent()) {
            err.println("no process " + pid + " is running");
            return 1;
        }
        Answer answer;
        try (AnswerChannel channel = AnswerChannel.open()) {
            if (!load(pid, channel.request("tasks").format(), err)) {
                return 1;
            }
            answer = channel.receive(answerTimeoutMillis);
        } catch (SocketTimeoutException e) {
            err.println("process " + pid + " did not answer within " + answerTimeoutMillis / 1000 + " s");
            return 1;
        } catch (IOException e) {
            err.println("cannot read the answer of process " + pid + ": " + e.getMessage());
            return 1;
        }
        if (answer.status == Answer.NO_RUNTIME) {
            err.println("no Weft runtime is loaded in process " + pid);
            return 1;
        }
        out.print(answer.out);
        out.flush();
        err.print(answer.err);
        return answer.status == Answer.DONE ? 0 : 1;
    }

    /** Loads the agent into the target with {@code request}; false, said on {@code err}, if it cannot. */
    private boolean load(long pid, String request, PrintStream err) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            err.println("cannot attach to process " + pid + ": " + e.getMessage());
            err.println("(the tool attaches to a HotSpot JVM of the same user that runs without -XX:+DisableAttachMechanism)");
            return false;
        }
        try {
            vm.loadAgent(agentJar.toString(), request);
            return true;
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            err.println("cannot load " + agentJar + " into process " + pid + ": " + e.getMessage());
            return false;
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the target is gone or closed the connection: nothing left to release
            }
        }
    }
}
