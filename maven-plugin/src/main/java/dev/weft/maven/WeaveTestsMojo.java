package dev.weft.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Weaves the project's test classes ({@code target/test-classes}) in place, like {@code weave}. */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class WeaveTestsMojo extends AbstractWeftMojo {

    /** The directory of the test classes to weave. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    private File testClassesDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    private List<String> testClasspathElements;

    @Parameter(defaultValue = "${project.testCompileSourceRoots}", readonly = true, required = true)
    private List<String> testCompileSourceRoots;

    /**
     * Keeps every local variable in scope across awaits, also those the method no longer reads, so
     * that a debugger shows each with its value on a line after an await that suspended. Costs a
     * field store and load per such local at each suspension. Takes effect on classes compiled
     * after the change ({@code mvn clean} for all). Default {@code true} here (tests are what one
     * debugs), {@code false} for {@code weave}.
     */
    @Parameter(property = "weft.keepLocals", defaultValue = "true")
    private boolean keepLocals;

    /** Maven creates the mojo. */
    public WeaveTestsMojo() {
    }

    @Override
    File classesDirectory() {
        return testClassesDirectory;
    }

    @Override
    List<String> classpathElements() {
        return testClasspathElements;
    }

    @Override
    List<String> sourceRoots() {
        return testCompileSourceRoots;
    }

    @Override
    boolean keepLocals() {
        return keepLocals;
    }

    @Override
    String goal() {
        return "weave-tests";
    }
}
