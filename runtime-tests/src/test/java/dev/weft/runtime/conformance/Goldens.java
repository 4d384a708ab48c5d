package dev.weft.runtime.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The CPython traces checked in beside the scenarios: {@code <module>.golden}, sections {@code == name}. */
final class Goldens {
    private Goldens() {
    }

    /** The folder holding the scenarios, the driver and the goldens (on the test class path). */
    static Path folder() {
        try {
            return Path.of(Goldens.class.getResource("/conformance/harness.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Golden file name to its traces by scenario, in file order. */
    static Map<String, Map<String, List<String>>> load() {
        Map<String, Map<String, List<String>>> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder())) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(".golden")) {
                    files.put(p.getFileName().toString(), parse(Files.readAllLines(p, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Parses {@code == name} sections; lines starting with {@code #} before the first are comments. */
    static Map<String, List<String>> parse(List<String> lines) {
        Map<String, List<String>> traces = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("== ")) {
                current = new ArrayList<>();
                if (traces.put(line.substring(3), current) != null) {
                    throw new IllegalStateException("scenario twice: " + line);
                }
            } else if (current != null) {
                current.add(line);
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                throw new IllegalStateException("line outside a scenario: " + line);
            }
        }
        return traces;
    }
}
