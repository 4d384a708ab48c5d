package dev.weft.bench;

import java.util.List;

/**
 * A measurement JMH cannot take: retained heap per suspended coroutine, one-shot start-up times.
 * The suite runs each probe in a fresh JVM ({@link ProbeMain}) so that nothing else is on the heap.
 */
public interface Probe {
    /** The workload, as it appears in the report: {@code "sleepers"}. */
    String workload();

    /** The contender: one of {@link Contenders}' keys. */
    String contender();

    /** Every contender the probe reports figures for: its own, and peers it times side by side. */
    default List<String> contenders() {
        return List.of(contender());
    }

    /** Whether this JVM can run it (virtual threads need JDK 21+). */
    default boolean available() {
        return true;
    }

    /** Why {@link #available()} is false, for the report's note. */
    default String unavailableReason() {
        return "not available on JDK " + Runtime.version().feature();
    }

    /** Measures; {@code scale} is 1.0 in full mode and smaller in quick and smoke modes. */
    List<Figure> run(double scale) throws Exception;

    /** The JVM options the probe's process needs (heap size, scheduler settings). */
    default List<String> jvmOptions() {
        return List.of("-Xmx2g");
    }
}
