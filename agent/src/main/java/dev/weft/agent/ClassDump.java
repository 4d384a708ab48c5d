package dev.weft.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Writes woven classes and their frame classes under a directory ({@code -Dweft.dump=DIR}) for
 * inspection with {@code javap -c -p}, as {@code DIR/com/acme/Foo.class}.
 */
final class ClassDump {
    static final String PROPERTY = "weft.dump";

    private final Path dir;

    ClassDump(Path dir) {
        this.dir = dir;
    }

    /** The dump {@code -Dweft.dump} asks for, or null. */
    static ClassDump fromSystemProperty() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isEmpty() ? null : new ClassDump(Paths.get(dir));
    }

    void write(String internalName, byte[] bytes, Map<String, byte[]> generated) throws IOException {
        write(internalName, bytes);
        for (Map.Entry<String, byte[]> e : generated.entrySet()) {
            write(e.getKey(), e.getValue());
        }
    }

    private void write(String internalName, byte[] bytes) throws IOException {
        Path file = dir.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
