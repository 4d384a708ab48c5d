package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's classes ({@code target/classes}) in place: every {@code @Async} method
 * becomes a resumable state machine. Misuse (such as an await inside {@code synchronized}) fails
 * the build with the source file and line.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class WeaveMojo extends AbstractWeftMojo {

    /** The directory of the classes to weave. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    private List<String> classpathElements;

    @Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
    private List<String> compileSourceRoots;

    /**
     * Keeps every local variable in scope across awaits, also those the method no longer reads, so
     * that a debugger shows each with its value on a line after an await that suspended. Costs a
     * field store and load per such local at each suspension. Takes effect on classes compiled
     * after the change ({@code mvn clean} for all). Default {@code false} here, {@code true} for
     * {@code weave-tests}.
     */
    @Parameter(property = "weft.keepLocals", defaultValue = "false")
    private boolean keepLocals;

    /** Maven creates the mojo. */
    public WeaveMojo() {
    }

    @Override
    File classesDirectory() {
        return classesDirectory;
    }

    @Override
    List<String> classpathElements() {
        return classpathElements;
    }

    @Override
    List<String> sourceRoots() {
        return compileSourceRoots;
    }

    @Override
    boolean keepLocals() {
        return keepLocals;
    }

    @Override
    String goal() {
        return "weave";
    }
}
