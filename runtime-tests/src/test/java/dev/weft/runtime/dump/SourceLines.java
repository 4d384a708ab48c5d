package dev.weft.runtime.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Line numbers of marked lines of this package's test sources, for dumps' expected await lines. */
final class SourceLines {
    private SourceLines() {
    }

    /** The 1-based line of {@code cls}'s source that ends with {@code marker} (exactly one must). */
    static int lineOf(Class<?> cls, String marker) {
        Path p = Path.of("src/test/java", cls.getName().replace('.', '/') + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(marker)) {
                if (found >= 0) {
                    throw new AssertionError("two lines of " + p + " contain " + marker);
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new AssertionError("no line of " + p + " contains " + marker);
        }
        return found;
    }

    /** {@code at pkg.Class.method(Class.java:N)} for the marked line. */
    static String at(Class<?> cls, String method, String marker) {
        return "at " + cls.getName() + "." + method + "(" + cls.getSimpleName() + ".java:" + lineOf(cls, marker) + ")";
    }
}
