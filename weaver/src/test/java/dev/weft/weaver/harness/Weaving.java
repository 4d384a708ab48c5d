package dev.weft.weaver.harness;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weaves a set of classes as the build would: one {@link Weaver} whose lookup finds the set itself
 * first and then the test's class path, applied to every class.
 *
 * <pre>{@code
 * Weaving w = Weaving.weaveAll(compiled);
 * w.classes();       // woven bytes and generated frame classes, by internal name
 * w.diagnostics();   // everything the weaver reported, class by class
 * }</pre>
 */
public final class Weaving {
    private final Map<String, WeaveResult> results;
    private final Map<String, byte[]> classes;
    private final List<Diagnostic> diagnostics;

    private Weaving(Map<String, WeaveResult> results, Map<String, byte[]> classes, List<Diagnostic> diagnostics) {
        this.results = Collections.unmodifiableMap(results);
        this.classes = Collections.unmodifiableMap(classes);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The weaver the harness uses for {@code classes}: they first, then the test's class loader. */
    public static Weaver weaverFor(Map<String, byte[]> classes) {
        return weaverFor(classes, WeaveOptions.defaults());
    }

    /** As {@link #weaverFor(Map)}, weaving with {@code options}. */
    public static Weaver weaverFor(Map<String, byte[]> classes, WeaveOptions options) {
        return new Weaver(ClassBytesLookup.ofMap(classes)
                .orElse(ClassBytesLookup.ofClassLoader(Weaving.class.getClassLoader())), options);
    }

    /** Weaves every class of {@code compiled} (internal name to bytes) with {@link #weaverFor}. */
    public static Weaving weaveAll(Map<String, byte[]> compiled) {
        return weaveAll(compiled, weaverFor(compiled));
    }

    /**
     * Weaves every class of {@code compiled} with {@code weaver}.
     *
     * @throws AssertionError if the weaver throws (it must report problems as diagnostics), or if a
     *                        generated class clashes with another class
     */
    public static Weaving weaveAll(Map<String, byte[]> compiled, Weaver weaver) {
        Map<String, WeaveResult> results = new TreeMap<>();
        Map<String, byte[]> out = new TreeMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(compiled).entrySet()) {
            WeaveResult r;
            try {
                r = weaver.weave(e.getValue().clone());
            } catch (RuntimeException | Error t) {
                AssertionError failure = new AssertionError("the weaver threw on " + e.getKey()
                        + " instead of reporting a diagnostic: " + t);
                failure.initCause(t);
                throw failure;
            }
            if (r == null) {
                throw new AssertionError("the weaver returned null for " + e.getKey());
            }
            results.put(e.getKey(), r);
            diagnostics.addAll(r.diagnostics());
            put(out, e.getKey(), r.bytes());
        }
        for (WeaveResult r : results.values()) {
            r.generatedClasses().forEach((name, bytes) -> put(out, name, bytes));
        }
        return new Weaving(results, out, diagnostics);
    }

    private static void put(Map<String, byte[]> out, String name, byte[] bytes) {
        if (bytes == null) {
            throw new AssertionError("the weaver gave no bytes for " + name);
        }
        if (out.putIfAbsent(name, bytes) != null) {
            throw new AssertionError("two classes named " + name + " after weaving");
        }
    }

    /** The result for each input class, by internal name. */
    public Map<String, WeaveResult> results() {
        return results;
    }

    /** The classes to load: each input class's resulting bytes, plus all generated classes. */
    public Map<String, byte[]> classes() {
        return classes;
    }

    /** All diagnostics, in class name order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
