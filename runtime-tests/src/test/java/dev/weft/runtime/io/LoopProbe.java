package dev.weft.runtime.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.LoopSelector;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the I/O tests look at from outside: this process's open file descriptors
 * ({@code /proc/self/fd}), and the package-private counters of the running loop's selector.
 */
final class LoopProbe {
    private LoopProbe() {
    }

    /** How many file descriptors this process has open. */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length - 1; // less the one list() opened to read the directory
    }

    /** The open descriptors by what they are ({@code socket}, {@code anon_inode:[eventpoll]}, a path...). */
    static Map<String, Integer> fdKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        if (fds == null) {
            return kinds;
        }
        for (File f : fds) {
            String kind;
            try {
                kind = Files.readSymbolicLink(f.toPath()).toString();
            } catch (IOException | UnsupportedOperationException e) {
                continue; // the directory's own descriptor, closed by now
            }
            if (kind.startsWith("socket:")) {
                kind = "socket";
            } else if (kind.startsWith("pipe:")) {
                kind = "pipe";
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    /** How many epoll instances (selectors) this process has open. */
    static int openSelectors() {
        return fdKinds().getOrDefault("anon_inode:[eventpoll]", 0);
    }

    /** How many sockets this process has open. */
    static int openSockets() {
        return fdKinds().getOrDefault("socket", 0);
    }

    /**
     * The count of open descriptors once it has stopped moving (the same in five reads 40 ms apart,
     * at most about 3 s): a baseline read while an earlier run's sockets are still being closed on
     * another thread would count one that is about to go, and a later count would come out short.
     */
    static int openFdsQuiet() throws InterruptedException {
        int n = openFds();
        for (int same = 0, i = 0; same < 5 && i < 75; i++) {
            Thread.sleep(40);
            int m = openFds();
            same = m == n ? same + 1 : 0;
            n = m;
        }
        return n;
    }

    /**
     * Waits (a bounded while) for the count of open descriptors to come back to {@code expected}:
     * a descriptor is released when its channel is deregistered, which a loop that has ended has
     * done already; other threads of the JVM may hold one for a moment.
     */
    static int openFdsSettled(int expected) throws InterruptedException {
        int n = openFds();
        for (int i = 0; i < 50 && n != expected; i++) {
            Thread.sleep(20);
            n = openFds();
        }
        return n;
    }

    /** How many times other threads woke the running loop's selector (IoSelector's counter). */
    static long selectorWakeups() {
        return (Long) call(LoopSelector.current("selectorWakeups"), "wakeups");
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no " + method + "() on " + target.getClass(), e);
        }
    }

    /** The lines of {@code path}, or none if it cannot be read (not Linux). */
    static List<String> lines(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    /**
     * Asserts that sockets, pipes and selector descriptors are back to their counts in
     * {@code before} (waiting up to 2 s for closes to settle). Only these kinds are compared, and a
     * count may go down: other descriptors come and go with the JVM's own threads, and an earlier
     * test's socket or pipe may finish closing meanwhile.
     */
    static void assertNoMoreSettled(Map<String, Integer> before) throws InterruptedException {
        Map<String, Integer> after = ioKinds();
        for (int i = 0; i < 100 && !noMore(before, after); i++) {
            Thread.sleep(20);
            after = ioKinds();
        }
        Map<String, Integer> last = after;
        assertTrue(noMore(before, last), () -> "descriptors: " + before + " before, " + last + " after");
    }

    static Map<String, Integer> ioKinds() {
        Map<String, Integer> kinds = fdKinds();
        kinds.keySet().retainAll(List.of("socket", "anon_inode:[eventpoll]", "anon_inode:[eventfd]", "pipe"));
        return kinds;
    }

    static boolean noMore(Map<String, Integer> before, Map<String, Integer> after) {
        return after.entrySet().stream().allMatch(e -> e.getValue() <= before.getOrDefault(e.getKey(), 0));
    }
}
