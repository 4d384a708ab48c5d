package dev.weft.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what the agent adds to start-up on a large class path: generates N classes without
 * {@code @Async}, and times a program that loads them all, with and without the agent. Not a test;
 * run after {@code mvn verify -pl runtime,weaver,agent}:
 *
 * <pre>
 * java -cp agent/target/test-classes:runtime/target/classes dev.weft.agent.StartupOverhead \
 *      agent/target/weft-agent.jar agent/target/startup 3000 9
 * </pre>
 *
 * Two class sets: "plain" classes never mention {@code dev/weft/} (the agent's byte scan skips
 * them), and "mentions" classes each use {@code dev.weft.Task} without {@code @Async} (the worst case:
 * the weaver parses every one of them and finds nothing to weave).
 */
final class StartupOverhead {
    private StartupOverhead() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Paths.get(args[0]).toAbsolutePath();
        Path work = Paths.get(args[1]).toAbsolutePath();
        int classes = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        for (boolean mentions : new boolean[] {false, true}) {
            String set = mentions ? "mentions" : "plain";
            Path out = Javac.compile(sources(classes, mentions), work.resolve(set), List.of(Javac.runtime()));
            long[] times = medians(out, agent, runs, work);
            System.out.printf("%-8s %d classes: without agent %d ms, with agent %d ms, ratio %.2f%n",
                    set, classes, times[0], times[1], (double) times[1] / times[0]);
        }
    }

    /** Median run times without and with the agent; the runs alternate, so that drift hits both. */
    private static long[] medians(Path classes, Path agent, int runs, Path work) throws Exception {
        long[][] times = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            times[0][i] = time(new JavaProcess().classPath(classes, Javac.runtime()), work);
            times[1][i] = time(new JavaProcess().option("-javaagent:" + agent).classPath(classes, Javac.runtime()), work);
        }
        Arrays.sort(times[0]);
        Arrays.sort(times[1]);
        return new long[] {times[0][runs / 2], times[1][runs / 2]};
    }

    private static long time(JavaProcess p, Path work) throws Exception {
        long start = System.nanoTime();
        JavaProcess.Result r = p.run(work.resolve("run"), "gen.Main");
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (r.exit() != 0 || !r.err().isEmpty()) {
            throw new AssertionError(r.toString());
        }
        return ms;
    }

    private static Map<String, String> sources(int n, boolean mentions) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "C" + i;
            names.add("gen." + name);
            String previous = i == 0 ? "Object" : "C" + (i - 1);
            StringBuilder s = new StringBuilder("package gen;\npublic class " + name + " {\n");
            s.append("  private final java.util.List<String> items = new java.util.ArrayList<>();\n");
            s.append("  private int count;\n");
            for (int m = 0; m < 8; m++) {
                s.append("  public int m").append(m).append("(int x) { count += x * ").append(m)
                        .append("; items.add(\"").append(name).append(m).append("\" + x); return count; }\n");
            }
            s.append("  public Object previous() { return \"").append(previous).append("\"; }\n");
            if (mentions) {
                s.append("  public dev.weft.Task<Integer> task() { return dev.weft.Task.of(count); }\n");
            }
            s.append("}\n");
            sources.put("gen." + name, s.toString());
        }
        StringBuilder main = new StringBuilder("package gen;\npublic class Main {\n  static final String[] NAMES = {\n");
        for (String name : names) {
            main.append("    \"").append(name).append("\",\n");
        }
        main.append("  };\n  public static void main(String[] args) throws Exception {\n"
                + "    int loaded = 0;\n"
                + "    for (String n : NAMES) { Class.forName(n); loaded++; }\n"
                + "    if (loaded != NAMES.length) throw new AssertionError();\n"
                + "  }\n}\n");
        sources.put("gen.Main", main.toString());
        return sources;
    }
}
