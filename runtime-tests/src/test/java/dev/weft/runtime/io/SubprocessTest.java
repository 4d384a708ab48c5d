package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.AsyncTimeoutException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessOptions;
import dev.weft.io.ProcessOutput;
import dev.weft.io.ProcessStream;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child processes: their streams as pipes (separate, merged, discarded, inherited), their exit,
 * communicate without deadlock, back-pressure on a child flooding its output, cancellation, and
 * the loop's end killing what still runs with no process, pump thread or pipe left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubprocessTest {
    private static final String SH = "/bin/sh";
    private static int pipesBefore;

    @BeforeAll
    static void baseline() {
        pipesBefore = pipes();
    }

    @AfterEach
    void noPumpLeft() throws InterruptedException {
        assertEquals(0, SubprocessProbe.livePumpsSettled(), "pump threads left: " + SubprocessProbe.pumpThreadNames());
    }

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        assertEquals(0, SubprocessProbe.livePumpsSettled(), "pump threads left: " + SubprocessProbe.pumpThreadNames());
        assertEquals(List.of(), SubprocessProbe.pumpThreadNames());
        assertTrue(pipesSettled(pipesBefore) <= pipesBefore, "pipes left: " + StreamFds.targets());
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static int pipes() {
        return LoopProbe.fdKinds().getOrDefault("pipe", 0);
    }

    private static int pipesSettled(int expected) throws InterruptedException {
        int n = pipes();
        for (int i = 0; i < 100 && n > expected; i++) {
            Thread.sleep(20);
            n = pipes();
        }
        return n;
    }

    @Test
    void exitCodeAndSeparateOutputs() {
        List<Object> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(ProcessChild.command("exit", "3", "out\n", "err\n")));
            assertEquals(OptionalInt.empty(), child.exitCode());
            ProcessOutput out = await(child.communicate(null));
            List<Object> l = new ArrayList<>();
            l.add(text(out.stdout()));
            l.add(text(out.stderr()));
            l.add(out.exitCode());
            l.add(child.exitCode());
            l.add(await(child.waitFor())); // again, at once
            return Task.of(l);
        });
        assertEquals(List.of("out\n", "err\n", 3, OptionalInt.of(3), 3), r);
    }

    @Test
    void stderrMergedIntoStdout() {
        List<Object> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(List.of(SH, "-c", "echo a; echo b >&2; echo c"),
                    ProcessOptions.defaults().withStderr(ProcessStream.STDOUT)));
            IllegalStateException e = assertThrows(IllegalStateException.class, child::stderr);
            ProcessOutput out = await(child.communicate(null));
            List<Object> l = new ArrayList<>();
            l.add(e.getMessage());
            l.add(text(out.stdout()));
            l.add(text(out.stderr()));
            l.add(out.exitCode());
            return Task.of(l);
        });
        assertEquals("stderr is STDOUT, not a pipe: start the child with ProcessOptions.withStderr(ProcessStream.PIPE)", r.get(0));
        assertEquals("a\nb\nc\n", r.get(1));
        assertNull(r.get(2));
        assertEquals(0, r.get(3));
    }

    @Test
    void discardedAndInheritedStreams() {
        List<Object> r = Weft.run(() -> {
            List<Object> l = new ArrayList<>();
            // stdin discarded: cat reads the end at once; its stderr goes where this JVM's goes
            Subprocess cat = await(Subprocesses.exec(List.of("cat"),
                    ProcessOptions.defaults().withStdin(ProcessStream.DISCARD).withStderr(ProcessStream.INHERIT)));
            assertThrows(IllegalStateException.class, cat::stdin);
            assertThrows(IllegalStateException.class, cat::stderr);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cat.communicate(new byte[1]));
            l.add(e.getMessage());
            ProcessOutput out = await(cat.communicate(null));
            l.add(text(out.stdout()));
            l.add(out.stderr());
            l.add(out.exitCode());
            // stdout discarded: nothing arrives, stderr still does
            Subprocess sh = await(Subprocesses.exec(List.of(SH, "-c", "echo dropped; echo kept >&2"),
                    ProcessOptions.defaults().withStdout(ProcessStream.DISCARD)));
            assertThrows(IllegalStateException.class, sh::stdout);
            ProcessOutput out2 = await(sh.communicate(null));
            l.add(out2.stdout());
            l.add(text(out2.stderr()));
            // stdout inherited: the child writes to this JVM's output (not checked here), we get its exit
            Subprocess inherit = await(Subprocesses.exec(List.of(SH, "-c", "exit 0"),
                    ProcessOptions.defaults().withStdout(ProcessStream.INHERIT).withStdin(ProcessStream.INHERIT)));
            l.add(await(inherit.waitFor()));
            return Task.of(l);
        });
        List<Object> expected = new ArrayList<>();
        expected.add("stdin is DISCARD, not a pipe: start the child with ProcessOptions.withStdin(ProcessStream.PIPE)");
        expected.add("");
        expected.add(null);
        expected.add(0);
        expected.add(null);
        expected.add("kept\n");
        expected.add(0);
        assertEquals(expected, r);
    }

    @Test
    void workingDirectoryAndEnvironment(@TempDir Path dir) throws IOException {
        Path real = dir.toRealPath();
        List<String> r = Weft.run(() -> {
            List<String> l = new ArrayList<>();
            ProcessOptions replaced = ProcessOptions.defaults().withDirectory(real)
                    .withEnvironment(Map.of("WEFT_A", "1")).withEnvironmentVariable("WEFT_B", "two words");
            Subprocess a = await(Subprocesses.exec(List.of(SH, "-c", "pwd; echo \"$WEFT_A/$WEFT_B/${HOME-unset}\""), replaced));
            l.add(text(await(a.communicate(null)).stdout()));
            ProcessOptions added = ProcessOptions.defaults().withEnvironmentVariable("WEFT_B", "b");
            Subprocess b = await(Subprocesses.exec(ProcessChild.command("env", "WEFT_B", "PATH"), added));
            l.add(text(await(b.communicate(null)).stdout()));
            return Task.of(l);
        });
        assertEquals(real + "\n1/two words/unset\n", r.get(0));
        assertEquals(Path.of("").toAbsolutePath() + "\nWEFT_B=b\nPATH=" + System.getenv("PATH") + "\n", r.get(1));
    }

    @Test
    void communicateMoreThanThePipesHoldBothWays() {
        byte[] input = new byte[4 * 1024 * 1024 + 17];
        new Random(14).nextBytes(input);
        ProcessOutput out = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(ProcessChild.command("echo")));
            return child.communicate(input);
        });
        assertArrayEquals(input, out.stdout());
        assertEquals("read " + input.length + "\n", text(out.stderr()));
        assertEquals(0, out.exitCode());
    }

    @Test
    void stdinAndStdoutAsStreams() {
        List<String> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(List.of("cat")));
            StreamWriter in = child.stdin();
            StreamReader out = child.stdout();
            List<String> l = new ArrayList<>();
            for (String s : List.of("one", "two")) {
                in.write(s + "\n", StandardCharsets.UTF_8);
                await(in.drain());
                l.add(await(out.readLine(StandardCharsets.UTF_8)));
            }
            in.write("three", StandardCharsets.UTF_8);
            l.add("closing " + in.isClosing());
            in.writeEof();
            l.add("closing " + in.isClosing()); // a pipe's end is its close (asyncio: True; before, false)
            l.add(await(out.readLine(StandardCharsets.UTF_8)));
            l.add(String.valueOf(await(out.readLine(StandardCharsets.UTF_8))));
            l.add(String.valueOf(out.isAtEof()));
            l.add(String.valueOf(await(child.waitFor())));
            in.close();
            await(in.waitClosed());
            return Task.of(l);
        });
        assertEquals(List.of("one", "two", "closing false", "closing true", "three", "null", "true", "0"), r);
    }

    @Test
    void aFloodingChildIsPausedWhileItsReaderIsBehind() {
        int limit = 16 * 1024;
        int kib = 16 * 1024; // 16 MiB: far more than the pipe, the pump and the limit hold
        List<Object> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(ProcessChild.command("flood", String.valueOf(kib)),
                    ProcessOptions.defaults().withBufferLimit(limit)));
            StreamReader err = child.stderr();
            // Its progress stops: nobody reads stdout, so the pump stops at the limit and the pipe fills up.
            int wrote = 0;
            for (;;) {
                String line;
                try {
                    line = await(Weft.waitFor(err.readLine(StandardCharsets.UTF_8), Duration.ofMillis(1500)));
                } catch (AsyncTimeoutException e) {
                    break;
                }
                assertTrue(line.startsWith("wrote "), line);
                wrote = Integer.parseInt(line.substring(6));
            }
            List<Object> l = new ArrayList<>();
            l.add(wrote);
            l.add(SubprocessProbe.stdoutHeld(child)[0]);
            l.add(child.exitCode().isPresent());
            // A slow reader: small reads; the pump never holds more than the limit.
            long total = 0;
            StreamReader out = child.stdout();
            for (byte[] b; (b = await(out.read(4096))).length > 0;) {
                total += b.length;
            }
            l.add(total);
            l.add(SubprocessProbe.stdoutHeld(child)[1]);
            String last = null;
            for (String line; (line = await(err.readLine(StandardCharsets.UTF_8))) != null;) {
                last = line;
            }
            l.add(last);
            l.add(await(child.waitFor()));
            return Task.of(l);
        });
        int wrote = (Integer) r.get(0);
        // what the child could write: the pump's limit, the JDK's 8 KiB buffer, the pipe (64 KiB on Linux), a block
        assertTrue(wrote >= 16 && wrote <= 256, "the child wrote " + wrote + " KiB before it was paused");
        assertEquals(limit, r.get(1), "bytes held by the pump while the child is paused");
        assertEquals(false, r.get(2), "the child still runs");
        assertEquals((long) kib * 1024, r.get(3));
        assertTrue((Integer) r.get(4) <= limit, "the pump held " + r.get(4));
        assertEquals("done", r.get(5));
        assertEquals(0, r.get(6));
    }

    @Test
    void aChildThatNeverExitsIsWaitedForWithTimeoutsThenKilled() {
        List<Object> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(List.of(SH, "-c", "echo hello; exec sleep 1000")));
            List<Object> l = new ArrayList<>();
            try {
                await(Weft.waitFor(child.waitFor(), Duration.ofMillis(200)));
                l.add("exited?");
            } catch (AsyncTimeoutException e) {
                l.add("waitFor timed out");
            }
            try {
                await(Weft.waitFor(child.communicate(null), Duration.ofMillis(200)));
                l.add("communicated?");
            } catch (AsyncTimeoutException e) {
                l.add("communicate timed out");
            }
            Task<Integer> waiting = createTask(() -> child.waitFor());
            await(Weft.sleep(50));
            l.add(child.exitCode());
            l.add(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
            child.kill();
            l.add(await(waiting));
            l.add(child.exitCode());
            // what the cancelled communicate had read stays with the reader; then the stream ends
            l.add(text(await(child.stdout().read(-1))));
            child.kill(); // nothing: it has ended
            return Task.of(l);
        });
        assertEquals(List.of("waitFor timed out", "communicate timed out", OptionalInt.empty(), true, 137,
                OptionalInt.of(137), "hello\n"), r);
    }

    @Test
    void terminateEndsTheChild() {
        int code = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(List.of("sleep", "1000")));
            child.terminate();
            return child.waitFor();
        });
        assertEquals(143, code);
    }

    @Test
    void theEndOfTheRunKillsTheChildrenStillRunning() throws InterruptedException {
        int pipes = pipes();
        List<Long> pids = Weft.run(() -> {
            List<Long> l = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Subprocess child = await(Subprocesses.exec(List.of("sleep", "1000")));
                l.add(child.pid());
            }
            // a flooding child whose pump waits for a reader, and one with a stdin pump idle
            Subprocess flood = await(Subprocesses.exec(List.of("cat", "/dev/zero"),
                    ProcessOptions.defaults().withBufferLimit(1024)));
            l.add(flood.pid());
            await(Weft.sleep(100));
            assertTrue(SubprocessProbe.livePumps() >= 12, "pumps: " + SubprocessProbe.livePumps());
            return Task.of(l);
        });
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is left");
        }
        assertEquals(0, SubprocessProbe.livePumpsSettled(), "pump threads left");
        assertEquals(List.of(), SubprocessProbe.pumpThreadNames());
        assertTrue(pipesSettled(pipes) <= pipes, "pipes left: " + StreamFds.targets());
    }

    @Test
    void theEndOfTheRunKillsAShellAndTheChildrenItStarted() throws InterruptedException {
        List<Long> pids = Weft.run(() -> {
            Subprocess sh = await(Subprocesses.exec(List.of(SH, "-c", "sleep 1000; echo never")));
            List<Long> l = new ArrayList<>();
            l.add(sh.pid());
            for (int i = 0; i < 200 && l.size() == 1; i++) { // until the shell has started its sleep
                await(Weft.sleep(10));
                ProcessHandle.of(sh.pid()).ifPresent(h -> h.children().forEach(c -> l.add(c.pid())));
            }
            return Task.of(l);
        });
        assertEquals(2, pids.size(), "the shell and its sleep: " + pids);
        for (long pid : pids) {
            // the sleep, orphaned when the shell died, is reaped by init: a moment later
            assertFalse(aliveAfterAWhile(pid), "process " + pid + " is left");
        }
        assertEquals(0, SubprocessProbe.livePumpsSettled(), "pump threads left");
    }

    private static boolean aliveAfterAWhile(long pid) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aRunEndingWithAnExceptionEndsItsChildrenToo() throws InterruptedException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(() -> {
            Subprocess sh = await(Subprocesses.exec(List.of(SH, "-c", "echo dropped; echo kept >&2"),
                    ProcessOptions.defaults().withStdout(ProcessStream.DISCARD)));
            sh.communicate(new byte[1]).cancel();
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertEquals(0, SubprocessProbe.livePumpsSettled(), "pump threads left: " + SubprocessProbe.pumpThreadNames());
    }

    @Test
    void aChildClosingItsInputEarlyFailsTheDrain() {
        List<String> r = Weft.run(() -> {
            Subprocess child = await(Subprocesses.exec(List.of(SH, "-c", "exec 0<&-; echo closed; exec sleep 1000")));
            List<String> l = new ArrayList<>();
            l.add(await(child.stdout().readLine(StandardCharsets.UTF_8)));
            StreamWriter in = child.stdin();
            in.write(new byte[1024 * 1024]);
            try {
                await(in.drain(), IOException.class);
                l.add("drained?");
            } catch (IOException e) {
                l.add(e.getMessage().equals("Broken pipe") || e.getMessage().equals("Stream closed") ? "lost" : e.getMessage());
            }
            in.write(new byte[10]); // dropped, as on a lost connection
            l.add("buffered " + in.writeBufferSize());
            l.add("closing " + in.isClosing());
            child.kill();
            l.add("exit " + await(child.waitFor()));
            return Task.of(l);
        });
        assertEquals(List.of("closed", "lost", "buffered 0", "closing true", "exit 137"), r);
    }

    @Test
    void aCommandNotFoundFailsTheAwait() {
        String r = Weft.run(() -> {
            try {
                await(Subprocesses.exec(List.of("/nonexistent/weft-program", "x")), IOException.class);
                return Task.of("started?");
            } catch (IOException e) {
                return Task.of(e.getMessage());
            }
        });
        assertTrue(r.startsWith("Cannot run program \"/nonexistent/weft-program\""), r);
    }

    /**
     * What a process the child started in the background writes after the child exited is read
     * too, to the pipe's end (asyncio's {@code communicate} gives "a" to "f"). Before, the JDK ended
     * the pipe at the child's exit whenever its reader was between two reads: "a|b|" or "a|b|c|" in
     * each of five runs, and the background loop died of SIGPIPE.
     */
    @Test
    void outputWrittenAfterTheChildExitedByWhatItStartedIsRead() {
        List<String> r = Weft.run(() -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Subprocess child = await(Subprocesses.exec(List.of(SH, "-c",
                        "echo a; sleep 0.2; (for x in b c d e f; do sleep 0.05; echo $x; done) &")));
                l.add(text(await(child.communicate(null)).stdout()).replace('\n', '|'));
            }
            return Task.of(l);
        });
        assertEquals(List.of("a|b|c|d|e|f|", "a|b|c|d|e|f|", "a|b|c|d|e|f|"), r);
    }

    /**
     * A program named without a directory is looked for in the child's PATH, as Python's
     * subprocess does: before, the JDK searched the JVM's PATH, so a program only on the given one
     * failed with "Cannot run program".
     */
    @Test
    void aProgramIsFoundInTheChildsPath(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = bin.resolve("weft-probe-tool");
        Files.write(tool, "#!/bin/sh\necho \"found $0\"\n".getBytes(StandardCharsets.US_ASCII));
        tool.toFile().setExecutable(true);
        List<String> r = Weft.run(() -> {
            List<String> l = new ArrayList<>();
            ProcessOptions only = ProcessOptions.defaults().withEnvironment(Map.of("PATH", bin.toString()));
            l.add(text(await(await(Subprocesses.exec(List.of("weft-probe-tool"), only)).communicate(null)).stdout()));
            ProcessOptions added = ProcessOptions.defaults().withEnvironmentVariable("PATH", "/nonexistent:" + bin);
            l.add(text(await(await(Subprocesses.exec(List.of("weft-probe-tool"), added)).communicate(null)).stdout()));
            ProcessOptions relative = ProcessOptions.defaults().withDirectory(dir).withEnvironment(Map.of("PATH", "bin"));
            l.add(text(await(await(Subprocesses.exec(List.of("weft-probe-tool"), relative)).communicate(null)).stdout()));
            ProcessOptions none = ProcessOptions.defaults().withEnvironment(Map.of());
            l.add(text(await(await(Subprocesses.exec(List.of("sh", "-c", "echo $0"), none)).communicate(null)).stdout()));
            ProcessOptions elsewhere = ProcessOptions.defaults().withEnvironment(Map.of("PATH", dir.toString()));
            try {
                await(Subprocesses.exec(List.of("weft-probe-tool"), elsewhere), IOException.class);
                l.add("started?");
            } catch (IOException e) {
                l.add(e.getMessage());
            }
            return Task.of(l);
        });
        assertEquals(List.of("found " + tool + "\n", "found " + tool + "\n", "found " + dir.resolve("bin").resolve("weft-probe-tool") + "\n",
                "/bin/sh\n", "Cannot run program \"weft-probe-tool\": error=2, No such file or directory (searched the child's PATH: "
                        + dir + ")"), r);
    }

    @Test
    void environmentNamesAndValuesTheSystemCannotTakeAreRefusedAtOnce() {
        assertEquals("not an environment variable name: \"A=B\"", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withEnvironment(Map.of("A=B", "1"))).getMessage());
        assertEquals("not an environment variable name: \"\"", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withEnvironment(Map.of("", "1"))).getMessage());
        assertEquals("not an environment variable name: \"A\\0B\"", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withEnvironmentVariable("A\0B", "1")).getMessage());
        assertEquals("the value of environment variable A holds a NUL character", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withEnvironment(Map.of("A", "x\0y"))).getMessage());
        assertEquals("the value of environment variable A holds a NUL character", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withEnvironmentVariable("A", "x\0y")).getMessage());
    }

    @Test
    void badInputIsRefusedAtOnce() {
        assertEquals("an empty command: name the program to run", assertThrows(IllegalArgumentException.class,
                () -> Subprocesses.exec(List.of())).getMessage());
        assertEquals("ProcessStream.STDOUT is for stderr only, not stdout", assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withStdout(ProcessStream.STDOUT)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessOptions.defaults().withBufferLimit(0));
        assertThrows(IllegalArgumentException.class, () -> ProcessOptions.defaults().withEnvironmentVariable("A=B", "c"));
        assertEquals("Subprocesses.exec needs a running event loop: call it from code run by Weft.run",
                assertThrows(IllegalStateException.class, () -> Subprocesses.exec(List.of("true"))).getMessage());
        Subprocess child = Weft.run(() -> Subprocesses.exec(List.of("true")));
        assertEquals("a subprocess belongs to the event loop it was started on: use it from that loop's tasks",
                assertThrows(IllegalStateException.class, child::waitFor).getMessage());
    }
}
