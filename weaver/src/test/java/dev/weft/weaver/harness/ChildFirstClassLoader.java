package dev.weft.weaver.harness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Map;
import java.util.TreeMap;

/**
 * Defines a fixed set of classes from bytes, child-first, and delegates everything else to its
 * parent (the test's loader, so {@code dev.weft.*} runtime classes are shared with the test).
 *
 * <p>The classes are ordinary non-boot classes, so the JVM verifies them when they are linked. Their
 * class files are also readable as resources ({@code p/Foo.class}), so a
 * {@code ClassBytesLookup.ofClassLoader(loader)} finds them. One loader per compilation keeps
 * static state apart between tests.
 */
public final class ChildFirstClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    /**
     * @param classes class bytes by internal name ({@code p/Foo$1})
     * @param parent  where every other class comes from
     */
    public ChildFirstClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super("weft-test", parent);
        this.classes = new TreeMap<>(classes);
    }

    /** The internal names of the classes this loader defines itself. */
    public java.util.Set<String> ownClasses() {
        return java.util.Collections.unmodifiableSet(classes.keySet());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = classes.get(name.replace('.', '/'));
                c = b != null ? defineClass(name, b, 0, b.length) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        throw new ClassNotFoundException(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] b = ownResource(name);
        return b != null ? new ByteArrayInputStream(b) : super.getResourceAsStream(name);
    }

    @Override
    @SuppressWarnings("deprecation") // URL(String, String, int, String, URLStreamHandler): URL.of needs Java 20
    public URL getResource(String name) {
        byte[] b = ownResource(name);
        if (b == null) {
            return super.getResource(name);
        }
        try {
            return new URL("weft-test", null, -1, "/" + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(b);
                        }
                    };
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] ownResource(String name) {
        if (!name.endsWith(".class")) {
            return null;
        }
        return classes.get(name.substring(0, name.length() - ".class".length()));
    }
}
