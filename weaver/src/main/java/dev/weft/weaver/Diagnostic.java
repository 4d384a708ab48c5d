package dev.weft.weaver;

import java.util.Objects;

/**
 * An error or warning about one place in a class: what is wrong there and how to fix it.
 *
 * <p>{@link #toString()} gives {@code Foo.java:42: error: message; hint}.
 */
public final class Diagnostic {
    /** How bad it is: an error keeps the class from being woven; a warning does not. */
    public enum Kind {
        /** The class cannot be woven as it is, and is left unchanged. */
        ERROR,
        /** Probably a mistake; the class is woven all the same. */
        WARNING
    }

    private final Kind kind;
    private final String className;
    private final String methodName;
    private final String sourceFile;
    private final int line;
    private final String message;
    private final String hint;

    /**
     * A diagnostic; tools that store or replay the weaver's diagnostics (such as the Maven plugin's
     * incremental state) make their own.
     *
     * @param kind error or warning
     * @param className the class's binary name, such as {@code com.example.Foo$Inner}
     * @param message what is wrong, naming the class and method
     * @param methodName the method's source-level name, or null for the class as a whole
     * @param sourceFile such as {@code Foo.java}, or null
     * @param line the source line, or -1
     * @param hint how to fix it, or null
     */
    public Diagnostic(Kind kind, String className, String methodName, String sourceFile, int line,
                      String message, String hint) {
        this.kind = Objects.requireNonNull(kind);
        this.className = Objects.requireNonNull(className);
        this.methodName = methodName;
        this.sourceFile = sourceFile;
        this.line = line;
        this.message = Objects.requireNonNull(message);
        this.hint = hint;
    }

    /**
     * Whether it is an error or a warning.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether it is an error, which keeps the class from being woven.
     *
     * @return true for an error
     */
    public boolean isError() {
        return kind == Kind.ERROR;
    }

    /**
     * The class's binary name, such as {@code com.example.Foo$Inner}.
     *
     * @return the class name
     */
    public String className() {
        return className;
    }

    /**
     * The method's source-level name, or null for the class as a whole.
     *
     * @return the method name, or null
     */
    public String methodName() {
        return methodName;
    }

    /**
     * The source file named in the class file (such as {@code Foo.java}), or null if absent.
     *
     * @return the source file name, or null
     */
    public String sourceFile() {
        return sourceFile;
    }

    /**
     * The source line, or -1 when the class file has no line numbers there.
     *
     * @return the line, or -1
     */
    public int line() {
        return line;
    }

    /**
     * What is wrong, naming the class and method.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * How to fix it, or null.
     *
     * @return the hint, or null
     */
    public String hint() {
        return hint;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Diagnostic)) {
            return false;
        }
        Diagnostic d = (Diagnostic) o;
        return kind == d.kind && line == d.line && className.equals(d.className)
                && Objects.equals(methodName, d.methodName) && Objects.equals(sourceFile, d.sourceFile)
                && message.equals(d.message) && Objects.equals(hint, d.hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, className, methodName, sourceFile, line, message, hint);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(sourceFile != null ? sourceFile : className);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ").append(kind == Kind.ERROR ? "error" : "warning").append(": ").append(message);
        if (hint != null) {
            b.append("; ").append(hint);
        }
        return b.toString();
    }
}
