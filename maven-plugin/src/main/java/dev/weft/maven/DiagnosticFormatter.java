package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import java.nio.file.Path;

/**
 * Formats a problem the way the compiler plugin reports errors, so that IDEs and people recognise
 * it: {@code /abs/src/main/java/pkg/Foo.java:[42] message; hint}.
 */
final class DiagnosticFormatter {
    private final SourceLocator sources;

    DiagnosticFormatter(SourceLocator sources) {
        this.sources = sources;
    }

    /** {@code problem} of the class file {@code classFile}, placed in its source file when found. */
    String format(Diagnostic problem, Path classFile) {
        Path where = sources.locate(problem.className(), problem.sourceFile()).orElse(classFile);
        return formatAt(problem, where);
    }

    /** {@code problem} placed at {@code location}, a source or class file. */
    static String formatAt(Diagnostic problem, Path location) {
        StringBuilder b = new StringBuilder();
        b.append(location.toAbsolutePath().normalize());
        if (problem.line() > 0) {
            b.append(":[").append(problem.line()).append(']');
        }
        b.append(' ').append(problem.message());
        if (problem.hint() != null && !problem.hint().isBlank()) {
            b.append("; ").append(problem.hint());
        }
        return b.toString();
    }
}
