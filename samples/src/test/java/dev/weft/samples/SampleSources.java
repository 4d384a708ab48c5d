package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The samples' sources, for tests that need unwoven classes (target/classes is woven by the plugin,
 * and the weaver leaves a woven class alone): they compile the sources themselves with javax.tools.
 */
final class SampleSources {
    private SampleSources() {
    }

    /** src/main/java (Surefire sets {@code weft.samples.src}; the module directory is the fallback). */
    static Path root() {
        String dir = System.getProperty("weft.samples.src");
        return dir != null ? Paths.get(dir) : Paths.get("src", "main", "java");
    }

    /** The source file of the sample class {@code simpleName}. */
    static Path file(String simpleName) {
        return root().resolve("dev/weft/samples/" + simpleName + ".java");
    }

    /** Every sample source file. */
    static List<Path> all() {
        try (Stream<Path> files = Files.list(root().resolve("dev/weft/samples"))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line that contains {@code text} after the first one that contains {@code after}. */
    static int lineAfter(String simpleName, String after, String text) {
        int start = lineOf(simpleName, after);
        List<String> lines;
        try {
            lines = Files.readAllLines(file(simpleName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = start; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return fail(simpleName + ".java has no line with '" + text + "' after '" + after + "'");
    }

    /** The 1-based line of the one line of {@code simpleName}.java that contains {@code text}. */
    static int lineOf(String simpleName, String text) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file(simpleName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                if (found > 0) {
                    fail(simpleName + ".java has more than one line with '" + text + "'");
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            fail(simpleName + ".java has no line with '" + text + "'");
        }
        return found;
    }

    /** Where the runtime's classes are (runtime/target/classes or its jar). */
    static Path runtime() {
        try {
            return Paths.get(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} against the runtime into {@code out}, unwoven, as the build's compiler does. */
    static Path compile(Path out, List<Path> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            fail("no system Java compiler: run the tests on a JDK");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-g", "--release", "11", "-proc:none", "-nowarn",
                "-classpath", runtime().toString(), "-d", out.toString()));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(new String[0]));
        assertEquals(0, status, "javac failed on " + sources + "\n" + errors.toString(StandardCharsets.UTF_8));
        return out;
    }
}
