package dev.weft.maven;

import dev.weft.weaver.ClassBytesLookup;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Class bytes from a class path of directories and jars, in class path order, without loading
 * any class. Jars are opened when first needed and kept open until {@link #close()}; what was found
 * in jars is cached, as jars do not change during a build. Directories are read each time (the
 * classes directory being woven changes as it is woven). Thread-safe.
 */
final class ClasspathLookup implements ClassBytesLookup, Closeable {
    private static final byte[] MISSING = new byte[0];

    private final List<Path> elements;
    private final Map<Path, Optional<JarFile>> jars = new ConcurrentHashMap<>();
    private final Map<String, byte[]> jarCache = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code elements} in order; missing ones are ignored, duplicates looked at once. */
    ClasspathLookup(List<Path> elements) {
        Set<Path> unique = new LinkedHashSet<>();
        for (Path p : elements) {
            unique.add(p.toAbsolutePath().normalize());
        }
        this.elements = new ArrayList<>(unique);
    }

    /** The JDK's classes (the platform class loader and, through it, the boot classes). */
    static ClassBytesLookup jdk() {
        ClassBytesLookup platform = ClassBytesLookup.ofClassLoader(ClassLoader.getPlatformClassLoader());
        Map<String, byte[]> cache = new ConcurrentHashMap<>();
        return name -> {
            byte[] b = cache.computeIfAbsent(name, n -> Optional.ofNullable(platform.find(n)).orElse(MISSING));
            return b == MISSING ? null : b;
        };
    }

    @Override
    public byte[] find(String internalName) {
        if (closed) {
            throw new IllegalStateException("class path lookup is closed");
        }
        if (internalName == null || internalName.isEmpty() || internalName.contains("..")
                || internalName.startsWith("/") || internalName.contains("\\")) {
            return null;
        }
        String resource = internalName + ".class";
        for (Path element : elements) {
            byte[] b = Files.isDirectory(element) ? fromDirectory(element, resource)
                    : Files.isRegularFile(element) ? fromJar(element, resource) : null;
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    private static byte[] fromDirectory(Path dir, String resource) {
        Path file = dir.resolve(resource);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private byte[] fromJar(Path jar, String resource) {
        String key = jar + "!" + resource;
        byte[] cached = jarCache.get(key);
        if (cached != null) {
            return cached == MISSING ? null : cached;
        }
        JarFile jf = open(jar);
        byte[] b = null;
        if (jf != null) {
            JarEntry entry = jf.getJarEntry(resource);
            if (entry != null && !entry.isDirectory()) {
                try (InputStream in = jf.getInputStream(entry)) {
                    b = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resource + " in " + jar, e);
                }
            }
        }
        jarCache.put(key, b == null ? MISSING : b);
        return b;
    }

    /** The open jar, or null if {@code path} is not a readable jar. */
    private JarFile open(Path path) {
        return jars.computeIfAbsent(path, p -> {
            try {
                // Multi-release aware: the entries of the running Java version win.
                return Optional.of(new JarFile(p.toFile(), false, ZipFile.OPEN_READ, Runtime.version()));
            } catch (IOException e) {
                return Optional.empty(); // not a jar: nothing to find there
            }
        }).orElse(null);
    }

    /** Number of jars opened so far (for tests). */
    int openJars() {
        return (int) jars.values().stream().filter(Optional::isPresent).count();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        IOException failure = null;
        for (Optional<JarFile> jf : jars.values()) {
            if (jf.isEmpty()) {
                continue;
            }
            try {
                jf.get().close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        jars.clear();
        jarCache.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
