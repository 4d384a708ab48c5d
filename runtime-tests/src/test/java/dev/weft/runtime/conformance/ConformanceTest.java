package dev.weft.runtime.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The differential conformance suite: each scenario under {@code src/test/resources/conformance} is
 * an asyncio program whose CPython 3.13 trace is checked in ({@code <module>.golden}) and a Weft
 * twin (see {@link Twins}) whose trace must equal it line for line. When CPython 3.13 is present,
 * {@link #cpythonReproducesTheGoldens()} also reruns the asyncio programs, so the goldens cannot
 * drift from CPython; when it is absent that test is skipped and says so.
 */
class ConformanceTest {
    private static final Duration PER_SCENARIO = Duration.ofSeconds(5);
    private static final AtomicInteger MATCHED = new AtomicInteger();
    private static final AtomicInteger MARKED = new AtomicInteger();
    private static final AtomicInteger DIFFERENT = new AtomicInteger();

    @AfterAll
    static void summary() {
        if (MATCHED.get() + MARKED.get() + DIFFERENT.get() > 0) {
            System.out.println("[conformance] " + MATCHED + " scenarios match CPython, " + MARKED
                    + " are known mismatches (KnownMismatches), " + DIFFERENT + " differ");
        }
    }

    @TestFactory
    Stream<DynamicContainer> weftTracesEqualCPythons() {
        Map<String, Method> twins = Twins.all();
        List<DynamicContainer> files = new ArrayList<>();
        Goldens.load().forEach((file, traces) -> {
            List<DynamicTest> tests = new ArrayList<>();
            traces.forEach((name, expected) ->
                    tests.add(DynamicTest.dynamicTest(name, () -> check(name, expected, twins.get(name)))));
            files.add(DynamicContainer.dynamicContainer(file, tests));
        });
        return files.stream();
    }

    private static void check(String name, List<String> expected, Method twin) {
        if (twin == null) {
            fail("scenario " + name + " has no Weft twin: add a static @Async method "
                    + camel(name) + "() to a class listed in Twins");
        }
        String reason = KnownMismatches.reason(name);
        List<String> actual;
        try {
            actual = assertTimeoutPreemptively(PER_SCENARIO, () -> runTwin(twin));
        } catch (AssertionFailedError e) {
            String hang = "the twin of " + name + " did not end within " + PER_SCENARIO.toSeconds() + " s";
            if (reason != null) {
                MARKED.incrementAndGet();
                Assumptions.abort("known mismatch, " + reason + "; " + hang);
            }
            DIFFERENT.incrementAndGet();
            throw new AssertionFailedError(hang, e);
        }
        (actual.equals(expected) ? MATCHED : reason != null ? MARKED : DIFFERENT).incrementAndGet();
        if (reason == null) {
            assertEquals(String.join("\n", expected), String.join("\n", actual),
                    "Weft's trace of " + name + " differs from CPython's");
        } else if (actual.equals(expected)) {
            fail(name + " matches CPython now: remove its mark in KnownMismatches (" + reason + ")");
        } else {
            Assumptions.abort("known mismatch, " + reason + "; first difference: " + firstDifference(expected, actual));
        }
    }

    /** Runs a twin on a fresh loop with a virtual clock, as run.py runs the asyncio program. */
    static List<String> runTwin(Method twin) {
        LoopClock clock = LoopClock.virtual();
        List<String> lines = Trace.start(clock);
        RunOptions options = RunOptions.defaults().withClock(clock).withReporter((message, error) -> {
            // Reports made when a task is garbage-collected depend on the collector: left out on both sides.
            if (!message.contains("never retrieved") && !message.contains("never awaited")) {
                Trace.log("reported", error);
            }
        });
        try {
            Object result = Weft.run(() -> invoke(twin), options);
            if (result != null) {
                Trace.log("run ->", result);
            }
        } catch (Throwable e) {
            Trace.log("run raised", e);
        }
        return lines;
    }

    private static Task<?> invoke(Method twin) {
        try {
            return (Task<?>) twin.invoke(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("an @Async method threw at its call", e.getCause());
        }
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(end)";
            String a = i < actual.size() ? actual.get(i) : "(end)";
            if (!e.equals(a)) {
                return "line " + (i + 1) + ": CPython '" + e + "', Weft '" + a + "'";
            }
        }
        return "none";
    }

    @Test
    void everyTwinHasAGoldenAndEveryMarkAScenario() {
        TreeSet<String> scenarios = new TreeSet<>();
        Goldens.load().values().forEach(traces -> scenarios.addAll(traces.keySet()));
        TreeSet<String> orphans = new TreeSet<>(Twins.all().keySet());
        orphans.removeAll(scenarios);
        assertEquals(new TreeSet<>(), orphans, "twins without a scenario in the goldens (run run.py --update)");
        TreeSet<String> staleMarks = new TreeSet<>(KnownMismatches.all().keySet());
        staleMarks.removeAll(scenarios);
        assertEquals(new TreeSet<>(), staleMarks, "KnownMismatches marks for no scenario");
        assertTrue(scenarios.size() > 0, "no goldens found");
    }

    @Test
    void cpythonReproducesTheGoldens() throws Exception {
        Optional<String> python = CPython.find();
        if (python.isEmpty()) {
            String msg = "CPython 3.13 not found (WEFT_CPYTHON, pyenv 3.13.*, python3.13, python3):"
                    + " the goldens were not re-checked against CPython; Weft was still checked against them";
            System.err.println("[conformance] " + msg);
            Assumptions.abort(msg);
        }
        Map<String, List<String>> fresh = CPython.runAll(python.get());
        List<String> drift = new ArrayList<>();
        TreeSet<String> golden = new TreeSet<>();
        Goldens.load().forEach((file, traces) -> traces.forEach((name, expected) -> {
            golden.add(name);
            List<String> now = fresh.get(name);
            if (now == null) {
                drift.add(name + " (" + file + "): not produced by run.py");
            } else if (!now.equals(expected)) {
                drift.add(name + " (" + file + "): " + firstDifference(expected, now));
            }
        }));
        fresh.keySet().stream().filter(n -> !golden.contains(n))
                .forEach(n -> drift.add(n + ": no golden (run run.py --update)"));
        assertEquals(List.of(), drift, "CPython " + python.get() + " no longer produces the goldens");
        System.out.println("[conformance] CPython " + python.get() + " reproduced all " + golden.size() + " goldens");
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }
}
