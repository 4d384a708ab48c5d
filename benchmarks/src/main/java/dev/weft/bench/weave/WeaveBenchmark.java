package dev.weft.bench.weave;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 9: ns per class through {@link Weaver#weave}, one weaver reused as the Maven plugin and
 * the agent reuse theirs. The classes ({@link ClassSources}) are compiled in memory at set-up, so
 * the weaver sees javac's unwoven bytes: {@code weftWithAsync} weaves classes with
 * {@code @Async} methods, {@code weftPlain} passes over classes that never name the runtime (a
 * byte scan) and {@code weftMentionsRuntime} over classes that use {@code Task} without
 * {@code @Async} (parsed, nothing to weave). Every result is checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WeaveBenchmark.CLASSES)
public class WeaveBenchmark {
    static final int CLASSES = 20;

    private List<byte[]> async;
    private List<byte[]> plain;
    private List<byte[]> mentions;
    private Weaver weaver;

    @Setup
    public void compile() {
        Map<String, String> sources = new TreeMap<>();
        sources.putAll(ClassSources.async(CLASSES));
        sources.putAll(ClassSources.plain(CLASSES, false));
        sources.putAll(ClassSources.plain(CLASSES, true));
        Map<String, byte[]> classes = InMemoryJavac.compile(sources);
        async = topLevel(classes, "gen/Service");
        plain = topLevel(classes, "gen/Plain");
        mentions = topLevel(classes, "gen/Model");
        weaver = new Weaver(ClassBytesLookup.ofMap(classes)
                .orElse(ClassBytesLookup.ofClassLoader(WeaveBenchmark.class.getClassLoader())));
    }

    private static List<byte[]> topLevel(Map<String, byte[]> classes, String prefix) {
        List<byte[]> selected = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            if (name.startsWith(prefix) && name.indexOf('$') < 0) {
                selected.add(bytes);
            }
        });
        if (selected.size() != CLASSES) {
            throw new IllegalStateException(selected.size() + " classes named " + prefix + "*, expected " + CLASSES);
        }
        return selected;
    }

    @Benchmark
    public int weftWithAsync() {
        int frames = 0;
        for (byte[] c : async) {
            WeaveResult r = weaver.weave(c);
            if (!r.isWoven() || r.hasErrors()) {
                throw new AssertionError("not woven: " + r.status() + " " + r.diagnostics());
            }
            frames += r.generatedClasses().size();
        }
        // Four @Async methods and one awaiting lambda per class.
        if (frames != 5 * CLASSES) {
            throw new AssertionError(frames + " frame classes for " + CLASSES + " classes");
        }
        return frames;
    }

    @Benchmark
    public int weftPlain() {
        return passOver(plain);
    }

    @Benchmark
    public int weftMentionsRuntime() {
        return passOver(mentions);
    }

    private int passOver(List<byte[]> classes) {
        int size = 0;
        for (byte[] c : classes) {
            WeaveResult r = weaver.weave(c);
            if (r.isWoven() || r.status() == WeaveResult.Status.FAILED || r.bytes() != c) {
                throw new AssertionError("a class without @Async changed: " + r.status() + " " + r.diagnostics());
            }
            size += r.bytes().length;
        }
        return size;
    }
}
