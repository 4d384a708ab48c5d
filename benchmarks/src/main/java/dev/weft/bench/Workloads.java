package dev.weft.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The workloads in report order: JMH benchmark classes by simple name (less "Benchmark") and probe workloads. */
final class Workloads {
    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("AwaitDone", "1. await on a completed task");
        TITLES.put("PingPong", "2. ping-pong round trip");
        TITLES.put("sleepers", "3. one million sleepers");
        TITLES.put("Gather", "4. gather over 100k tasks, per task");
        TITLES.put("Generator", "5. generator / bounded queue, per item");
        TITLES.put("Lock", "6. lock hand-off, per acquisition");
        TITLES.put("Yield", "7. yield, per trip through the loop");
        TITLES.put("LongLoop", "8. long loop of suspensions, per iteration");
        TITLES.put("longLoopHeap", "8. long loop of suspensions, heap");
        TITLES.put("Weave", "9. weaving, per class");
        TITLES.put("agentStartup", "9. agent start-up");
        TITLES.put("KeepLocals", "9. woven with keepLocals, per suspension with five dead locals");
        TITLES.put("echo", "10. TCP echo, one server thread");
        TITLES.put("tlsEcho", "11. TLS echo, one server thread");
        TITLES.put("FailurePath", "12. a failure across awaits, per failure (async stack traces)");
        TITLES.put("Nested", "13. nested async calls, depth 10, each suspending, per chain");
    }

    private Workloads() {}

    static String title(String workload) {
        return TITLES.getOrDefault(workload, workload);
    }

    static int order(String workload) {
        int i = 0;
        for (String w : TITLES.keySet()) {
            if (w.equals(workload)) {
                return i;
            }
            i++;
        }
        return i;
    }
}
