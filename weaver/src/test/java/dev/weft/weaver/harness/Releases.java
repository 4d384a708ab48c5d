package dev.weft.weaver.harness;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code --release} levels the tests compile for: 8, 11, 17 and the running JDK's feature
 * version (so 25 when running on JDK 25), as far as the chosen compiler supports them.
 */
public final class Releases {
    /** The release used when a test does not choose one. */
    public static final int DEFAULT = 17;

    private Releases() {
    }

    /** The running JDK's feature version, such as 17 or 25. */
    public static int current() {
        return Runtime.version().feature();
    }

    /** 8, 11, 17 and {@link #current()}, ascending, without duplicates. */
    public static List<Integer> all() {
        TreeSet<Integer> r = new TreeSet<>(List.of(8, 11, 17, current()));
        return List.copyOf(r);
    }

    /** {@link #all()} restricted to what {@code compiler} supports on this JDK (ecj stops at its newest known Java). */
    public static List<Integer> all(SourceCompiler compiler) {
        TreeSet<Integer> r = new TreeSet<>(List.of(8, 11, 17, compiler.maxRelease()));
        return r.stream().filter(compiler::supports).collect(Collectors.toUnmodifiableList());
    }
}
