package dev.weft.runtime;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stack use of a descent: how deep async recursion gets in a fixed stack before it overflows,
 * against plain recursion of the same method unwoven. Measured in forked JVMs, interpreted
 * ({@code -Xint}: the frames every descent starts with) and with C1 only, so the figures do not
 * depend on when the JIT compiles what.
 */
class DescentStackTest {
    static final long STACK = 1 << 20;
    static int reached;

    /** The same method as {@link #woven}, with a plain call where it awaits. */
    static Task<Integer> plain(int n) {
        reached = n;
        return Task.of(plain(n + 1).result() + 1);
    }

    @Async
    static Task<Integer> woven(int n) {
        reached = n;
        return Task.of(await(woven(n + 1)) + 1);
    }

    static int depth(Runnable r) throws InterruptedException {
        AtomicInteger out = new AtomicInteger();
        Thread t = new Thread(null, () -> {
            reached = 0;
            try {
                r.run();
            } catch (StackOverflowError expected) {
                // the point
            }
            out.set(reached);
        }, "descent", STACK);
        t.start();
        t.join();
        return out.get();
    }

    /** Prints the plain and the woven depth (the last of a few rounds). */
    public static void main(String[] args) throws Exception {
        int p = 0;
        int w = 0;
        for (int round = 0; round < 3; round++) {
            p = depth(() -> plain(0));
            w = depth(() -> woven(0));
        }
        System.out.println(p + " " + w);
    }

    /** The woven descent's depth over the plain one's, in a JVM run with {@code flags}. */
    static double ratio(String... flags) throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DescentStackTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the measuring JVM did not end");
        String[] depths = out.split(" ");
        double ratio = Double.parseDouble(depths[1]) / Double.parseDouble(depths[0]);
        System.out.printf("[descent] %s, 1 MB stack, third round: plain %s levels, woven %s levels, ratio %.2f%n",
                flags.length == 0 ? "tiered JIT" : String.join(" ", flags), depths[0], depths[1], ratio);
        return ratio;
    }

    /**
     * Bug: each level took an entry frame and a body frame: interpreted, the woven descent got less
     * than half as deep (0.46).
     */
    @Test
    void aWovenDescentGetsAboutAsDeepAsPlainRecursion() throws Exception {
        assertTrue(ratio("-Xint") >= 0.8);
        // Compiled frames vary with what the JIT made of each method: printed, not asserted.
        ratio("-XX:TieredStopAtLevel=1");
        ratio();
    }
}
