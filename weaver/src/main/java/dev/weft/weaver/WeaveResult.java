package dev.weft.weaver;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

/**
 * What weaving one class gave: its new bytes, the frame classes generated beside it, and
 * diagnostics. A class with errors is left as it was.
 */
public final class WeaveResult {
    /** What happened to the class. */
    public enum Status {
        /** Nothing to weave (no {@code @Async}, no await), or woven already. */
        UNCHANGED,
        /** Woven: {@link #bytes()} and {@link #generatedClasses()} replace the input. */
        WOVEN,
        /** Errors: the class is left as it was; see {@link #diagnostics()}. */
        FAILED
    }

    private final Status status;
    private final byte[] bytes;
    private final SortedMap<String, byte[]> generated;
    private final List<Diagnostic> diagnostics;

    WeaveResult(Status status, byte[] bytes, SortedMap<String, byte[]> generated, List<Diagnostic> diagnostics) {
        this.status = status;
        this.bytes = bytes;
        this.generated = Collections.unmodifiableSortedMap(generated);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /**
     * What happened to the class.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * True when the class was woven.
     *
     * @return true if the status is {@link Status#WOVEN}
     */
    public boolean isWoven() {
        return status == Status.WOVEN;
    }

    /**
     * True when any diagnostic is an error (then the status is {@link Status#FAILED}).
     *
     * @return true if there are errors
     */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * The class's bytes: woven if {@link #isWoven()}, otherwise exactly the input.
     *
     * @return the class file's bytes
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Frame classes generated for the woven methods, by internal name; they must be defined beside the class.
     *
     * @return the generated class files by internal name; empty unless woven
     */
    public SortedMap<String, byte[]> generatedClasses() {
        return generated;
    }

    /**
     * The errors and warnings about the class, in the order found.
     *
     * @return the diagnostics, unmodifiable
     */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
