package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The samples unwoven, woven at load time instead: their sources are compiled afresh (target/classes
 * is woven by the plugin), then run as {@code java -javaagent:weft-agent.jar -cp <classes>:<runtime>
 * dev.weft.samples.Samples NAME} in a new JVM of the running JDK; each prints what the plugin-woven
 * sample prints in its own test. Only short samples run here, to keep the build quick.
 */
class SamplesUnderAgentTest {
    private static Path agent;
    private static Path work;
    private static Path classes;

    private static String missing;

    @BeforeAll
    static void compileUnwoven() {
        String jar = System.getProperty("weft.agent.jar");
        agent = jar == null ? null : Paths.get(jar).toAbsolutePath().normalize();
        if (agent == null || !Files.isRegularFile(agent)) {
            missing = "skipped: the agent jar " + (agent == null ? "(-Dweft.agent.jar is not set)" : agent + " does not exist")
                    + "; build it first (mvn verify from the top directory builds the agent before the samples)";
            System.err.println("[SamplesUnderAgentTest] " + missing);
            return;
        }
        String dir = System.getProperty("weft.samples.work");
        work = dir != null ? Paths.get(dir) : Paths.get("target", "unwoven");
        classes = SampleSources.compile(work.resolve("classes"), SampleSources.all());
    }

    @BeforeEach
    void needsTheAgentJar() {
        assumeTrue(missing == null, missing);
    }

    @Test
    void hello() throws Exception {
        Result r = run("hello");
        assertEquals("=== hello\n" + HelloTest.EXPECTED, r.out, r.toString());
        assertNoAgentErrors(r);
    }

    @Test
    void runInLoop() throws Exception {
        Result r = run("run-in-loop");
        assertEquals("=== run-in-loop\n" + RunInLoopTest.EXPECTED, r.out, r.toString());
        assertNoAgentErrors(r);
    }

    @Test
    void echoOverSockets() throws Exception {
        Result r = run("echo");
        assertEquals("=== echo\n" + EchoTest.EXPECTED, r.out, r.toString());
        assertNoAgentErrors(r);
    }

    @Test
    void forgottenAwaitAlsoWarnedAboutByTheAgent() throws Exception {
        Result r = run("pitfalls-forgotten-await");
        assertEquals("=== pitfalls-forgotten-await\n" + ForgottenAwaitTest.EXPECTED, r.out, r.toString());
        int line = SampleSources.lineOf("ForgottenAwait", "save(\"report\");");
        assertTrue(r.err.contains("[weft] ForgottenAwait.java:" + line + ": warning: the task returned by save()"
                + " is discarded without being awaited (in ForgottenAwait.forgetful())"), r.toString());
        assertNoAgentErrors(r);
    }

    /** The only thing the agent may say is the forgotten-await warning (printed when ForgottenAwait loads). */
    private static void assertNoAgentErrors(Result r) {
        assertEquals(0, r.exit, r.toString());
        for (String line : r.err.split("\n")) {
            assertTrue(line.isEmpty() || line.contains(": warning: the task returned by save()"),
                    "unexpected on stderr: " + line + "\n" + r);
        }
    }

    private static final class Result {
        final int exit;
        final String out;
        final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Result run(String sample) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        String cp = classes.toAbsolutePath() + File.pathSeparator + SampleSources.runtime().toAbsolutePath();
        Path out = work.resolve(sample + ".out");
        Path err = work.resolve(sample + ".err");
        Process p = new ProcessBuilder(List.of(java.toString(), "-javaagent:" + agent, "-cp", cp,
                "dev.weft.samples.Samples", sample))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + sample);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n"),
                Files.readString(err, StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }
}
