package dev.weft.maven;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.Weaver;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Weaves one classes directory in place. Subclasses say which directory, class path and source
 * roots. Thread-safe: all state lives in the Mojo instance and in locals of one execution.
 */
abstract class AbstractWeftMojo extends AbstractMojo {

    /** Skips weaving. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Ant-style patterns of the class files to weave, relative to the classes directory, such as
     * {@code com/acme/**}{@code /*.class}. Default: every class file.
     */
    @Parameter
    private List<String> includes;

    /** Ant-style patterns of class files not to weave, relative to the classes directory. */
    @Parameter
    private List<String> excludes;

    /** Fails the build when the weaver reports a warning (such as a forgotten await). */
    @Parameter(property = "weft.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /** Logs the weaver's warnings. */
    @Parameter(property = "weft.showWarnings", defaultValue = "true")
    private boolean showWarnings;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /** The directory woven in place. */
    abstract File classesDirectory();

    /** The class path the classes were compiled against (including the classes directory). */
    abstract List<String> classpathElements();

    /** Where the sources of those classes are, to report problems at source lines. */
    abstract List<String> sourceRoots();

    /** Name of this goal, which names its incremental state file. */
    abstract String goal();

    /** Whether to keep every local in scope across awaits, for debuggers (the goal's {@code keepLocals}). */
    abstract boolean keepLocals();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("Weft: skipped");
            return;
        }
        Path dir = classesDirectory().toPath().toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            log.info("Weft: nothing to weave, " + dir + " does not exist");
            return;
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(dir);
        for (String element : classpathElements()) {
            classpath.add(Path.of(element));
        }
        Path stateFile = buildDirectory.toPath().resolve("weft").resolve(goal() + ".state");

        ClassDirectoryWeaver.Report report;
        try (ClasspathLookup lookup = new ClasspathLookup(classpath)) {
            ClassBytesLookup all = lookup.orElse(ClasspathLookup.jdk());
            WeaveOptions options = WeaveOptions.defaults().withKeepLocals(keepLocals());
            ClassDirectoryWeaver weaver = new ClassDirectoryWeaver(dir,
                    new Weaver(all, options)::weave, new AntPatternFilter(includes, excludes),
                    stateFile, weaverFingerprint(), options.toString());
            report = weaver.run();
        } catch (IOException e) {
            throw new MojoExecutionException("Weft could not weave " + dir + ": " + e.getMessage(), e);
        }

        DiagnosticFormatter formatter = new DiagnosticFormatter(SourceLocator.of(sourceRoots()));
        for (ClassDirectoryWeaver.Reported r : report.problems) {
            if (r.problem.isError()) {
                log.error(formatter.format(r.problem, r.classFile));
            } else if (showWarnings || failOnWarning) {
                log.warn(formatter.format(r.problem, r.classFile));
            }
        }
        log.info(report.summary() + (keepLocals() ? ", every local kept across awaits (keepLocals)" : ""));
        if (log.isDebugEnabled()) {
            report.written.forEach(f -> log.debug("Weft: wrote " + dir.resolve(f)));
            log.debug("Weft: read " + report.read + " class files, deleted " + report.deleted + " stale frame classes");
        }

        long errors = report.errorCount();
        long warnings = report.warningCount();
        if (errors > 0) {
            throw new MojoFailureException("Weft found " + errors + " error(s) in " + report.failed
                    + " class(es) of " + dir + "; see the messages above");
        }
        if (failOnWarning && warnings > 0) {
            throw new MojoFailureException("Weft found " + warnings
                    + " warning(s) and failOnWarning is set; see the messages above");
        }
    }

    /**
     * Identifies the weaver, so that a state saved by another weaver build is not trusted: its
     * jar's location, size and time (a SNAPSHOT changes without a version change).
     */
    private static String weaverFingerprint() {
        StringBuilder b = new StringBuilder("weaver");
        CodeSource source = Weaver.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                Path p = Path.of(source.getLocation().toURI());
                b.append(':').append(p);
                if (Files.isRegularFile(p)) {
                    b.append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
                }
            } catch (URISyntaxException | IOException | RuntimeException e) {
                b.append(':').append(source.getLocation());
            }
        }
        return b.toString();
    }
}
