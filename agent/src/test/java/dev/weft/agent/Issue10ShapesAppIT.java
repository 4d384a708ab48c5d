package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.weft.weaver.harness.SourceCompiler;
import org.junit.jupiter.api.Test;

/**
 * The shapes of issue 10 (restore casts to inaccessible types, arrays of different dimensions,
 * javac's stack spill and ecj's new without dup, serialVersionUID, 254 parameter slots, minimal
 * completion stages) under {@code java -javaagent:target/weft-agent.jar}, compiled by javac and by
 * ecj. The program and its expected output are the Maven plugin's IT {@code issue10-shapes}, so
 * both routes run the same cases: one line per case, with the awaited tasks done and pending.
 */
class Issue10ShapesAppIT {
    private static final Path AGENT = property("weft.agent.jar");
    private static final Path SHAPES = property("weft.it.shapes");
    private static final Path WORK = property("weft.it.work").resolve("issue10-shapes");
    private static final Path RUNTIME = Javac.runtime();

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: run the ITs through Maven (mvn verify)");
        }
        return Paths.get(value);
    }

    /** The IT's sources, binary name of the top-level class to source text. */
    private static Map<String, String> sources() throws IOException {
        Path root = SHAPES.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
                    f -> root.relativize(f).toString().replace(".java", "").replace(f.getFileSystem().getSeparator(), "."),
                    f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        }
    }

    private static JavaProcess.Result run(SourceCompiler compiler) throws Exception {
        Path classes = WORK.resolve(compiler.name().toLowerCase()).resolve("classes");
        for (Map.Entry<String, byte[]> c : compiler.compile(sources(), 17).entrySet()) {
            Path file = classes.resolve(c.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, c.getValue());
        }
        return new JavaProcess().option("-javaagent:" + AGENT).classPath(classes, RUNTIME)
                .run(WORK.resolve(compiler.name().toLowerCase()), "it.shapes.Main");
    }

    private static void check(JavaProcess.Result r) throws IOException {
        assertEquals(0, r.exit(), r.toString());
        assertEquals(Files.readString(SHAPES.resolve("expected-output.txt")), r.out(), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    @Test
    void javacsClassesAreWovenAndRunAsThePluginsAre() throws Exception {
        check(run(SourceCompiler.JAVAC));
    }

    @Test
    void ecjsClassesAreWovenAndRunAsThePluginsAre() throws Exception {
        check(run(SourceCompiler.ECJ));
    }
}
