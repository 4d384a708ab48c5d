package dev.weft.runtime.threads;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which way each run of a race went, so that a race test can show it exercised every interleaving
 * and not one order many times.
 *
 * <pre>{@code
 * Interleavings seen = new Interleavings("completion first", "cancel first");
 * for (int i = 0; seen.another(i, iterations); i++) {
 *     String nudge = seen.nudge(i, iterations); // null: a free race
 *     ...                                       // race, letting the nudged side go first
 *     seen.saw(won ? "completion first" : "cancel first", nudge);
 * }
 * seen.assertEachSeen("cancel vs completion");
 * }</pre>
 *
 * <p>The free runs come first. Then, while a side has not come up, a few more runs are nudged
 * towards it: the test makes that side go first on purpose (a latch or a spin on a volatile flag),
 * and records what actually happened, so a nudge that does not produce its side fails the test.
 */
final class Interleavings {
    /** Nudged runs allowed per side, after the free runs, before the race is called one-sided. */
    private static final int NUDGES_PER_SIDE = 3;

    private final Map<String, Integer> free = new LinkedHashMap<>();
    private final Map<String, Integer> nudged = new LinkedHashMap<>();
    private int nudgedRuns;

    Interleavings(String... sides) {
        for (String s : sides) {
            free.put(s, 0);
            nudged.put(s, 0);
        }
    }

    /** Whether to run once more: all {@code freeRuns}, then nudged runs while a side is missing. */
    boolean another(int run, int freeRuns) {
        return run < freeRuns || (missing() != null && nudgedRuns < NUDGES_PER_SIDE * free.size());
    }

    /** The side run number {@code run} should be nudged towards, or null for a free run. */
    String nudge(int run, int freeRuns) {
        return run < freeRuns ? null : missing();
    }

    /** Records that a run went {@code side}; {@code nudge} is what it was nudged towards, or null. */
    void saw(String side, String nudge) {
        if (!free.containsKey(side)) {
            throw new IllegalArgumentException("not a side of this race: " + side + "; sides " + free.keySet());
        }
        if (nudge == null) {
            free.merge(side, 1, Integer::sum);
        } else {
            nudged.merge(side, 1, Integer::sum);
            nudgedRuns++;
        }
    }

    /** How many runs went {@code side}, free or nudged. */
    int count(String side) {
        return free.get(side) + nudged.get(side);
    }

    /** All runs recorded. */
    int runs() {
        return free.values().stream().mapToInt(Integer::intValue).sum() + nudgedRuns;
    }

    /** The first side no run went yet, or null. */
    String missing() {
        return free.keySet().stream().filter(s -> count(s) == 0).findFirst().orElse(null);
    }

    /** Fails, naming the side and the counts, unless every side came up at least once. */
    void assertEachSeen(String race) {
        String m = missing();
        if (m != null) {
            throw new AssertionError(race + ": no run went \"" + m + "\" in " + runs() + " runs (" + this + ")");
        }
    }

    /** The counts, for the test's log: {@code completion first 4583, cancel first 417 (nudged: ...)}. */
    @Override
    public String toString() {
        String s = free.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        if (nudgedRuns == 0) {
            return s;
        }
        return s + " (nudged: " + nudged.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }
}
