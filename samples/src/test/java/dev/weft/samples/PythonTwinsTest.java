package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The I/O samples' Python twins (src/test/resources/python) print, with CPython 3.13's asyncio, what
 * the samples print: the expected outputs of EchoTest, ChatTest, FetchingTest, RunCommandsTest,
 * TlsEchoTest and UdpPingTest are asyncio's.
 * Skipped when no CPython 3.13 is found ({@code WEFT_CPYTHON}, pyenv's 3.13.*, {@code python3.13},
 * {@code python3}).
 */
class PythonTwinsTest {
    private static Optional<String> python;

    @BeforeAll
    static void findCPython() {
        python = cpython313();
        if (python.isEmpty()) {
            System.err.println("[PythonTwinsTest] CPython 3.13 not found: the Python twins were not run");
        }
    }

    @Test
    void echo() throws Exception {
        assertEquals(EchoTest.EXPECTED, run("echo.py"));
    }

    @Test
    void chat() throws Exception {
        assertEquals(ChatTest.EXPECTED, run("chat.py"));
    }

    @Test
    void fetch() throws Exception {
        assertEquals(FetchingTest.EXPECTED, run("fetch.py"));
    }

    @Test
    void subprocess() throws Exception {
        // the twin runs the same children: this JVM's java with RunCommands.Job on the test classpath
        List<String> job = RunCommands.job();
        assertEquals(RunCommandsTest.EXPECTED, run("run_commands.py", job.toArray(new String[0])));
    }

    @Test
    void udpPing() throws Exception {
        assertEquals(UdpPingTest.EXPECTED, run("udp_ping.py"));
    }

    /** Its certificate is made with the {@code openssl} command, which must be there. */
    @Test
    void tlsEcho() throws Exception {
        Assumptions.assumeTrue(hasOpenssl(), "no openssl command: tls_echo.py cannot make its certificate");
        assertEquals(TlsEchoTest.EXPECTED, run("tls_echo.py"));
    }

    private static boolean hasOpenssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String twin, String... args) throws IOException, InterruptedException, URISyntaxException {
        Assumptions.assumeTrue(python.isPresent(), "CPython 3.13 not found");
        Path script = Paths.get(PythonTwinsTest.class.getResource("/python/" + twin).toURI());
        Path err = Files.createTempFile("weft-twin", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(python.get(), script.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertTrue(ended && p.exitValue() == 0, twin + " failed:\n" + out + Files.readString(err));
            return out.replace("\r\n", "\n");
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static Optional<String> cpython313() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("WEFT_CPYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        String pyenvRoot = System.getenv("PYENV_ROOT");
        Path versions = Paths.get(pyenvRoot != null ? pyenvRoot : System.getProperty("user.home") + "/.pyenv", "versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> list = Files.list(versions)) {
                list.filter(v -> v.getFileName().toString().startsWith("3.13")).sorted()
                        .forEach(v -> candidates.add(v.resolve("bin/python3").toString()));
            } catch (IOException e) {
                // no pyenv versions to offer
            }
        }
        candidates.add("python3.13");
        candidates.add("python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import sys; print(sys.version_info[:2] == (3, 13))")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("True")) {
                    return Optional.of(c);
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
