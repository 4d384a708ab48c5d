package dev.weft.agent;

import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for a Weft runtime in a class loader of their own: {@code dev.weft.EventLoop},
 * {@code dev.weft.Weft} and a {@code dev.weft.internal.TaskDumps} whose {@code everyLoop()} returns
 * {@code dump of <loader name>} (or throws), compiled from source for each test.
 */
final class FakeRuntimes {
    static final String EVENT_LOOP = "package dev.weft;\npublic class EventLoop { }\n";
    static final String WEFT = "package dev.weft;\npublic class Weft { }\n";
    static final String TASK_DUMPS = "package dev.weft.internal;\n"
            + "public final class TaskDumps {\n"
            + "    public static String everyLoop() {\n"
            + "        return \"dump of \" + TaskDumps.class.getClassLoader().getName() + \"\\n\";\n"
            + "    }\n"
            + "}\n";
    static final String THROWING_TASK_DUMPS = "package dev.weft.internal;\n"
            + "public final class TaskDumps {\n"
            + "    public static String everyLoop() {\n"
            + "        throw new IllegalStateException(\"boom\");\n"
            + "    }\n"
            + "}\n";
    static final String UNTERMINATED_TASK_DUMPS = "package dev.weft.internal;\n"
            + "public final class TaskDumps {\n"
            + "    public static String everyLoop() { return \"no newline\"; }\n"
            + "}\n";

    private FakeRuntimes() {
    }

    /** A class loader named {@code name} (parent: the boot loader) over {@code sources}, compiled under {@code dir}. */
    static URLClassLoader loader(Path dir, String name, Map<String, String> sources) {
        Path classes = Javac.compile(sources, dir.resolve(name), List.of());
        try {
            return new URLClassLoader(name, new URL[] {classes.toUri().toURL()}, null);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
