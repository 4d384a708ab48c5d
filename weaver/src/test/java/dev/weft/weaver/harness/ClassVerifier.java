package dev.weft.weaver.harness;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Checks class bytes with ASM's {@link CheckClassAdapter#verify}: structure, and a data-flow
 * analysis of every method (types on the stack and in locals, with the type hierarchy taken from a
 * class loader). It catches most broken weaving with a readable frame dump before the JVM's own
 * verifier would throw a terse {@link VerifyError} at load time.
 */
public final class ClassVerifier {
    private ClassVerifier() {
    }

    /**
     * Verifies one class.
     *
     * @param loader loads the classes the analysis needs to know (the class itself, its super types,
     *               frame classes); classes are loaded, not initialised
     * @throws AssertionError with ASM's report and a listing of the class, if it finds a problem
     */
    public static void verify(byte[] bytes, ClassLoader loader) {
        StringWriter report = new StringWriter();
        String name;
        try (PrintWriter out = new PrintWriter(report)) {
            ClassReader reader = new ClassReader(bytes);
            name = reader.getClassName();
            try {
                CheckClassAdapter.verify(reader, loader, false, out);
            } catch (RuntimeException | LinkageError e) {
                // structural checks throw instead of printing; a missing class ends the analysis
                e.printStackTrace(out);
            }
        }
        if (!report.toString().isBlank()) {
            throw new AssertionError("ASM verification of " + name + " failed:\n" + report
                    + "\n--- " + name + " ---\n" + textify(bytes));
        }
    }

    /** Verifies every class in {@code classes} (internal name to bytes). */
    public static void verifyAll(Map<String, byte[]> classes, ClassLoader loader) {
        classes.values().forEach(b -> verify(b, loader));
    }

    /** A {@code javap}-like listing of a class file, for failure messages and debugging. */
    public static String textify(byte[] bytes) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            new ClassReader(bytes).accept(new TraceClassVisitor(null, new Textifier(), out), 0);
        } catch (RuntimeException e) {
            return "(cannot print the class: " + e + ")";
        }
        return s.toString();
    }
}
