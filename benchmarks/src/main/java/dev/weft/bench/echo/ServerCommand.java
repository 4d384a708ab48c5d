package dev.weft.bench.echo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@link ServerProcess} starts: one server contender's command line and environment. */
interface ServerCommand {
    /** The contender key of the report ({@code dev.weft.bench.Contenders}). */
    String key();

    /**
     * The command that starts the server; {@code scratch} is a directory it may write its files in,
     * and {@code measured} says whether the run times it (then a JVM's heap is touched at start).
     */
    List<String> command(Path scratch, boolean measured) throws IOException;

    /** Sets what the command needs in the environment. */
    void environment(Map<String, String> env);
}
