package dev.weft.weaver;

import java.util.List;
import java.util.TreeMap;

/**
 * Weaves classes: every {@code @Async} method (and every lambda that awaits and returns a task)
 * becomes a resumable state machine. Thread-safe; it loads no classes and does no I/O beyond the
 * {@link ClassBytesLookup} it is given.
 *
 * <pre>{@code
 * Weaver weaver = new Weaver(ClassBytesLookup.ofClassLoader(loader));
 * WeaveResult r = weaver.weave(classBytes);
 * r.diagnostics().forEach(System.err::println);
 * if (r.isWoven()) { write(r.bytes()); r.generatedClasses().forEach(this::write); }
 * }</pre>
 */
public final class Weaver {
    private final ClassBytesLookup lookup;

    public Weaver(ClassBytesLookup lookup) {
        this.lookup = lookup;
    }

    /** Weaves one class file. Never throws for bad input: problems come back as diagnostics. */
    public WeaveResult weave(byte[] classBytes) {
        // Placeholder until the weaving pipeline lands: nothing is changed.
        return new WeaveResult(WeaveResult.Status.UNCHANGED, classBytes, new TreeMap<>(), List.of());
    }
}
