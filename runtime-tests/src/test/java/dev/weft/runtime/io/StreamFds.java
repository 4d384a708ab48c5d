package dev.weft.runtime.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The process's open file descriptors ({@code /proc/self/fd}, Linux only), for the no-leak checks. */
final class StreamFds {
    private static final File FD = new File("/proc/self/fd");

    private StreamFds() {
    }

    static boolean available() {
        return FD.isDirectory();
    }

    /** Skips the calling test where the process's descriptors cannot be listed. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "/proc/self/fd is Linux only: the descriptor count is not checked here");
    }

    /** How many descriptors the process has open now (or -1 where unknown). */
    static int count() {
        String[] names = FD.list();
        return names == null ? -1 : names.length;
    }

    /**
     * Waits (2 s at most) until no more than {@code baseline} descriptors are open; fails listing
     * what the open ones point at otherwise.
     */
    static void assertBackTo(int baseline, String when) {
        if (baseline < 0) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        int now;
        while ((now = count()) > baseline && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (now > baseline) {
            fail(when + ": " + now + " file descriptors open, " + baseline + " before: " + targets());
        }
    }

    static List<String> targets() {
        List<String> out = new ArrayList<>();
        String[] names = FD.list();
        if (names != null) {
            for (String n : names) {
                try {
                    out.add(n + "->" + Files.readSymbolicLink(new File(FD, n).toPath()));
                } catch (IOException e) {
                    out.add(n + "->?");
                }
            }
        }
        return out;
    }
}
