package dev.weft.weaver.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.CompilationFailedError;
import dev.weft.weaver.harness.SourceCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every generated program compiles: a program the compiler rejects is the generator's bug, and it
 * costs the soak a failure that says nothing about the weaver. Seeds that once did not compile are
 * kept here, compiled as {@link WeaverFuzzTest} compiles them.
 */
class GeneratedProgramsCompileTest {
    /** javac --release 17: a switch expression with short and int arms as the argument of t(...). */
    private static final long[] ONCE_REJECTED = {424_242_023L, 424_242_124L};

    @Test
    void programsOnceRejectedByJavacCompile() {
        List<String> failures = new ArrayList<>();
        for (long seed : ONCE_REJECTED) {
            compile(seed, failures);
        }
        assertEquals(List.of(), failures);
    }

    /**
     * A compile-only scan, off unless {@code -Dweft.fuzz.compileScan=N} (N programs from
     * {@code weft.fuzz.seed}): much faster than the differential run, for checking a generator change.
     */
    @Test
    void scanCompilesEveryProgram() {
        int count = Integer.getInteger("weft.fuzz.compileScan", 0);
        long base = Long.getLong("weft.fuzz.seed", 0);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            compile(base + i, failures);
        }
        assertEquals(List.of(), failures);
    }

    private static void compile(long seed, List<String> failures) {
        WeaverFuzzTest.Case c = WeaverFuzzTest.Case.of(seed);
        String source = new ProgramGenerator(seed, c.release, c.compiler == SourceCompiler.JAVAC, "Prog")
                .generate().render(Set.of());
        try {
            c.compiler.compile(java.util.Map.of("p.Prog", source), c.release);
        } catch (CompilationFailedError e) {
            String m = e.getMessage();
            int sources = m.indexOf("--- sources ---");
            failures.add("seed " + seed + " (" + c + "): " + (sources < 0 ? m : m.substring(0, sources)));
        }
    }
}
