package dev.weft.runtime.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every ```java block of the README must stand, line for line, in the sources ReadmeExamplesTest runs. */
class ReadmeSnippetsTest {
    private static final Path README = Paths.get("..", "README.md");
    private static final Path SOURCES = Paths.get("src", "test", "java", "dev", "weft", "runtime", "readme");

    @Test
    void everyJavaSnippetIsCompiledAndRun() throws IOException {
        String tested;
        try (Stream<Path> files = Files.list(SOURCES)) {
            tested = files.filter(f -> f.toString().endsWith(".java")).sorted()
                    .map(ReadmeSnippetsTest::read).map(ReadmeSnippetsTest::normalize)
                    .collect(Collectors.joining("\n"));
        }
        List<String> snippets = javaSnippets(Files.readString(README));
        assertTrue(snippets.size() >= 5, "found only " + snippets.size() + " java snippets in README.md");
        List<String> missing = new ArrayList<>();
        for (String s : snippets) {
            if (!tested.contains(normalize(s))) {
                missing.add(s);
            }
        }
        assertEquals(List.of(), missing, "README snippets not found in " + SOURCES + " (copy them there so they are run)");
    }

    static List<String> javaSnippets(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : markdown.split("\n", -1)) {
            if (current == null && line.trim().equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.trim().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** Lines trimmed, blank lines dropped: indentation differs between README and a class body. */
    static String normalize(String code) {
        return code.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
