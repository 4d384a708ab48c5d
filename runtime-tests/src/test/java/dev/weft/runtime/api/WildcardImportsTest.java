package dev.weft.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typical user code starts with wildcard imports of the JDK and of Weft: every public type of the
 * runtime must then still be usable by its simple name: none may share a name with a type of
 * {@code java.util.*}, {@code java.time.*} and the like, as {@code Queue} did.
 */
class WildcardImportsTest {
    /** The JDK packages user code commonly imports whole. */
    static final List<String> JDK_WILDCARDS = List.of("java.util", "java.util.concurrent", "java.util.concurrent.locks",
            "java.util.concurrent.atomic", "java.util.function", "java.util.stream", "java.time", "java.io", "java.nio",
            "java.nio.file", "java.nio.channels", "java.net");

    /** The runtime's package for woven code and its own workings, which users do not import. */
    private static final String INTERNAL = "dev.weft.internal";

    /**
     * Types issue 12 moves out of {@code dev.weft} into {@code dev.weft.sync} under new names (branch
     * {@code sync}): skipped while they are still here. Delete this set once that move is merged.
     */
    private static final Set<String> MOVING_TO_SYNC = Set.of("dev.weft.Queue", "dev.weft.Lock", "dev.weft.Condition",
            "dev.weft.Semaphore");

    @TempDir
    Path work;

    @Test
    void everyPublicTypeOfTheRuntimeCompilesBySimpleNameUnderWildcardImports() throws Exception {
        List<String> types = new ArrayList<>();
        for (String name : publicTopLevelTypes(runtimeClasses())) {
            if (!MOVING_TO_SYNC.contains(name)) {
                types.add(name);
            }
        }
        assertTrue(types.contains("dev.weft.Task") && types.contains("dev.weft.Weft"), "found " + types);
        assertEquals(List.of(), compileErrors(types, List.of()),
                "a runtime type clashes with a JDK type of the same simple name under wildcard imports");
    }

    /** The check itself: a type named like one of {@code java.util}'s is reported. */
    @Test
    void aTypeNamedLikeAJdkTypeIsReported() throws Exception {
        List<String> errors = compileErrors(List.of("dev.weft.clashprobe.Queue", "dev.weft.clashprobe.Probe"),
                List.of("package dev.weft.clashprobe; public class Queue {}",
                        "package dev.weft.clashprobe; public class Probe {}"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("reference to Queue is ambiguous"), errors.get(0));
    }

    /**
     * Compiles a class that imports the JDK packages and the packages of {@code types} whole and
     * declares a field of each type by its simple name; returns javac's errors. {@code extraSources}
     * are compiled with it.
     */
    private List<String> compileErrors(List<String> types, List<String> extraSources) throws Exception {
        Set<String> packages = new TreeSet<>();
        packages.add("dev.weft");
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            String name = types.get(i);
            int dot = name.lastIndexOf('.');
            packages.add(name.substring(0, dot));
            fields.append("    ").append(name.substring(dot + 1)).append(" field").append(i).append(";\n");
        }
        StringBuilder source = new StringBuilder("package user;\n\n");
        for (String p : JDK_WILDCARDS) {
            source.append("import ").append(p).append(".*;\n");
        }
        for (String p : packages) {
            source.append("import ").append(p).append(".*;\n");
        }
        source.append("\n@SuppressWarnings(\"rawtypes\")\nclass UsesEveryType {\n").append(fields).append("}\n");

        List<Path> files = new ArrayList<>();
        files.add(write(work.resolve("src/user/UsesEveryType.java"), source.toString()));
        for (int i = 0; i < extraSources.size(); i++) {
            files.add(write(work.resolve("src/extra/Extra" + i + "/" + typeName(extraSources.get(i)) + ".java"), extraSources.get(i)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            Path out = Files.createDirectories(work.resolve("out"));
            List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", runtimeClasses().toString());
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
                .collect(Collectors.toList());
    }

    private static String typeName(String source) {
        String afterClass = source.substring(source.indexOf(" class ") + " class ".length());
        return afterClass.substring(0, afterClass.indexOf(' '));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** The runtime's classes: a directory in a reactor build, else its jar. */
    private static Path runtimeClasses() throws URISyntaxException {
        return Paths.get(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The public top-level types of every package of the runtime except {@link #INTERNAL}, found
     * from its class files (so a package added later is checked too).
     */
    static List<String> publicTopLevelTypes(Path classes) throws IOException, ClassNotFoundException {
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes.resolve("dev/weft"))) {
                files.map(f -> classes.relativize(f).toString().replace('\\', '/')).forEach(entries::add);
            }
        } else {
            try (JarFile jar = new JarFile(classes.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    entries.add(e.getName());
                }
            }
        }
        List<String> types = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.startsWith("dev/weft/") || !entry.endsWith(".class") || entry.contains("$")
                    || entry.endsWith("package-info.class") || entry.endsWith("module-info.class")) {
                continue;
            }
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            String pkg = name.substring(0, name.lastIndexOf('.'));
            if (pkg.equals(INTERNAL) || pkg.startsWith(INTERNAL + ".")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, Task.class.getClassLoader());
            if (Modifier.isPublic(c.getModifiers()) && !c.isSynthetic()) {
                types.add(name);
            }
        }
        Collections.sort(types);
        return types;
    }
}
