package dev.weft.maven;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Maven plugin's route for the agent's tests: weaves a classes directory in place the way
 * {@code AbstractWeftMojo} does (same lookup, same transformer, same directory weaver), without Maven.
 */
public final class PluginRoute {
    private PluginRoute() {
    }

    /**
     * Weaves {@code classes} in place, with {@code classpath} for lookups after the directory itself.
     *
     * @return every problem reported, as {@code relative/Path.class: diagnostic text}, in order
     */
    public static List<String> weave(Path classes, List<Path> classpath) throws IOException {
        return weave(classes, classpath, WeaveOptions.defaults());
    }

    /**
     * As {@link #weave(Path, List)}, with {@code options}.
     *
     * @return every problem reported, as {@code relative/Path.class: diagnostic text}, in order
     */
    public static List<String> weave(Path classes, List<Path> classpath, WeaveOptions options) throws IOException {
        List<Path> elements = new ArrayList<>();
        elements.add(classes);
        elements.addAll(classpath);
        ClassDirectoryWeaver.Report report;
        try (ClasspathLookup lookup = new ClasspathLookup(elements)) {
            ClassBytesLookup all = lookup.orElse(ClasspathLookup.jdk());
            report = new ClassDirectoryWeaver(classes, new Weaver(all, options)::weave, AntPatternFilter.all(),
                    null, "test").run();
        }
        List<String> problems = new ArrayList<>();
        for (ClassDirectoryWeaver.Reported r : report.problems) {
            problems.add(classes.relativize(r.classFile).toString().replace('\\', '/') + ": " + r.problem);
        }
        return problems;
    }
}
