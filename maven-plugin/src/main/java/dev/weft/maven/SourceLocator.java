package dev.weft.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the source file a diagnostic is about: the class's package as a directory plus the source
 * file named in the class file, under the first source root that has it. Failing that, a file of
 * that name found anywhere under the roots, if there is exactly one (javac does not require the
 * directory to match the package).
 */
final class SourceLocator {
    private final List<Path> roots;
    private Map<String, List<Path>> byName;

    SourceLocator(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toList());
    }

    static SourceLocator of(List<String> roots) {
        return new SourceLocator(roots == null ? List.of()
                : roots.stream().map(Path::of).collect(Collectors.toList()));
    }

    /**
     * The source of {@code className} (binary name, such as {@code com.acme.Foo$Inner}), given the
     * {@code sourceFile} attribute of its class file (such as {@code Foo.java}, or null).
     */
    Optional<Path> locate(String className, String sourceFile) {
        String file = sourceFile != null && !sourceFile.isBlank() ? sourceFile : guessSourceFile(className);
        if (file.contains("/") || file.contains("\\") || file.contains("..")) {
            return Optional.empty();
        }
        int dot = className.lastIndexOf('.');
        String pkgDir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        for (Path root : roots) {
            Path candidate = root.resolve(pkgDir + file);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        List<Path> matches = index().getOrDefault(file, List.of());
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** {@code com.acme.Foo$Inner} gives {@code Foo.java}. */
    static String guessSourceFile(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }

    private Map<String, List<Path>> index() {
        if (byName == null) {
            byName = new HashMap<>();
            for (Path root : roots) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(p ->
                            byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p));
                } catch (IOException | UncheckedIOException e) {
                    // An unreadable root only costs the fallback.
                }
            }
        }
        return byName;
    }
}
