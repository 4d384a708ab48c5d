package dev.weft.weaver.harness;

/** Small helpers for test sources held in strings. */
public final class Sources {
    private Sources() {
    }

    /**
     * The 1-based line of the only line of {@code source} that contains {@code marker} (typically a
     * comment such as {@code // HERE}), so tests need not hard-code line numbers.
     *
     * @throws IllegalArgumentException if no line or more than one line contains it
     */
    public static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("marker " + marker + " on lines " + found + " and " + (i + 1));
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("no line contains " + marker);
        }
        return found;
    }

    /** The simple name of a binary class name: {@code Foo} for {@code p.Foo}, {@code Foo$Inner} for {@code p.Foo$Inner}. */
    public static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
