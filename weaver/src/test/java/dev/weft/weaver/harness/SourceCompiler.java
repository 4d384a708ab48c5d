package dev.weft.weaver.harness;

import dev.weft.Weft;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources held in strings to class bytes, in process, with javac or the Eclipse
 * compiler (ecj).
 *
 * <pre>{@code
 * Map<String, byte[]> classes = SourceCompiler.JAVAC.compile(Map.of("p.Foo", source), 17);
 * byte[] foo = classes.get("p/Foo");
 * }</pre>
 *
 * <p>Sources are keyed by the binary name of their top-level class ({@code p.Foo} is compiled as
 * {@code p/Foo.java}, so its {@code SourceFile} attribute is {@code Foo.java}). Class files are
 * compiled with full debug information ({@code -g}: lines, local variables, source file) and
 * {@code --release N}; both compilers accept {@code --release} (ecj reads the running JDK's
 * {@code ct.sym} like javac). The class path is the test's class path plus the location of the weft
 * runtime, so sources can use {@code dev.weft.*}. Compiler warnings are ignored; errors throw
 * {@link CompilationFailedError} with the compiler's messages, as {@code p/Foo.java:LINE: message}.
 *
 * <p>javac runs through {@code javax.tools} entirely in memory. ecj runs through its public
 * {@code BatchCompiler} on a temporary directory: its {@code javax.tools} implementation insists that
 * compilation units are existing files and breaks with forwarding file managers.
 */
