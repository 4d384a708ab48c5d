package dev.weft.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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
 * them), and "mentions" classes each use {@code dev.weft.Task} without {@code @Async} (typical of
 * an application's classes around its async code; the agent's pre-filter skips them too, as they name
 * neither {@code @Async} nor {@code Weft} and drop no task). A third run
 * uses an agent whose transformer does nothing, to separate the JVM's own price for any transformer.
 *
 * <p>First figures (JDK 17, 2 CPUs shared with other builds, so noisy): the Weft agent costs 1.09 to
 * 1.24 times the start-up without an agent, and 1.01 to 1.11 times that with a no-op agent. Weaving
 * the first class adds a one-time 0.3 s of CPU (loading and running the weaver cold).
 */
final class StartupOverhead {
    private StartupOverhead() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Paths.get(args[0]).toAbsolutePath();
        Path work = Paths.get(args[1]).toAbsolutePath();
        int classes = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path noOp = noOpAgent(work);
        for (boolean mentions : new boolean[] {false, true}) {
            String set = mentions ? "mentions" : "plain";
            Path out = Javac.compile(sources(classes, mentions), work.resolve(set), List.of(Javac.runtime()));
            long[][] t = medians(out, List.of("", "-javaagent:" + noOp, "-javaagent:" + agent), runs, work);
            System.out.printf("%-8s %d classes, median wall / CPU ms: no agent %d / %d, no-op agent %d / %d,"
                    + " weft agent %d / %d; weft vs none %.2f / %.2f, weft vs no-op %.2f / %.2f%n",
                    set, classes, t[0][0], t[0][1], t[1][0], t[1][1], t[2][0], t[2][1],
                    ratio(t[2][0], t[0][0]), ratio(t[2][1], t[0][1]), ratio(t[2][0], t[1][0]), ratio(t[2][1], t[1][1]));
        }
    }

    private static double ratio(long a, long b) {
        return (double) a / b;
    }

    /**
     * Median wall-clock and CPU times of the program under each JVM option (an agent, or none); the
     * runs alternate, so that drift and other load hit all alike. The CPU time is the process's own,
     * as it reports it at the end of main: it suffers less from a busy machine than the wall clock.
     */
    private static long[][] medians(Path classes, List<String> options, int runs, Path work) throws Exception {
        long[][][] times = new long[options.size()][2][runs];
        for (int i = 0; i < runs; i++) {
            for (int o = 0; o < options.size(); o++) {
                JavaProcess p = new JavaProcess().classPath(classes, Javac.runtime());
                if (!options.get(o).isEmpty()) {
                    p.option(options.get(o));
                }
                long start = System.nanoTime();
                JavaProcess.Result r = p.run(work.resolve("run"), "gen.Main");
                times[o][0][i] = (System.nanoTime() - start) / 1_000_000;
                if (r.exit() != 0 || !r.err().isEmpty()) {
                    throw new AssertionError(r.toString());
                }
                times[o][1][i] = Long.parseLong(r.out().trim());
            }
        }
        long[][] medians = new long[options.size()][2];
        for (int o = 0; o < options.size(); o++) {
            for (int k = 0; k < 2; k++) {
                Arrays.sort(times[o][k]);
                medians[o][k] = times[o][k][runs / 2];
            }
        }
        return medians;
    }

    /** An agent whose transformer does nothing: the JVM's own price for any class file transformer. */
    private static Path noOpAgent(Path work) throws IOException {
        Path classes = Javac.compile(Map.of("noop.Agent", "package noop;\n"
                + "public class Agent {\n"
                + "  public static void premain(String a, java.lang.instrument.Instrumentation inst) {\n"
                + "    inst.addTransformer(new java.lang.instrument.ClassFileTransformer() {});\n"
                + "  }\n"
                + "}\n"), work.resolve("noop"), List.of());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "noop.Agent");
        Path jar = work.resolve("noop-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("noop/Agent.class"));
            out.write(Javac.read(classes, "noop/Agent"));
            out.putNextEntry(new JarEntry("noop/Agent$1.class"));
            out.write(Javac.read(classes, "noop/Agent$1"));
        }
        return jar;
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
                + "    System.out.println(ProcessHandle.current().info().totalCpuDuration().get().toMillis());\n"
                + "  }\n}\n");
        sources.put("gen.Main", main.toString());
        return sources;
    }
}
