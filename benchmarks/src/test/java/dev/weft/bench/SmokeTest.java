package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * CI's check of the suite: every benchmark and probe runs once (each contender checks its own
 * result), and the report has a row for each. Times nothing.
 */
class SmokeTest {
    @Test
    void everyBenchmarkAndProbeRunsOnce() throws Exception {
        Report report = new Suite(Suite.Mode.SMOKE, Pattern.compile(".*")).run();
        Set<String> measured = report.byKey().values().stream()
                .map(r -> r.workload + "." + r.contender).collect(Collectors.toCollection(TreeSet::new));

        Set<String> expected = new TreeSet<>();
        for (Class<?> c : benchmarkClasses()) {
            String workload = c.getSimpleName().replaceFirst("Benchmark$", "");
            for (Method m : c.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)
                        && (VirtualThreads.available() || !m.getName().startsWith("virtualThreads"))) {
                    expected.add(workload + "." + m.getName());
                }
            }
        }
        for (String name : Probes.ALL) {
            Probe p = (Probe) Class.forName(name).getDeclaredConstructor().newInstance();
            if (p.available()) {
                for (String c : p.contenders()) {
                    expected.add(p.workload() + "." + c);
                }
            }
        }
        assertTrue(expected.size() > 10, "benchmarks found: " + expected);
        assertEquals(expected, measured);
        String md = report.markdown("smoke", true);
        assertTrue(md.contains("| 2. ping-pong round trip | Weft |"), md);
    }

    @Test
    void theTargetsSelectionRunsOnceAndReportsItsTargets() throws Exception {
        Report report = new Suite(Suite.Mode.SMOKE, Pattern.compile(".*"), true).run();
        Set<String> measured = report.byKey().values().stream()
                .map(r -> r.workload + "." + r.contender).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        for (String b : Suite.TARGET_BENCHMARKS) {
            String cls = b.substring(b.indexOf('.') + 1, b.lastIndexOf('.'));
            expected.add(cls.replaceFirst("Benchmark$", "") + b.substring(b.lastIndexOf('.')));
        }
        expected.add("sleepers.weft");
        expected.add("sleepers.kotlin");
        if (VirtualThreads.available()) {
            expected.add("sleepers.virtualThreads");
        }
        assertEquals(expected, measured);
        String md = report.targetsMarkdown("smoke", true);
        assertTrue(md.contains("| nested async calls, depth 10: Kotlin suspend functions ÷ Weft | ≥ 1× | "), md);
        assertTrue(md.contains("| `Nested.kotlin.time` | "), md);
        assertFalse(md.contains("Nested.eaAsync"), md); // in no target: quick and full modes run it
        assertTrue(md.contains("| `sleepers.weft.heap per sleeper` | "), md);
    }

    private static Set<Class<?>> benchmarkClasses() throws Exception {
        Path classes = Path.of(SmokeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes");
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String rel = classes.relativize(f).toString().replace('\\', '/');
                if (rel.endsWith("Benchmark.class") && !rel.contains("jmh_generated")) {
                    found.add(Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.')));
                }
            }
        }
        return found;
    }
}
