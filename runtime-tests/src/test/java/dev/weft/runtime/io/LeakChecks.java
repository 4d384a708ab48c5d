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

    /**
     * Bytes by class of the live heap ({@code GC.class_histogram}, a full GC first), to say what a
     * heap that grew holds; empty if the diagnostic command is not there.
     */
    static Map<String, Long> heapByClass() {
        Map<String, Long> bytes = new java.util.HashMap<>();
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            // "   1:         12345        6789012  [B (java.base@17)"
            Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)").matcher((String) out);
            while (m.find()) {
                bytes.put(m.group(2), Long.parseLong(m.group(1)));
            }
        } catch (javax.management.JMException | RuntimeException e) {
            // no histogram: the report says less
        }
        return bytes;
    }

    /** The {@code n} classes whose live bytes grew most from {@code before} to {@code after}. */
    static String grewMost(Map<String, Long> before, Map<String, Long> after, int n) {
        List<Map.Entry<String, Long>> growth = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                growth.add(Map.entry(e.getKey(), d));
            }
        }
        growth.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return growth.subList(0, Math.min(n, growth.size())).toString();
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
        List<String> more = new ArrayList<>();
        for (String kind : KINDS) {
            int b = before.getOrDefault(kind, 0);
            int a = after.getOrDefault(kind, 0);
            if (a > b) {
                more.add(a + " " + kind + " open, " + b + " before");
            }
        }
        return more.isEmpty() ? null : String.join("; ", more);
    }
}
