package dev.weft.bench.weave;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 9 (weaving): what weaving with {@code keepLocals} costs at run time. One source, a loop that
 * suspends ({@code sleep(0)}) on every iteration with five locals in scope (int, long, double, String,
 * array) that it no longer reads after the await, is compiled in memory at set-up and woven twice:
 * by default ({@code weft}: they are not saved) and keeping every local ({@code keepLocals}: saved
 * and restored at each suspension). ns per iteration; each run's sum is checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(KeepLocalsBenchmark.ITERATIONS)
public class KeepLocalsBenchmark {
    static final int ITERATIONS = 10_000;

    static final String SOURCE = "package gen;\n"
            + "import static dev.weft.Weft.await;\n"
            + "import static dev.weft.Weft.sleep;\n"
            + "import dev.weft.Async;\n"
            + "import dev.weft.Task;\n"
            + "import dev.weft.Weft;\n"
            + "import java.util.function.IntToLongFunction;\n"
            + "public final class Locals implements IntToLongFunction {\n"
            + "    private static final int[] ARRAY = {1, 2, 3};\n"
            + "    public long applyAsLong(int n) { return Weft.run(() -> loop(n)); }\n"
            + "    @Async static Task<Long> loop(int n) {\n"
            + "        long sum = 0;\n"
            + "        for (int i = 0; i < n; i++) {\n"
            + "            int a = i & 7;\n"
            + "            long b = a * 3L;\n"
            + "            double c = a / 2.0;\n"
            + "            String d = a > 3 ? \"big\" : \"small\";\n"
            + "            int[] e = ARRAY;\n"
            + "            sum += a + b + (long) c + d.length() + e.length;\n"
            + "            await(sleep(0));\n"
            + "        }\n"
            + "        return Task.of(sum);\n"
            + "    }\n"
            + "}\n";

    private IntToLongFunction byDefault;
    private IntToLongFunction keepingLocals;
    private long expected;

    @Setup
    public void weaveBothWays() throws ReflectiveOperationException {
        Map<String, byte[]> compiled = InMemoryJavac.compile(Map.of("gen.Locals", SOURCE));
        byDefault = load(compiled, WeaveOptions.defaults());
        keepingLocals = load(compiled, WeaveOptions.defaults().withKeepLocals(true));
        for (int i = 0; i < ITERATIONS; i++) {
            int a = i & 7;
            expected += a + a * 3L + (long) (a / 2.0) + (a > 3 ? 3 : 5) + 3;
        }
    }

    private static IntToLongFunction load(Map<String, byte[]> compiled, WeaveOptions options)
            throws ReflectiveOperationException {
        Weaver weaver = new Weaver(ClassBytesLookup.ofMap(compiled)
                .orElse(ClassBytesLookup.ofClassLoader(KeepLocalsBenchmark.class.getClassLoader())), options);
        Map<String, byte[]> woven = new TreeMap<>();
        for (Map.Entry<String, byte[]> c : compiled.entrySet()) {
            WeaveResult r = weaver.weave(c.getValue());
            if (r.hasErrors()) {
                throw new IllegalStateException("cannot weave " + c.getKey() + ": " + r.diagnostics());
            }
            woven.put(c.getKey(), r.bytes());
            woven.putAll(r.generatedClasses());
        }
        ClassLoader loader = new MapClassLoader(woven, KeepLocalsBenchmark.class.getClassLoader());
        return (IntToLongFunction) loader.loadClass("gen.Locals").getDeclaredConstructor().newInstance();
    }

    @Benchmark
    public long weft() {
        return check(byDefault.applyAsLong(ITERATIONS));
    }

    @Benchmark
    public long keepLocals() {
        return check(keepingLocals.applyAsLong(ITERATIONS));
    }

    private long check(long sum) {
        if (sum != expected) {
            throw new AssertionError("sum " + sum + ", expected " + expected);
        }
        return sum;
    }

    /** Defines the woven classes (internal names to bytes) itself, the rest from its parent. */
    private static final class MapClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MapClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = new HashMap<>(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
