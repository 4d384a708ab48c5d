package dev.weft.agent;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * The agent jar's {@code Main-Class}: {@code java -jar weft-agent.jar tasks <pid>}. Exit status 0
 * when the dump was printed, 1 when it could not be (no such process, attach refused, no Weft
 * runtime there), 2 for a wrong command line (usage on stderr).
 */
final class AgentTool {
    static final String USAGE = "usage: java -jar weft-agent.jar tasks <pid>\n"
            + "  tasks <pid>  print every task of every Weft event loop running in the JVM of process <pid>\n"
            + "               (a JVM of the same user, started with or without -javaagent:weft-agent.jar)\n";

    private AgentTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        if (!args[0].equals("tasks")) {
            return usage(err, "unknown command '" + args[0] + "'");
        }
        if (args.length != 2) {
            return usage(err, "tasks takes one process id");
        }
        long pid = processId(args[1]);
        if (pid <= 0) {
            return usage(err, "not a process id: '" + args[1] + "'");
        }
        if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            err.println("the module jdk.attach is not in the Java runtime at " + System.getProperty("java.home")
                    + ": run the tool with a JDK's java");
            return 1;
        }
        Path jar = ownJar();
        if (jar == null) {
            err.println("run the tool from weft-agent.jar: java -jar weft-agent.jar tasks <pid>");
            return 1;
        }
        return new TasksCommand(jar, TasksCommand.ANSWER_TIMEOUT_MILLIS).run(pid, out, err);
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.print(USAGE);
        return 2;
    }

    /** The process id in {@code text}, or -1 if it is not one. */
    static long processId(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(text);
    }

    /** The jar this class was loaded from (absolute: the target JVM has another working directory), or null. */
    static Path ownJar() {
        CodeSource source = AgentTool.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Paths.get(source.getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
