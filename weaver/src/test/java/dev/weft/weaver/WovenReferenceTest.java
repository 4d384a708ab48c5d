package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Task;
import dev.weft.weaver.harness.ClassVerifier;
import dev.weft.weaver.harness.LineDiff;
import dev.weft.weaver.harness.WovenProgram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reference for what weaving makes of a method: a small class with one await in a loop and one
 * in a try/catch, and the listing of the woven class and of its frame classes (ASM's
 * {@code Textifier}, as {@code javap -c}), compared as text with
 * {@code src/test/resources/reference/Sums.woven.txt}. Read that file to see the entry, the body's
 * resume switch, the fast path, the spills and the frame class; a mismatch prints the diff.
 *
 * <p>A deliberate change to woven code (a runtime member renamed, a check added) changes the
 * listing: rewrite the file, then review its diff in the commit like any other change.
 *
 * <pre>
 * mvn -B -ntp -o test -pl runtime,weaver -Dtest=WovenReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dweft.updateListings=true
 * </pre>
 *
 * <p>The source is compiled by javac {@code --release 17}: javac 17 and 25 write the same bytecode
 * for it.
 */
class WovenReferenceTest {
    /** Set to true to rewrite the expected listing from this run instead of comparing with it. */
    private static final boolean UPDATE = Boolean.getBoolean("weft.updateListings");
    private static final String EXPECTED = "reference/Sums.woven.txt";

    static final String SOURCE = """
            package ref;

            import static dev.weft.Weft.await;

            import dev.weft.Async;
            import dev.weft.Task;
            import java.util.List;

            public class Sums {
                /** One await in a loop: the body resumes inside the loop, with i and total restored. */
                @Async
                static Task<Integer> sum(List<Task<Integer>> parts) {
                    int total = 0;
                    for (int i = 0; i < parts.size(); i++) {
                        total += await(parts.get(i));
                    }
                    return Task.of(total);
                }

                /** One await in a try: a failure is thrown at the await, inside the handler's range. */
                @Async
                static Task<String> orElse(Task<String> task, String fallback) {
                    try {
                        return Task.of(await(task));
                    } catch (IllegalStateException e) {
                        return Task.of(fallback);
                    }
                }
            }
            """;

    @Test
    void wovenListingMatchesTheReference() throws IOException {
        WovenProgram w = WovenProgram.compile("ref.Sums", SOURCE);
        String actual = listing(w);
        if (UPDATE) {
            Path file = Path.of("src/test/resources", EXPECTED);
            if (!Files.isDirectory(file.getParent())) {
                fail("run from the weaver module's directory to rewrite " + file.toAbsolutePath());
            }
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            System.out.println("[listing] rewrote " + file.toAbsolutePath());
            return;
        }
        String expected = expected();
        if (!expected.equals(actual)) {
            fail("the woven listing differs from " + EXPECTED + " (- expected, + actual); if the change is"
                    + " meant, rewrite the file with -Dweft.updateListings=true and review its diff:\n"
                    + LineDiff.of(expected, actual));
        }
    }

    @Test
    void theReferenceRuns() {
        WovenProgram w = WovenProgram.compile("ref.Sums", SOURCE);
        assertEquals(6, (int) w.run("ref.Sums", "sum", List.of(Task.of(1), Task.of(2), Task.of(3))));
        Task<Integer> later = Task.from(CompletableFuture.supplyAsync(() -> 2,
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS)));
        assertEquals(3, (int) w.run("ref.Sums", "sum", List.of(Task.of(1), later)), "resumed in the loop");
        assertEquals("v", w.run("ref.Sums", "orElse", Task.of("v"), "fallback"));
        assertEquals("fallback", w.run("ref.Sums", "orElse", Task.failed(new IllegalStateException()), "fallback"));
        assertThrows(IllegalArgumentException.class,
                () -> w.run("ref.Sums", "orElse", Task.failed(new IllegalArgumentException()), "fallback"));
    }

    /** The source, then each class the weaver gave, in name order: the woven class, then its frame classes. */
    private static String listing(WovenProgram w) {
        StringBuilder out = new StringBuilder();
        out.append("// What weaving makes of ref.Sums. Written by WovenReferenceTest -Dweft.updateListings=true;\n")
                .append("// do not edit by hand.\n//\n");
        SOURCE.lines().forEach(l -> out.append(("// " + l).stripTrailing()).append('\n'));
        for (String name : new TreeSet<>(w.classes().keySet())) {
            out.append("\n// ===== ").append(name).append(" =====\n");
            out.append(ClassVerifier.textify(w.bytes(name)));
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static String expected() throws IOException {
        try (InputStream in = WovenReferenceTest.class.getClassLoader().getResourceAsStream(EXPECTED)) {
            if (in == null) {
                fail(EXPECTED + " is missing: write it with -Dweft.updateListings=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }
}
