package dev.weft.bench;

/**
 * A remark a probe makes for the report, under the table: a part it skipped and why, the version
 * of a peer it ran. Printed by the probe's process as a tagged line for the suite to read back.
 */
public final class Note {
    private static final String TAG = "NOTE\t";

    private Note() {}

    /** Prints the note for the suite (from a probe's {@link Probe#run}). */
    public static void print(String text) {
        System.out.println(TAG + text.replace('\n', ' '));
    }

    /** The note's text, or null if the line is no note. */
    static String fromLine(String line) {
        return line.startsWith(TAG) ? line.substring(TAG.length()) : null;
    }
}
