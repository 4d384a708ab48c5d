package dev.weft.weaver.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.harness.SourceCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the weaver: random {@code @Async} programs ({@link ProgramGenerator}),
 * compiled by javac or ecj at several releases, woven and run on a seeded schedule of task
 * completions, against the same program run with synchronous awaits ({@link DifferentialRunner}).
 *
 * <p>CI runs a fixed set of seeds (250 programs, two to three minutes). A longer soak, from any seed
 * (one to two programs a second on a 2-core machine):
 * <pre>
 * mvn -B -ntp test -pl runtime,weaver -Dtest=WeaverFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dweft.fuzz.seed=123 -Dweft.fuzz.count=5000
 * </pre>
 * Program {@code i} uses seed {@code weft.fuzz.seed + i}; a failure prints its seed, so
 * {@code -Dweft.fuzz.seed=SEED -Dweft.fuzz.count=1} runs that program alone, and a minimized
 * source (the first three failures are minimized, up to a minute each).
 * {@code -Dweft.fuzz.dump=DIR} writes every generated program to {@code DIR}.
 */
class WeaverFuzzTest {
    private static final long DEFAULT_SEED = 20_261_124L;
    private static final int DEFAULT_COUNT = 250;
    private static final int MINIMIZED_AT_MOST = 3;
    private static final int PROGRESS_EVERY = 500;
    /** A directory to write every generated program to, for looking at what the generator writes. */
    private static final String DUMP = System.getProperty("weft.fuzz.dump");

