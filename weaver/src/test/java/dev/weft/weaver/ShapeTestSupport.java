package dev.weft.weaver;

import dev.weft.Weft;
import dev.weft.weaver.harness.Releases;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.WovenProgram;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Common ground of the shape tests: each test class holds one source with many small async methods,
 * compiled once per {@link Toolchain}, and runs each case in both {@link Mode}s.
 *
 * <p>Sources built with {@link #source} get these helpers, which the cases use for every await:
 * <pre>{@code
 * static boolean LATER;                            // set by the test: Mode.LATER
 * static <T> Task<T> t(T v)                        // Task.of(v), or completed on the next loop turn
 * static <T> Task<T> failing(Throwable e)          // Task.failed(e), or failed on the next loop turn
 * static <T> T id(T v)                             // v: the plain twin of await(t(v))
 * }</pre>
 */
abstract class ShapeTestSupport {
    /** How the awaited tasks complete. */
    enum Mode {
        /** Already done: {@code Task.of(v)}; awaits take the fast path. */
        NOW,
        /** Pending: {@code Weft.createTask(() -> Task.of(v))}, done on the next loop turn; awaits suspend. */
        LATER
    }

    /** A compiler and a {@code --release}. */
    record Toolchain(SourceCompiler compiler, int release) {
        @Override
        public String toString() {
            return compiler.name().toLowerCase() + " " + release;
        }
    }

    static final Toolchain JAVAC_17 = new Toolchain(SourceCompiler.JAVAC, 17);
    static final Toolchain ECJ_17 = new Toolchain(SourceCompiler.ECJ, 17);

    /** The members every source built with {@link #source} has. */
    static final String HELPERS = """
                static boolean LATER;
                static <T> Task<T> t(T v) { return LATER ? Weft.createTask(() -> Task.of(v)) : Task.of(v); }
                static <T> Task<T> failing(Throwable e) {
                    return LATER ? Weft.<T>createTask(() -> Task.<T>failed(e)) : Task.<T>failed(e);
                }
                static <T> T id(T v) { return v; }
            """;

    static final String IMPORTS = """
            import dev.weft.*;
            import static dev.weft.Weft.*;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.function.*;
            """;

    /**
     * A source file {@code package p; <imports> public class NAME { <helpers> <body> } <after>}.
     * The body starts on line 15 of the file, whatever the helpers become, so markers stay findable
     * with {@code Sources.lineOf}.
     */
    static String source(String simpleName, String body, String after) {
        return "package p;\n" + IMPORTS + "public class " + simpleName + " {\n" + HELPERS + "\n" + body + "}\n" + after;
    }

    static String source(String simpleName, String body) {
        return source(simpleName, body, "");
    }

    // ---- toolchains --------------------------------------------------------------------------

    /** javac 17, ecj 17, javac 8 and 11, and javac at the running JDK's release: for Java 8 sources. */
    static List<Toolchain> everyRelease() {
        Set<Toolchain> s = new LinkedHashSet<>(List.of(JAVAC_17, ECJ_17,
                new Toolchain(SourceCompiler.JAVAC, 8), new Toolchain(SourceCompiler.JAVAC, 11),
                new Toolchain(SourceCompiler.ECJ, 8), new Toolchain(SourceCompiler.JAVAC, Releases.current())));
        return new ArrayList<>(s);
    }

    /** javac 17, ecj 17 and javac at the running JDK's release: for sources that need Java 17. */
    static List<Toolchain> java17() {
        Set<Toolchain> s = new LinkedHashSet<>(List.of(JAVAC_17, ECJ_17,
                new Toolchain(SourceCompiler.JAVAC, Releases.current())));
        return new ArrayList<>(s);
    }

    /** javac 17 and ecj 17 only. */
    static List<Toolchain> javacAndEcj() {
        return List.of(JAVAC_17, ECJ_17);
    }

    /** Every toolchain crossed with both modes, as JUnit arguments. */
    static Stream<Arguments> withModes(List<Toolchain> toolchains) {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Toolchain tc : toolchains) {
            for (Mode m : Mode.values()) {
                b.add(Arguments.of(tc, m));
            }
        }
        return b.build();
    }

    // ---- per test class ----------------------------------------------------------------------

    /** The binary name of the class the cases call, such as {@code p.Loops}. */
    abstract String className();

    /** The source of {@link #className()}. */
    abstract String sourceText();

    /** The compiled, woven and loaded source; one per toolchain for the whole run. */
    WovenProgram woven(Toolchain tc) {
        return WovenProgram.builder().compiler(tc.compiler()).release(tc.release())
                .source(className(), sourceText()).buildCached();
    }

    /** Runs static method {@code method} under {@link Weft#run} in mode {@code m}. */
    <T> T run(Toolchain tc, Mode m, String method, Object... args) {
        WovenProgram w = woven(tc);
        w.setStatic(className(), "LATER", m == Mode.LATER);
        return w.run(className(), method, args);
    }

    /** Calls static method {@code method} without a loop (mode NOW only makes sense). */
    Object call(Toolchain tc, String method, Object... args) {
        WovenProgram w = woven(tc);
        w.setStatic(className(), "LATER", false);
        return w.call(className(), method, args);
    }
}
