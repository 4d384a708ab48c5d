package dev.weft.runtime.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's leak checks from outside the runtime: Weft threads still at work, child processes,
 * and descriptors by kind. Waits a bounded while for each to settle (a thread ending, a reaped
 * child, a descriptor released on another thread) before it reports what is left.
 */
final class LeakChecks {
    /** The descriptor kinds compared (see {@link LoopProbe#fdKinds()}): what I/O opens. */
    static final List<String> KINDS = List.of("socket", "pipe", "anon_inode:[eventpoll]");
    /** What {@code Weft.toThread}'s platform pool keeps at most (ThreadExecutors: min(32, cores + 4)). */
    static final int TO_THREAD_POOL = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    private static final long SETTLE_MILLIS = 5_000;

    private LeakChecks() {
    }

    /** The names of the live platform threads named {@code weft-*}, sorted (for the report). */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("weft-")) {
                names.add(t.getName());
            }
        }
        Collections.sort(names);
        return names;
    }

    /**
     * The threads left at work: any thread but this one running Weft code (a frame of
     * {@code dev.weft.*}: a busy toThread worker, a pump, a loop), any pump or loop thread by its
     * name, and toThread pool workers beyond the pool's size. Idle pool workers (waiting in the
     * pool for work, no Weft frame) are pooled by design. On JDK 21+ the virtual threads are
     * looked at too, in a thread dump (they are not in {@link Thread#getAllStackTraces()}).
     */
    static List<String> leaked() {
        List<String> leaked = new ArrayList<>();
        long self = Thread.currentThread().getId();
        int poolWorkers = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            String name = t.getName();
            if (name.startsWith("weft-to-thread-")) {
                poolWorkers++;
            }
            if (t.getId() != self && (name.startsWith("weft-pipe-") || name.startsWith("weft-loop-")
                    || runsWeft(e.getValue()))) {
                leaked.add(name + " " + t.getState());
            }
        }
        if (poolWorkers > TO_THREAD_POOL) {
            leaked.add(poolWorkers + " toThread workers, more than its pool's " + TO_THREAD_POOL);
        }
        leaked.addAll(virtualLeaked(self));
        Collections.sort(leaked);
        return leaked;
    }

    /** Waits (5 s at most) for {@link #leaked()} to be empty; returns what is left. */
    static List<String> leakedSettled() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        List<String> left = leaked();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = leaked();
        }
        return left;
    }

    private static boolean runsWeft(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("dev.weft.")) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern TID = Pattern.compile("\"tid\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * JDK 21+: the virtual threads running Weft code or named {@code weft-*}, from a JSON thread
     * dump ({@code HotSpotDiagnosticMXBean.dumpThreads}, by reflection: the tests compile for 17).
     * Platform threads are in the dump too; they were looked at already and are skipped by id.
     */
    private static List<String> virtualLeaked(long self) {
        List<String> leaked = new ArrayList<>();
        if (Runtime.version().feature() < 21) {
            return leaked;
        }
        List<Long> platform = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            platform.add(t.getId());
        }
        platform.add(self);
        Path file = null;
        try {
            file = Files.createTempDirectory("weft-threads").resolve("dump.json");
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object json = format.getField("JSON").get(null);
            Object mx = ManagementFactory.getPlatformMXBean(bean.asSubclass(java.lang.management.PlatformManagedObject.class));
            Method dump = bean.getMethod("dumpThreads", String.class, format);
            dump.invoke(mx, file.toString(), json);
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            Matcher tid = TID.matcher(text);
            List<int[]> spans = new ArrayList<>();
            while (tid.find()) {
                spans.add(new int[] {tid.start(), 0});
            }
            for (int i = 0; i < spans.size(); i++) {
                int from = spans.get(i)[0];
                int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
                String thread = text.substring(from, to);
                Matcher id = TID.matcher(thread);
                id.find();
                if (platform.contains(Long.parseLong(id.group(1)))) {
                    continue;
                }
                Matcher name = NAME.matcher(thread);
                String n = name.find() ? name.group(1) : "";
                if (n.startsWith("weft-") || thread.contains("\"dev.weft.")) {
                    leaked.add("virtual thread " + id.group(1) + " '" + n + "'");
                }
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            leaked.add("no thread dump: " + e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(file.getParent());
                } catch (IOException e) {
                    // a temporary file left: harmless
                }
            }
        }
        return leaked;
    }

    /** This process's descendants, waiting (5 s at most) until there are none: "pid command" each. */
    static List<String> childrenSettled() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        List<String> left = children();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = children();
        }
        return left;
    }

    private static List<String> children() {
        List<String> left = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(p ->
                left.add(p.pid() + " " + p.info().commandLine().orElse(p.info().command().orElse("?"))));
        return left;
    }

    /** The descriptors of the kinds of {@link #KINDS} open now, and the total under "all". */
    static Map<String, Integer> ioFds() {
        Map<String, Integer> all = LoopProbe.fdKinds();
        Map<String, Integer> io = new java.util.LinkedHashMap<>();
        for (String kind : KINDS) {
            io.put(kind, all.getOrDefault(kind, 0));
        }
        io.put("all", all.values().stream().mapToInt(Integer::intValue).sum());
        return io;
    }

    /** Waits (5 s at most) until no kind of {@link #KINDS} has more descriptors open than {@code before}. */
    static Map<String, Integer> settledFdKinds(Map<String, Integer> before) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        Map<String, Integer> now = ioFds();
        while (more(before, now) != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = ioFds();
        }
        return now;
    }

    /** Fails if a kind of {@link #KINDS} has more descriptors open after than before (fewer is fine). */
    static void assertNoMore(Map<String, Integer> before, Map<String, Integer> after) {
        String more = more(before, after);
        if (more != null) {
            fail("descriptors: " + more + " (before " + before + ", after " + after + ")");
        }
    }

    private static String more(Map<String, Integer> before, Map<String, Integer> after) {
        for (String kind : KINDS) {
            int b = before.getOrDefault(kind, 0);
            int a = after.getOrDefault(kind, 0);
            if (a > b) {
                return a + " " + kind + " open, " + b + " before";
            }
        }
        return null;
    }
}
