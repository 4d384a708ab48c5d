package dev.weft.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** The process's open file descriptors (Linux's /proc/self/fd), to check that a sample closes its sockets. */
final class OpenFiles {
    private static final Path FDS = Paths.get("/proc/self/fd");

    private OpenFiles() {
    }

    /** Whether the count is known on this system. */
    static boolean countable() {
        return Files.isDirectory(FDS);
    }

    /**
     * The sockets and selectors open now: what a sample could leak. Other descriptors come and go
     * with the JVM's own threads (jars, a cgroup file), so they are not counted.
     */
    static long count() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.filter(OpenFiles::isSocketOrSelector).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The count once it is back at {@code before} or under it, or after two seconds: a socket an
     * earlier test closed may be released a moment later, which only lowers it.
     */
    static long settled(long before) throws InterruptedException {
        long n = count();
        for (int i = 0; i < 100 && n > before; i++) {
            Thread.sleep(20);
            n = count();
        }
        return n;
    }

    private static boolean isSocketOrSelector(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:") || target.equals("anon_inode:[eventpoll]");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // closed since it was listed (the listing's own descriptor, say)
        }
    }
}
