package dev.weft.runtime.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds CPython 3.13 and runs the scenarios with it. Looked for, in order: the executable named by
 * the environment variable {@code WEFT_CPYTHON}, pyenv's {@code 3.13.*} versions, {@code python3.13}
 * and {@code python3} on the {@code PATH}; the first that reports version 3.13 is used.
 */
final class CPython {
    private CPython() {
    }

    static Optional<String> find() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("WEFT_CPYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        String pyenvRoot = System.getenv("PYENV_ROOT");
        Path versions = Path.of(pyenvRoot != null ? pyenvRoot : System.getProperty("user.home") + "/.pyenv", "versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> list = Files.list(versions)) {
                list.filter(p -> p.getFileName().toString().startsWith("3.13"))
                        .sorted()
                        .forEach(p -> candidates.add(p.resolve("bin/python3").toString()));
            } catch (IOException e) {
                // no pyenv versions to offer
            }
        }
        candidates.add("python3.13");
        candidates.add("python3");
        for (String c : candidates) {
            if (is313(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean is313(String exe) {
        try {
            Process p = new ProcessBuilder(exe, "-c", "import sys; print(sys.version_info[:2] == (3, 13))")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("True");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs every scenario in one process; the traces by scenario. */
    static java.util.Map<String, List<String>> runAll(String exe) throws IOException, InterruptedException {
        Path dir = Goldens.folder();
        Path err = Files.createTempFile("weft-conformance", ".err");
        try {
            Process p = new ProcessBuilder(exe, "run.py").directory(dir.toFile())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("run.py failed: " + Files.readString(err));
            }
            return Goldens.parse(out.lines().collect(java.util.stream.Collectors.toList()));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
