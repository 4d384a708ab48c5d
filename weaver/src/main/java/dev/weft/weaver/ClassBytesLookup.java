package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Finds the bytes of other classes, so the weaver can learn the type hierarchy without loading
 * classes (loading them from a transformer causes circularity errors and wrong class loaders).
 *
 * <pre>{@code
 * Weaver weaver = new Weaver(ClassBytesLookup.ofClassLoader(loader));
 * }</pre>
 */
@FunctionalInterface
public interface ClassBytesLookup {
    /**
     * The class file of {@code internalName} (such as {@code java/lang/String}), or null if unknown.
     *
     * @param internalName the class's internal name
     * @return the class file's bytes, or null
     */
    byte[] find(String internalName);

    /**
     * Looks in {@code this} first, then in {@code next}.
     *
     * @param next where to look when {@code this} finds nothing
     * @return the combined lookup
     */
    default ClassBytesLookup orElse(ClassBytesLookup next) {
        return name -> {
            byte[] b = find(name);
            return b != null ? b : next.find(name);
        };
    }

    /**
     * Reads {@code name.class} as a resource of {@code loader} (the platform loader if null).
     *
     * @param loader the class loader to read from, or null
     * @return a lookup that reads class files as resources
     */
    static ClassBytesLookup ofClassLoader(ClassLoader loader) {
        return name -> {
            String resource = name + ".class";
            try (InputStream in = loader == null
                    ? ClassLoader.getSystemResourceAsStream(resource)
                    : loader.getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        };
    }

    /**
     * Looks up classes in a map from internal name to bytes.
     *
     * @param classes class files by internal name
     * @return a lookup backed by the map
     */
    static ClassBytesLookup ofMap(Map<String, byte[]> classes) {
        return classes::get;
    }
}