    private static void dump(long seed, String source) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(DUMP);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("Prog" + seed + ".java"), source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void wovenProgramsBehaveLikeTheirSynchronousReference() {
        long base = Long.getLong("weft.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("weft.fuzz.count", DEFAULT_COUNT);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        int minimized = 0;
        int miscompiled = 0;
        long awaited = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0 && i % PROGRESS_EVERY == 0) {
                // a long soak shows how far it got, should it be stopped before the end
                System.out.printf("weft fuzz: %d of %d programs from seed %d in %.1f s, %d failed so far%n",
                        i, count, base, (System.nanoTime() - start) / 1e9, failures.size());
            }
            long seed = base + i;
            Case c = Case.of(seed);
            Code program = new ProgramGenerator(seed, c.release, c.compiler == SourceCompiler.JAVAC, "Prog").generate();
            String source = program.render(Set.of());
            if (DUMP != null) {
                dump(seed, source);
            }
            DifferentialRunner runner = new DifferentialRunner(c.compiler, c.release, "Prog");
            DifferentialRunner.Result r = runner.run(source, seed, c.failPercent);
            if (r.verdict == DifferentialRunner.Verdict.OK) {
                awaited += r.awaited;
                continue;
            }
            if (isCompilersFault(seed, r)) {
                miscompiled++;
                continue;
            }
            String shown = source;
            // a program that does not compile is the generator's bug: nothing to minimize
            if (r.verdict != DifferentialRunner.Verdict.COMPILE && minimized++ < MINIMIZED_AT_MOST) {
                shown = Minimizer.minimize(program,
                        s -> runner.run(s, seed, c.failPercent).verdict == r.verdict, 60_000);
            }
            String report = "seed " + seed + " (" + c + "): " + r + "\n--- program" + (shown == source ? "" : ", minimized")
                    + " ---\n" + shown;
            System.out.println(report);
            failures.add(report);
        }
        System.out.printf("weft fuzz: %d programs from seed %d in %.1f s, %d tasks awaited, %d miscompiled, %d failed%n",
                count, base, (System.nanoTime() - start) / 1e9, awaited, miscompiled, failures.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + count + " programs failed:\n" + String.join("\n\n", failures));
        }
    }

    /**
     * The same programs woven keeping every local in scope across awaits (the plugin's and the agent's
     * {@code keepLocals}): more values saved and restored, the same behaviour. CI runs 40 from a fixed
     * seed; {@code -Dweft.fuzz.keep.seed} and {@code -Dweft.fuzz.keep.count} choose others.
     */
    @Test
    void programsWovenKeepingLocalsBehaveLikeTheirSynchronousReference() {
        long base = Long.getLong("weft.fuzz.keep.seed", 20_261_207L);
        int count = Integer.getInteger("weft.fuzz.keep.count", 40);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        int miscompiled = 0;
        long awaited = 0;
        for (int i = 0; i < count; i++) {
            long seed = base + i;
            Case c = Case.of(seed);
            String source = new ProgramGenerator(seed, c.release, c.compiler == SourceCompiler.JAVAC, "Prog")
                    .generate().render(Set.of());
            DifferentialRunner.Result r = new DifferentialRunner(c.compiler, c.release, "Prog",
                    WeaveOptions.defaults().withKeepLocals(true)).run(source, seed, c.failPercent);
            if (r.verdict == DifferentialRunner.Verdict.OK) {
                awaited += r.awaited;
                continue;
            }
            if (isCompilersFault(seed, r)) {
                miscompiled++;
                continue;
            }
            String report = "keepLocals seed " + seed + " (" + c + "): " + r + "\n--- program ---\n" + source;
            System.out.println(report);
            failures.add(report);
        }
        System.out.printf("weft fuzz: %d programs woven keeping locals from seed %d in %.1f s, %d tasks awaited,"
                + " %d miscompiled, %d failed%n", count, base, (System.nanoTime() - start) / 1e9, awaited, miscompiled,
                failures.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + count + " programs failed:\n" + String.join("\n\n", failures));
        }
    }

    /**
     * The hand-built mode: programs whose async methods are written with ASM and keep uninitialized
     * objects around their awaits in shapes javac does not write ({@link UninitializedShapeGenerator}).
     * CI runs 150 from a fixed seed (a few seconds); {@code -Dweft.fuzz.uninit.seed} and
     * {@code -Dweft.fuzz.uninit.count} choose others.
     */
    @Test
    void handBuiltUninitializedObjectShapesBehaveLikeTheirReference() {
        long base = Long.getLong("weft.fuzz.uninit.seed", 20_261_206L);
        int count = Integer.getInteger("weft.fuzz.uninit.count", 150);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        long awaited = 0;
        for (int i = 0; i < count; i++) {
            long seed = base + i;
            UninitializedShapeGenerator g = new UninitializedShapeGenerator(seed);
            java.util.Map<String, byte[]> shapes = g.classes();
            int failPercent = new int[] {0, 10, 25}[(int) Math.floorMod(seed, 3L)];
            DifferentialRunner.Result r = new DifferentialRunner(SourceCompiler.JAVAC, 17, "Prog")
                    .run(g.source(), shapes, seed, failPercent);
            if (r.verdict == DifferentialRunner.Verdict.OK) {
                awaited += r.awaited;
                continue;
            }
            StringBuilder shown = new StringBuilder();
            shapes.forEach((name, bytes) -> shown.append(textOf(bytes)));
            String report = "hand-built seed " + seed + " (" + failPercent + "% failing awaits): " + r + "\n" + shown;
            System.out.println(report);
            failures.add(report);
        }
        System.out.printf("weft fuzz: %d hand-built programs (uninitialized objects) from seed %d in %.1f s,"
                + " %d tasks awaited, %d failed%n", count, base, (System.nanoTime() - start) / 1e9, awaited, failures.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + count + " hand-built programs failed:\n" + String.join("\n\n", failures));
        }
    }

    /**
     * Whether the compiler, not the weaver, failed this program: its own classes do not verify. Shown,
     * not counted as a failure (nothing woven can be compared with a reference that never runs).
     */
    private static boolean isCompilersFault(long seed, DifferentialRunner.Result r) {
        if (r.verdict != DifferentialRunner.Verdict.MISCOMPILED) {
            return false;
        }
        System.out.println("seed " + seed + ": skipped, " + r);
        return true;
    }

    private static String textOf(byte[] bytes) {
        java.io.StringWriter out = new java.io.StringWriter();
        new org.objectweb.asm.ClassReader(bytes).accept(new org.objectweb.asm.util.TraceClassVisitor(
                new java.io.PrintWriter(out)), 0);
        return out.toString();
    }

    /** How one seed's program is compiled and scheduled. */
    static final class Case {
        final SourceCompiler compiler;
        final int release;
        final int failPercent;

        private Case(SourceCompiler compiler, int release, int failPercent) {
            this.compiler = compiler;
            this.release = release;
            this.failPercent = failPercent;
        }

        static Case of(long seed) {
            // mixed first: the first draws of Randoms seeded with consecutive seeds hardly differ
            Random r = new Random(mix(seed));
            int k = r.nextInt(8);
            SourceCompiler compiler = k < 2 ? SourceCompiler.ECJ : SourceCompiler.JAVAC;
            int release = k == 2 ? 8 : k == 3 ? 11 : k == 4 ? SourceCompiler.JAVAC.maxRelease() : 17;
            if (k == 1) {
                release = 8;
            }
            int[] fail = {0, 2, 5, 10};
            return new Case(compiler, release, fail[r.nextInt(fail.length)]);
        }

        /** SplitMix64's finalizer: consecutive seeds give unrelated values. */
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        @Override
        public String toString() {
            return compiler.name().toLowerCase() + " --release " + release + ", " + failPercent + "% failing awaits";
        }
    }
}
