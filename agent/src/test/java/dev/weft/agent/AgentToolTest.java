package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of {@code java -jar weft-agent.jar}: usage, exit statuses, errors before any attach. */
class AgentToolTest {
    private static final String USAGE = "usage: java -jar weft-agent.jar tasks <pid>\n"
            + "  tasks <pid>  print every task of every Weft event loop running in the JVM of process <pid>\n"
            + "               (a JVM of the same user, started with or without -javaagent:weft-agent.jar)\n";
    /** No process has this id: Linux's pid_max is at most 2^22, and other systems stay well below too. */
    private static final long NO_PROCESS = 2_000_000_000L;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentTool.run(args, print(out), print(err));
        return new Run(exit, text(out), text(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void noArgumentsPrintUsageOnStderrWithStatus2() {
        assertEquals(new Run(2, "", USAGE), run());
    }

    @Test
    void badArgumentsNameTheProblemThenUsageWithStatus2() {
        assertEquals(new Run(2, "", "unknown command 'stacks'\n" + USAGE), run("stacks", "1"));
        assertEquals(new Run(2, "", "tasks takes one process id\n" + USAGE), run("tasks"));
        assertEquals(new Run(2, "", "tasks takes one process id\n" + USAGE), run("tasks", "1", "2"));
        for (String pid : List.of("abc", "-5", "0", "12x", "", "+7", "99999999999999999999")) {
            assertEquals(new Run(2, "", "not a process id: '" + pid + "'\n" + USAGE), run("tasks", pid), pid);
        }
    }

    @Test
    void helpPrintsUsageOnStdout() {
        for (String help : List.of("-h", "--help", "help")) {
            assertEquals(new Run(0, USAGE, ""), run(help));
        }
    }

    @Test
    void outsideTheAgentJarTheToolSaysSo() {
        // the tests run from target/classes: there is no jar to load into the target
        assertEquals(new Run(1, "", "run the tool from weft-agent.jar: java -jar weft-agent.jar tasks <pid>\n"),
                run("tasks", Long.toString(ProcessHandle.current().pid())));
    }

    @Test
    void noSuchProcessIsAnErrorWithStatus1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new TasksCommand(Paths.get("weft-agent.jar"), 1000).run(NO_PROCESS, print(new ByteArrayOutputStream()), print(err));
        assertEquals(new Run(1, "", "no process " + NO_PROCESS + " is running\n"), new Run(exit, "", text(err)));
    }

    @Test
    void processIdsAreDecimalDigitsOnly() {
        assertEquals(List.of(1L, 4194304L, -1L, -1L, -1L), List.of(AgentTool.processId("1"), AgentTool.processId("4194304"),
                AgentTool.processId("0x10"), AgentTool.processId("１"), AgentTool.processId(" 1")));
    }
}
