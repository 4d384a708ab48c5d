package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.maven.PluginRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar target/weft-agent.jar tasks <pid>} (the shaded jar, as users get it) against
 * real JVMs of the JDK running the build: a Weft program woven by the build and started without the
 * agent, one started with it, a JVM without Weft, and JVMs that refuse to be attached to.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TasksToolIT {
    private static final Path AGENT = property("weft.agent.jar");
    private static final Path APPS = property("weft.it.apps");
    private static final Path WORK = property("weft.it.work").resolve("tasks");
    private static final Path RUNTIME = Javac.runtime();
    private static final String MAIN_JAVA = "waiting/app/Main.java";
    private static Path woven;

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: run the ITs through Maven (mvn verify)");
        }
        return Paths.get(value);
    }

    /** The waiting app, woven in place by the plugin's route: what a Maven build with the plugin makes. */
    private static synchronized Path wovenApp() throws IOException {
        if (woven != null) {
            return woven;
        }
        deleteTree(WORK.resolve("woven-classes"));  // no frame classes of an earlier build
        Path classes = Javac.compileTree(APPS.resolve("waiting"), WORK.resolve("woven-classes"), List.of(RUNTIME));
        assertEquals(List.of(), PluginRoute.weave(classes, List.of(RUNTIME)));
        woven = classes;
        return classes;
    }

    /** Runs the tool as a user does, with a temp directory of its own to show that it leaves nothing there. */
    private static JavaProcess.Result tasks(String name, long pid) throws Exception {
        return tool(name, "tasks", Long.toString(pid));
    }

    private static JavaProcess.Result tool(String name, String... args) throws Exception {
        Path tmp = WORK.resolve(name).resolve("tool-tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        JavaProcess.Result r = new JavaProcess().option("-Djava.io.tmpdir=" + tmp).runJar(WORK.resolve(name).resolve("tool"), AGENT, args);
        assertEquals(List.of(), list(tmp), "the tool left files in its temp directory");
        return r;
    }

    @Test
    void printsTheTasksOfAWovenProgramStartedWithoutTheAgent() throws Exception {
        Path app = wovenApp();
        Path work = WORK.resolve("woven-run");
        try (RunningJvm target = RunningJvm.start(work, List.of(), List.of(app, RUNTIME), "app.Main")) {
            assertDump(tasks("woven", target.pid()));
            // the agent was loaded to answer, and wove nothing
            assertEquals("agent loaded, weaving: false", target.ask("agent?"));
            // and answers again
            assertDump(tasks("woven-again", target.pid()));
            assertEquals(0, target.stop());
            assertEquals(dynamicAgentWarning() + dynamicAgentWarning(), target.stderr());
        }
        assertEquals(List.of(), list(work).stream().filter(f -> f.startsWith(".attach_pid")).collect(Collectors.toList()));
    }

    @Test
    void aBlockedLoopIsReadAnywayAndSaidToBe() throws Exception {
        // the program's main task blocks the loop's thread: the stuck program the tool is for
        Path app = wovenApp();
        try (RunningJvm target = RunningJvm.start(WORK.resolve("blocked-run"), List.of("-XX:+EnableDynamicAgentLoading"),
                List.of(app, RUNTIME), "app.Main", "blocked")) {
            JavaProcess.Result r = tasks("blocked", target.pid());
            Path source = APPS.resolve(MAIN_JAVA);
            assertEquals(List.of(0, ""), List.of(r.exit(), r.err()), r.toString());
            assertEquals("Task dump of loop 'main' (3 tasks):\n"
                    + "(...)\n"
                    + "Task 'Task-1' (running)\n"
                    + "Task 'sleeper' (waiting)\n"
                    + "    at app.Main.nap(Main.java:" + lineOf(source, "await(sleep(Duration.ofHours(1)));") + ")\n"
                    + "    waits on ...\n"
                    + "Task 'waiter' (waiting)\n"
                    + "    at app.Main.hold(Main.java:" + lineOf(source, "await(event.waitSet());") + ")\n"
                    + "    waits on ...\n", normalized(r.out()), r.toString());
            // the note says the loop did not answer, and which thread read it: the agent's
            assertTrue(r.out().contains("(blocked?)") && r.out().contains("'weft-agent tasks'"), r.toString());
            assertEquals(0, target.stop());
        }
    }

    @Test
    void withEnableDynamicAgentLoadingTheTargetPrintsNothing() throws Exception {
        Path app = wovenApp();
        try (RunningJvm target = RunningJvm.start(WORK.resolve("quiet-run"), List.of("-XX:+EnableDynamicAgentLoading"),
                List.of(app, RUNTIME), "app.Main")) {
            assertDump(tasks("quiet", target.pid()));
            assertEquals(0, target.stop());
            assertEquals("", target.stderr());
        }
    }

    @Test
    void printsTheTasksOfAProgramRunningUnderTheAgent() throws Exception {
        Path app = Javac.compileTree(APPS.resolve("waiting"), WORK.resolve("unwoven-classes"), List.of(RUNTIME));
        try (RunningJvm target = RunningJvm.start(WORK.resolve("under-agent-run"), List.of("-javaagent:" + AGENT),
                List.of(app, RUNTIME), "app.Main")) {
            assertDump(tasks("under-agent", target.pid()));
            assertEquals("agent loaded, weaving: true", target.ask("agent?"));
            assertEquals(0, target.stop());
            // loading the jar again for the command is a dynamic load, warned about like any other
            assertEquals(dynamicAgentWarning(), target.stderr());
        }
    }

    @Test
    void aJvmWithoutWeftIsSaidToHaveNone() throws Exception {
        Path app = Javac.compileTree(APPS.resolve("plain"), WORK.resolve("plain-classes"), List.of());
        try (RunningJvm target = RunningJvm.start(WORK.resolve("plain-run"), List.of("-XX:+EnableDynamicAgentLoading"),
                List.of(app), "app.Main")) {
            assertEquals(new JavaProcess.Result(1, "", "no Weft runtime is loaded in process " + target.pid() + "\n"),
                    tasks("plain", target.pid()));
            assertEquals(0, target.stop());
        }
    }

    @Test
    void aJvmThatRefusesAttachIsAnError() throws Exception {
        Path app = Javac.compileTree(APPS.resolve("plain"), WORK.resolve("plain-classes"), List.of());
        try (RunningJvm target = RunningJvm.start(WORK.resolve("no-attach-run"), List.of("-XX:+DisableAttachMechanism"),
                List.of(app), "app.Main")) {
            JavaProcess.Result r = tasks("no-attach", target.pid());
            assertEquals(List.of(1, ""), List.of(r.exit(), r.out()), r.toString());
            assertTrue(r.err().startsWith("cannot attach to process " + target.pid() + ": "), r.toString());
            assertTrue(r.err().endsWith("\n(the tool attaches to a HotSpot JVM of the same user that runs without"
                    + " -XX:+DisableAttachMechanism)\n"), r.toString());
            assertEquals(0, target.stop());
        }
    }

    @Test
    void aJvmThatRefusesDynamicAgentsIsAnError() throws Exception {
        Path app = wovenApp();
        try (RunningJvm target = RunningJvm.start(WORK.resolve("no-agents-run"), List.of("-XX:-EnableDynamicAgentLoading"),
                List.of(app, RUNTIME), "app.Main")) {
            JavaProcess.Result r = tasks("no-agents", target.pid());
            assertEquals(List.of(1, ""), List.of(r.exit(), r.out()), r.toString());
            assertTrue(r.err().startsWith("cannot load " + AGENT + " into process " + target.pid() + ": "), r.toString());
            assertTrue(r.err().contains("EnableDynamicAgentLoading"), r.toString());
            assertEquals(0, target.stop());
            assertEquals("", target.stderr());
        }
    }

    @Test
    void theJarsCommandLine() throws Exception {
        String usage = "usage: java -jar weft-agent.jar tasks <pid>\n"
                + "  tasks <pid>  print every task of every Weft event loop running in the JVM of process <pid>\n"
                + "               (a JVM of the same user, started with or without -javaagent:weft-agent.jar)\n";
        assertEquals(new JavaProcess.Result(2, "", usage), tool("no-arguments"));
        assertEquals(new JavaProcess.Result(2, "", "not a process id: 'x'\n" + usage), tool("bad-pid", "tasks", "x"));
        assertEquals(new JavaProcess.Result(0, usage, ""), tool("help", "--help"));
        assertEquals(new JavaProcess.Result(1, "", "no process 2000000000 is running\n"), tool("no-process", "tasks", "2000000000"));
    }

    /**
     * The dump of the waiting app: its three tasks, each frame at the line of its await. What each
     * task waits on is the runtime's to word (TaskDumpTest checks it), so here it only has to be there.
     */
    private static void assertDump(JavaProcess.Result r) throws IOException {
        Path source = APPS.resolve(MAIN_JAVA);
        String expected = "Task dump of loop 'main' (3 tasks):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    at app.Main.both(Main.java:" + lineOf(source, "await(gather(sleeper, waiter));") + ")\n"
                + "    waits on ...\n"
                + "    Task 'sleeper' (waiting)\n"
                + "        at app.Main.nap(Main.java:" + lineOf(source, "await(sleep(Duration.ofHours(1)));") + ")\n"
                + "        waits on ...\n"
                + "    Task 'waiter' (waiting)\n"
                + "        at app.Main.hold(Main.java:" + lineOf(source, "await(event.waitSet());") + ")\n"
                + "        waits on ...\n";
        assertEquals(List.of(0, ""), List.of(r.exit(), r.err()), r.toString());
        assertEquals(expected, normalized(r.out()), r.toString());
    }

    /** A dump with what the tasks wait on and the runtime's notes left out: the runtime's tests check those. */
    private static String normalized(String dump) {
        return dump.replaceAll("(?m)^( *waits on ).*$", "$1...").replaceAll("(?m)^\\(.*\\)$", "(...)");
    }

    /** What JDK 21 and later print on the target's stderr each time an agent is loaded into it. */
    private static String dynamicAgentWarning() {
        if (JavaProcess.javaVersion() < 21) {
            return "";
        }
        return "WARNING: A Java agent has been loaded dynamically (" + AGENT + ")\n"
                + "WARNING: If a serviceability tool is in use, please run with -XX:+EnableDynamicAgentLoading to hide this warning\n"
                + "WARNING: If a serviceability tool is not in use, please run with -Djdk.instrument.traceUsage for more information\n"
                + "WARNING: Dynamic loading of agents will be disallowed by default in a future release\n";
    }

    private static int lineOf(Path source, String text) throws IOException {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + source);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }
}
