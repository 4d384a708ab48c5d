package dev.weft.weaver.harness;

/**
 * Thrown by {@link SourceCompiler#compile} when the sources do not compile; the message holds the
 * compiler's own error messages (file, line, text), so a failing test shows what javac or ecj said.
 */
public final class CompilationFailedError extends AssertionError {
    private static final long serialVersionUID = 1L;

    CompilationFailedError(String message) {
        super(message);
    }
}