public enum SourceCompiler {
    /** The JDK's javac, from {@link ToolProvider#getSystemJavaCompiler()}. */
    JAVAC {
        @Override
        public int maxRelease() {
            return Runtime.version().feature();
        }

        @Override
        Map<String, byte[]> run(Map<String, String> sources, int release, List<String> extraOptions) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no system Java compiler: the tests need a JDK, not a JRE");
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
            MemoryFileManager files = new MemoryFileManager(standard);
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new MemorySource(name, text)));
            // -Xlint:-options: no "source value 8 is obsolete" noise on newer JDKs.
            List<String> options = new ArrayList<>(List.of("-Xlint:-options", "-proc:none", "-implicit:none",
                    "-g", "--release", Integer.toString(release), "-encoding", "UTF-8", "-classpath", classPath()));
            options.addAll(extraOptions);
            StringWriter out = new StringWriter();
            boolean ok;
            try {
                ok = javac.getTask(out, files, diagnostics, options, null, units).call();
            } catch (RuntimeException e) {
                throw failure(release, sources, "javac crashed: " + e);
            }
            StringBuilder errors = new StringBuilder();
            for (javax.tools.Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                    errors.append(d.getSource() == null ? "" : d.getSource().toUri().getPath().substring(1))
                            .append(':').append(d.getLineNumber()).append(": error: ")
                            .append(d.getMessage(Locale.ROOT)).append('\n');
                }
            }
            if (!ok || errors.length() > 0) {
                throw failure(release, sources, errors + out.toString());
            }
            Map<String, byte[]> classes = new TreeMap<>();
            files.output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
            return classes;
        }
    },

    /**
     * The Eclipse compiler ({@code org.eclipse.jdt:ecj}): other bytecode shapes than javac (other
     * local slot reuse, string concatenation, switch on strings and enums, dropped unused locals).
     */
    ECJ {
        @Override
        public int maxRelease() {
            // ecj 3.40 knows Java 23 at most; newer ecj releases need a Java 21 runtime.
            return Math.min(23, Runtime.version().feature());
        }

        @Override
        Map<String, byte[]> run(Map<String, String> sources, int release, List<String> extraOptions) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("weft-ecj");
                Path src = dir.resolve("src");
                Path out = dir.resolve("classes");
                List<String> args = new ArrayList<>(List.of("-proc:none", "-warn:none", "-Xemacs",
                        "-g", "--release", Integer.toString(release), "-encoding", "UTF-8",
                        "-classpath", classPath(), "-d", out.toString()));
                args.addAll(extraOptions);
                for (Map.Entry<String, String> e : sources.entrySet()) {
                    Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                    args.add(file.toString());
                }
                StringWriter messages = new StringWriter();
                boolean ok;
                try (PrintWriter pw = new PrintWriter(messages)) {
                    ok = BatchCompiler.compile(args.toArray(new String[0]), pw, pw, null);
                }
                if (!ok) {
                    throw failure(release, sources, messages.toString().replace(src + File.separator, ""));
                }
                Map<String, byte[]> classes = new TreeMap<>();
                try (Stream<Path> files = Files.walk(out)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        String name = out.relativize(f).toString().replace(File.separatorChar, '/');
                        classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
                    }
                }
                return classes;
            } catch (IOException e) {
                throw new UncheckedIOException("ecj on a temporary directory", e);
            } finally {
                deleteTree(dir);
            }
        }
    };

    /** The newest {@code --release} this compiler can target on the running JDK. */
    public abstract int maxRelease();

    abstract Map<String, byte[]> run(Map<String, String> sources, int release, List<String> extraOptions);

    /** Whether this compiler can compile for {@code release} on the running JDK. */
    public boolean supports(int release) {
        return release >= 8 && release <= maxRelease();
    }

    /** Compiles with {@code --release release} and no extra options. */
    public Map<String, byte[]> compile(Map<String, String> sources, int release) {
        return compile(sources, release, List.of());
    }

    /**
     * Compiles {@code sources} (top-level class binary name to source text) and returns every class
     * file produced, keyed by internal name ({@code p/Foo$Inner}), in name order.
     *
     * @param extraOptions more compiler options, such as {@code -parameters}
     * @throws CompilationFailedError if the compiler reports an error
     */
    public Map<String, byte[]> compile(Map<String, String> sources, int release, List<String> extraOptions) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources");
        }
        if (!supports(release)) {
            throw new IllegalArgumentException(this + " cannot compile for --release " + release
                    + " on Java " + Runtime.version().feature());
        }
        Map<String, byte[]> classes = run(sources, release, extraOptions);
        if (classes.isEmpty()) {
            throw failure(release, sources, "no class files were written");
        }
        return classes;
    }

    final CompilationFailedError failure(int release, Map<String, String> sources, String messages) {
        return new CompilationFailedError(this + " --release " + release + " failed:\n" + messages.strip()
                + "\n--- sources ---\n" + numbered(sources));
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /** The class path given to the compiler: the test's class path and the weft runtime's location. */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        try {
            entries.add(Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual); rely on java.class.path
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String numbered(Map<String, String> sources) {
        StringBuilder b = new StringBuilder();
        sources.forEach((name, text) -> {
            b.append("// ").append(name).append('\n');
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                b.append(String.format("%4d  %s%n", i + 1, lines[i]));
            }
        });
        return b.toString();
    }

    /** A source file held in memory, named after its top-level class. */
    private static final class MemorySource extends SimpleJavaFileObject {
        private final String text;

        MemorySource(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** A class file written to memory. */
    private static final class MemoryClass extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes;

        MemoryClass(String internalName, ByteArrayOutputStream bytes) {
            super(URI.create("mem:///" + internalName + Kind.CLASS.extension), Kind.CLASS);
            this.bytes = bytes;
        }

        @Override
        public OutputStream openOutputStream() {
            bytes.reset();
            return bytes;
        }
    }

    /** Reads classes through the standard manager; keeps written class files in memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, ByteArrayOutputStream> output = new TreeMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                                                   JavaFileObject.Kind kind, FileObject sibling) {
            if (kind != JavaFileObject.Kind.CLASS) {
                throw new UnsupportedOperationException("unexpected output " + className + " of kind " + kind);
            }
            String internalName = className.replace('.', '/');
            ByteArrayOutputStream bytes = output.computeIfAbsent(internalName, n -> new ByteArrayOutputStream());
            return new MemoryClass(internalName, bytes);
        }
    }
}
