package dev.weft.runtime.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The async stack trace the README shows under "Async stack traces" is what {@link Orders} prints,
 * line for line down to its main (JUnit's frames below it left out; Weft.java's line number masked,
 * as Weft.java changes; indentation ignored).
 */
class ReadmeAsyncTraceTest {
    @Test
    void theReadmeTraceIsWhatOrdersPrints() throws IOException {
        IllegalStateException e = null;
        try {
            Orders.main(new String[0]);
        } catch (IllegalStateException x) {
            e = x;
        }
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        List<String> printed = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            printed.add(masked(line));
            if (line.contains("Orders.main(Orders.java:25)")) {
                break;
            }
        }
        assertEquals(readmeBlock("java.lang.IllegalStateException: order 1 not found"), printed);
    }

    @Test
    void theReadmeCancellationIsWhatJobsPrints() throws IOException {
        dev.weft.CancelledException e = null;
        try {
            Jobs.main(new String[0]);
        } catch (dev.weft.CancelledException x) {
            e = x;
        }
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        List<String> printed = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            printed.add(masked(line));
            if (line.trim().matches("\\.\\.\\. \\d+ more")) {
                break;
            }
        }
        List<String> expected = readmeBlock("dev.weft.CancelledException: enough");
        // below Jobs.main lie JUnit's frames: the cause's "... 2 more" of a plain run counts them too
        int cut = printed.indexOf("at dev.weft.runtime.readme.Jobs.main(Jobs.java:28)") + 1;
        assertEquals(expected.subList(0, cut), printed.subList(0, cut));
        assertEquals(expected.subList(cut, expected.size() - 1), printed.subList(printed.size() - 1 - (expected.size() - 1 - cut), printed.size() - 1));
        assertEquals("... 2 more", expected.get(expected.size() - 1));
        assertTrue(printed.get(printed.size() - 1).matches("\\.\\.\\. \\d+ more"), printed.toString());
    }

    private static String masked(String line) {
        return line.trim().replaceAll("\\(Weft\\.java:\\d+\\)", "(Weft.java:N)");
    }

    /** The lines of the README's code block (in "### Async stack traces") that starts with {@code first}. */
    static List<String> readmeBlock(String first) throws IOException {
        String readme = Files.readString(Paths.get("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Async stack traces"));
        int start = section.indexOf("```\n" + first);
        assertTrue(start >= 0, "no block starting with " + first);
        int end = section.indexOf("```", start + 4);
        List<String> lines = new ArrayList<>();
        for (String l : section.substring(start + 4, end).split("\n")) {
            lines.add(masked(l));
        }
        return lines;
    }
}
