package dev.weft.agent;

import dev.weft.weaver.Diagnostic;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prints what the agent has to say to the user, each line once, prefixed {@code [weft] }: a class
 * loaded by several class loaders, or defined again after a failed attempt, is not reported twice.
 */
final class Reporter {
    static final String PREFIX = "[weft] ";

    private final Supplier<PrintStream> out;
    private final Set<String> printed = ConcurrentHashMap.newKeySet();

    /** {@code out} is asked at each print, so that a later {@code System.setErr} is honoured. */
    Reporter(Supplier<PrintStream> out) {
        this.out = out;
    }

    static Reporter toStandardError() {
        return new Reporter(new StandardError());
    }

    void diagnostics(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            print(d.toString());
        }
    }

    void leftUnwoven(String className, String why) {
        print("left " + className.replace('/', '.') + " unwoven" + (why.isEmpty() ? "" : ": " + why)
                + "; its await() calls will throw");
    }

    void print(String message) {
        if (printed.add(message)) {
            out.get().println(PREFIX + message);
        }
    }

    /** System.err at each call; a class rather than a lambda, to keep the lambda machinery out of premain. */
    private static final class StandardError implements Supplier<PrintStream> {
        @Override
        public PrintStream get() {
            return System.err;
        }
    }
}
