package dev.weft.runtime.conformance;

import java.util.Map;
import java.util.TreeMap;

/**
 * Scenarios whose Weft trace differs from CPython's today because of a runtime defect being fixed,
 * each with the issue item and why. They still run: a marked scenario is reported skipped with its
 * reason, and fails once it matches, so the mark is removed when the fix lands. Deliberate
 * differences (Java idioms) are written into the twin instead, never marked here.
 */
final class KnownMismatches {
    private static final Map<String, String> MARKS = new TreeMap<>();

    private KnownMismatches() {
    }

    private static void knownMismatch(String scenario, String reason) {
        if (MARKS.put(scenario, reason) != null) {
            throw new IllegalStateException("marked twice: " + scenario);
        }
    }

    static {
        knownMismatch("await_chain_after_sleep_continues_inline",
                "issue 11 item 2: a returning @Async callee resumes its awaiter a loop turn later, not in the same step");
    }

    /** The reason {@code scenario} is marked, or null. */
    static String reason(String scenario) {
        return MARKS.get(scenario);
    }

    static Map<String, String> all() {
        return MARKS;
    }
}
