package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.weaver.ClassBytesLookup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathLookupTest {
    @TempDir
    Path tmp;

    private Path jar(String name, String entry, byte[] bytes) throws IOException {
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void searchesDirectoriesAndJarsInClassPathOrder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes/com/acme"));
        Files.write(dir.resolve("Foo.class"), new byte[] {1});
        Path jar1 = jar("a.jar", "com/acme/Foo.class", new byte[] {2});
        Path jar2 = jar("b.jar", "com/acme/Bar.class", new byte[] {3});
        Path notAJar = Files.writeString(tmp.resolve("README"), "text");

        try (ClasspathLookup l = new ClasspathLookup(List.of(tmp.resolve("classes"), tmp.resolve("missing"),
                notAJar, jar1, jar2, jar1))) {
            assertArrayEquals(new byte[] {1}, l.find("com/acme/Foo"));
            assertArrayEquals(new byte[] {3}, l.find("com/acme/Bar"));
            assertArrayEquals(new byte[] {3}, l.find("com/acme/Bar"));
            assertNull(l.find("com/acme/Nope"));
            assertNull(l.find("../../etc/passwd"));
            assertEquals(2, l.openJars());
        }
    }

    @Test
    void directoriesAreReadFreshJarsAreCachedAndClosed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes"));
        Path jar = jar("a.jar", "X.class", new byte[] {7});
        ClasspathLookup l = new ClasspathLookup(List.of(dir, jar));
        assertArrayEquals(new byte[] {7}, l.find("X"));
        try (OutputStream out = Files.newOutputStream(dir.resolve("X.class"))) {
            out.write(8);
        }
        assertArrayEquals(new byte[] {8}, l.find("X"), "the classes directory is read each time");
        l.close();
        assertEquals(0, l.openJars());
        assertThrows(IllegalStateException.class, () -> l.find("X"));
    }

    @Test
    void jdkClassesComeFromThePlatform() {
        ClassBytesLookup jdk = ClasspathLookup.jdk();
        assertNotNull(jdk.find("java/lang/String"));
        assertNotNull(jdk.find("java/util/concurrent/CompletableFuture"));
        assertNotNull(jdk.find("java/sql/Connection"), "platform modules too, not only java.base");
        assertNull(jdk.find("dev/weft/maven/ClasspathLookup"), "not the application class path");
    }
}
