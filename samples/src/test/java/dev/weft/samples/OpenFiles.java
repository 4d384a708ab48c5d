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

    /** The number of open file descriptors now. */
    static long count() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count() - 1; // less the one listing them
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
