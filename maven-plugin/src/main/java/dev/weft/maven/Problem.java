package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import java.util.Objects;

/**
 * An error or warning about one class, as the plugin reports it: a copy of the weaver's
 * {@link Diagnostic} that tests can create (the weaver's constructor is not public) and that the
 * incremental state can store.
 */
final class Problem {
    private final boolean error;
    private final String className;
    private final String methodName;
    private final String sourceFile;
    private final int line;
    private final String message;
    private final String hint;

    Problem(boolean error, String className, String methodName, String sourceFile, int line,
            String message, String hint) {
        this.error = error;
        this.className = Objects.requireNonNull(className);
        this.methodName = methodName;
        this.sourceFile = sourceFile;
        this.line = line;
        this.message = Objects.requireNonNull(message);
        this.hint = hint;
    }

    static Problem of(Diagnostic d) {
        return new Problem(d.isError(), d.className(), d.methodName(), d.sourceFile(), d.line(),
                d.message(), d.hint());
    }

    static Problem error(String className, String message) {
        return new Problem(true, className, null, null, -1, message, null);
    }

    boolean isError() {
        return error;
    }

    /** Binary name, such as {@code com.example.Foo$Inner}. */
    String className() {
        return className;
    }

    /** Null for the class as a whole. */
    String methodName() {
        return methodName;
    }

    /** Such as {@code Foo.java}; null if the class file does not say. */
    String sourceFile() {
        return sourceFile;
    }

    /** The source line, or -1 if unknown. */
    int line() {
        return line;
    }

    String message() {
        return message;
    }

    /** Null if there is none. */
    String hint() {
        return hint;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Problem)) {
            return false;
        }
        Problem p = (Problem) o;
        return error == p.error && line == p.line && className.equals(p.className)
                && Objects.equals(methodName, p.methodName) && Objects.equals(sourceFile, p.sourceFile)
                && message.equals(p.message) && Objects.equals(hint, p.hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(error, className, methodName, sourceFile, line, message, hint);
    }

    @Override
    public String toString() {
        return (error ? "error" : "warning") + " in " + className + ":" + line + ": " + message
                + (hint != null ? "; " + hint : "");
    }
}
