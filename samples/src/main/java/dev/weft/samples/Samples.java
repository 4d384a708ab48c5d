package dev.weft.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists and runs the samples: {@code java -jar weft-samples.jar} runs them all in order,
 * {@code java -jar weft-samples.jar hello} runs one.
 */
public final class Samples {
    static final Map<String, Consumer<String[]>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("hello", Hello::main);
        ALL.put("gather", Gathering::main);
        ALL.put("tasks", BackgroundTasks::main);
        ALL.put("timeouts", Timeouts::main);
        ALL.put("resources", AsyncResources::main);
        ALL.put("sync", Synchronization::main);
        ALL.put("run-in-loop", RunInLoop::main);
        ALL.put("pitfalls-blocking", BlockingSleep::main);
        ALL.put("pitfalls-cpu", CpuBound::main);
        ALL.put("pitfalls-forgotten-await", ForgottenAwait::main);
        ALL.put("pitfalls-deadlock", Deadlock::main);
        ALL.put("async-trace", AsyncTrace::main);
        ALL.put("http", LocalHttp::main);
        ALL.put("echo", Echo::main);
        ALL.put("chat", Chat::main);
        ALL.put("fetch", Fetching::main);
        ALL.put("subprocess", RunCommands::main);
        ALL.put("tls-echo", TlsEcho::main);
        ALL.put("udp-ping", UdpPing::main);
    }

    private Samples() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !ALL.containsKey(args[0])) {
            System.err.println("unknown sample '" + args[0] + "'; the samples are: " + String.join(", ", ALL.keySet()));
            System.exit(2);
        }
        for (Map.Entry<String, Consumer<String[]>> e : ALL.entrySet()) {
            if (args.length == 0 || args[0].equals(e.getKey())) {
                System.out.println("=== " + e.getKey());
                e.getValue().accept(new String[0]);
            }
        }
    }
}
