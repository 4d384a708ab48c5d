package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandsTest {
    static final String EXPECTED = "Running upper...\nRunning primes 100000...\nRunning primes 1000...\nRunning fail...\n"
            + "upper: exit 0, out \"HELLO, SUBPROCESS\", err \"\"\n"
            + "primes 100000: exit 0, out \"9592\", err \"\"\n"
            + "primes 1000: exit 0, out \"168\", err \"\"\n"
            + "fail: exit 2, out \"\", err \"unknown job: fail\"\n";

    @Test
    void fourCommandsTwoAtATimeGatheredInOrder() {
        SampleOutput out = SampleOutput.run(() -> RunCommands.main(new String[0]));
        assertEquals(EXPECTED, out.text);
    }

    @Test
    void leavesNoDescriptorOpen() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> RunCommands.main(new String[0]));  // loads what the run needs first
        long before = OpenFiles.count();
        long pipesBefore = pipes();
        SampleOutput.run(() -> RunCommands.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
        long pipesAfter = pipes();
        for (int i = 0; i < 100 && pipesAfter > pipesBefore; i++) {
            Thread.sleep(20);
            pipesAfter = pipes();
        }
        assertTrue(pipesAfter <= pipesBefore, "pipes: " + pipesBefore + " before, " + pipesAfter + " after");
    }

    /** The pipes open now: the children's stdin, stdout and stderr while they run. */
    private static long pipes() {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException e) {
                    return false; // closed since it was listed
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
