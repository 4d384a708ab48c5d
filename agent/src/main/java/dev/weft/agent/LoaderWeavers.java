package dev.weft.agent;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.Weaver;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link Weaver} per class loader, so each loader's type hierarchy is read once. Loaders are
 * held weakly: the map forgets a loader (and its weaver) once the loader is collected.
 */
final class LoaderWeavers {
    private final Map<ClassLoader, Weaver> weavers = new WeakHashMap<>();
    private final WeaveOptions options;

    LoaderWeavers() {
        this(WeaveOptions.defaults());
    }

    LoaderWeavers(WeaveOptions options) {
        this.options = options;
    }

    /** The weaver for classes of {@code loader} (not null: boot classes are not woven). */
    synchronized Weaver forLoader(ClassLoader loader) {
        return weavers.computeIfAbsent(loader, l -> new Weaver(weakLookup(l), options));
    }

    synchronized int size() {
        return weavers.size();
    }

    /** The weaver is the map's value, so it must not hold its key strongly. */
    private static ClassBytesLookup weakLookup(ClassLoader loader) {
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        return name -> {
            ClassLoader l = ref.get();
            return l == null ? null : ClassBytesLookup.ofClassLoader(l).find(name);
        };
    }
}
