package dev.weft.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Objects;

/**
 * Finds a program named without a directory in the child's {@code PATH}, where the JDK looks in
 * the JVM's own: a program only on a {@code PATH} given with {@code withEnvironment} would not be
 * found, or another one of the same name would run. Python's {@code subprocess} (so asyncio's)
 * searches the given environment's {@code PATH}, or {@code /bin:/usr/bin} if it has none.
 */
final class ProgramPath {
    /** Python's {@code os.defpath}: the search path of an environment without {@code PATH}. */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private ProgramPath() {
    }

    /**
     * The program to start: {@code program} itself when it names a directory, when the child's
     * {@code PATH} is the JVM's (the JDK searches that), or off Unix; else the first executable
     * file of that name in the child's {@code PATH} (an empty or relative entry is taken from
     * {@code directory}, where the child starts, or this process's directory).
     *
     * @throws IOException as the JDK's, if no directory of the child's {@code PATH} has it
     */
    static String resolve(String program, Map<String, String> childEnvironment, Path directory) throws IOException {
        if (File.separatorChar != '/' || program.indexOf('/') >= 0 || program.isEmpty()) {
            return program;
        }
        String path = childEnvironment.get("PATH");
        if (Objects.equals(path, System.getenv("PATH"))) {
            return program;
        }
        String searched = path != null ? path : DEFAULT_PATH;
        Path base = directory != null ? directory : Paths.get("");
        for (String dir : searched.split(":", -1)) {
            Path candidate = base.resolve(dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory (searched the"
                + " child's PATH: " + searched + ")");
    }
}
