package dev.weft.weaver.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, in the unified style ({@code -} expected, {@code +} actual, three lines of
 * context around each change), for failure messages that compare a listing against a file.
 *
 * <pre>{@code
 * String d = LineDiff.of(expected, actual); // "" when equal
 * }</pre>
 */
public final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** The changes from {@code expected} to {@code actual}, or the empty string if they are equal. */
    public static String of(String expected, String actual) {
        List<String> a = List.of(expected.split("\n", -1));
        List<String> b = List.of(actual.split("\n", -1));
        List<String> edits = edits(a, b);
        StringBuilder out = new StringBuilder();
        int lastPrinted = -1;
        for (int i = 0; i < edits.size(); i++) {
            if (edits.get(i).charAt(0) == ' ' || i <= lastPrinted) {
                continue;
            }
            int from = Math.max(lastPrinted + 1, i - CONTEXT);
            if (from > lastPrinted + 1 && out.length() > 0) {
                out.append("...\n");
            }
            int to = i;
            // extend over changes closer together than twice the context
            for (int j = i; j < edits.size() && j <= to + 2 * CONTEXT; j++) {
                if (edits.get(j).charAt(0) != ' ') {
                    to = j;
                }
            }
            to = Math.min(edits.size() - 1, to + CONTEXT);
            for (int j = from; j <= to; j++) {
                out.append(edits.get(j)).append('\n');
            }
            lastPrinted = to;
        }
        return out.toString();
    }

    /** Every line of both texts, prefixed by ' ' (in both), '-' (only expected) or '+' (only actual). */
    private static List<String> edits(List<String> a, List<String> b) {
        // longest common subsequence, by suffix lengths
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add("-" + a.get(i++));
            } else {
                edits.add("+" + b.get(j++));
            }
        }
        return edits;
    }
}
