package dev.weft.agent;

import dev.weft.Weft;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles test programs with the running JDK's javac, in process, for Java 11. */
final class Javac {
    private Javac() {
    }

    /** Where the runtime's classes are (a directory in the reactor, or a jar). */
    static Path runtime() {
        try {
            return Paths.get(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (binary name of the top-level class to source text) into {@code out}. */
    static Path compile(Map<String, String> sources, Path out, List<Path> classPath) {
        try {
            Path src = Files.createTempDirectory("weft-src");
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            return compile(files, out, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles every {@code .java} file under {@code sourceDir} into {@code out}. */
    static Path compileTree(Path sourceDir, Path out, List<Path> classPath) {
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            return compile(walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString)
                    .collect(Collectors.toList()), out, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file {@code internalName} under {@code dir}. */
    static byte[] read(Path dir, String internalName) {
        try {
            return Files.readAllBytes(dir.resolve(internalName + ".class"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path compile(List<String> files, Path out, List<Path> classPath) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "--release", "11", "-Xlint:-options", "-encoding", "UTF-8", "-d", out.toString(),
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
        args.addAll(files);
        int status = javac.run(null, null, null, args.toArray(new String[0]));  // messages go to stderr
        if (status != 0) {
            throw new AssertionError("javac failed (" + status + ") on " + files);
        }
        return out;
    }
}
