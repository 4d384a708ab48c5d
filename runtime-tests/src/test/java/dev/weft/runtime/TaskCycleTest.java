package dev.weft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancelling into a cycle of tasks awaiting one another returns (it recursed to a StackOverflowError). */
@Timeout(60)
class TaskCycleTest {
    @Test
    void cancellingATaskOfACycleOfTasksReturns() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TaskCycleChild.class.getName())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            assertEquals("cancel: true, cancelling: 1, done: false\n", out);
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
