package dev.weft.runtime.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads stack traces for exact comparisons: each element as {@code Class.method:line} (the runtime's
 * {@code Weft.run} without its line, which moves as Weft.java is edited), and the lines of a test's
 * source marked {@code // L:name}, so that the expected sequences name lines, not numbers.
 */
final class Traces {
    private Traces() {
    }

    /** The line of {@code test}'s source that holds the comment {@code // L:name}. */
    static int line(Class<?> test, String name) {
        Path src = Path.of("src/test/java", test.getName().replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(src);
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// L:" + name)) {
                    if (found >= 0) {
                        throw new AssertionError("marker L:" + name + " twice in " + src);
                    }
                    found = i + 1;
                }
            }
            if (found < 0) {
                throw new AssertionError("no marker L:" + name + " in " + src);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Class.method:line} of the marked line, for {@link #assertTrace}. */
    static String at(Class<?> test, String method, String marker) {
        return test.getSimpleName() + "." + method + ":" + line(test, marker);
    }

    static String show(StackTraceElement e) {
        String cn = e.getClassName();
        String simple = cn.substring(cn.lastIndexOf('.') + 1);
        if (cn.equals("dev.weft.Weft")) {
            return "Weft." + e.getMethodName();
        }
        return simple + "." + e.getMethodName() + ":" + e.getLineNumber();
    }

    /** The trace's elements as {@link #show} writes them, down to the first one of {@code stopMethod} (JUnit's below it). */
    static List<String> elements(StackTraceElement[] trace, String stopMethod) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : trace) {
            out.add(show(e));
            if (e.getMethodName().equals(stopMethod) && !e.getClassName().contains("$")) {
                break;
            }
        }
        return out;
    }

    /** Asserts the trace's elements down to the test method {@code stopMethod}, exactly. */
    static void assertTrace(StackTraceElement[] trace, String stopMethod, String... expected) {
        assertEquals(Arrays.asList(expected), elements(trace, stopMethod),
                () -> "whole trace:\n" + Arrays.stream(trace).map(String::valueOf).collect(Collectors.joining("\n")));
    }
}
