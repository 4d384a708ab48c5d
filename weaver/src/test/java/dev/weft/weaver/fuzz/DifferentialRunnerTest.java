package dev.weft.weaver.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.harness.SourceCompiler;

import org.junit.jupiter.api.Test;

/** The oracle itself: it passes an honest program and catches one that behaves differently woven. */
class DifferentialRunnerTest {
    private static String program(String body) {
        return "package p;\nimport dev.weft.*;\nimport java.util.concurrent.*;\npublic class Prog {\n"
                + ProgramGenerator.HELPERS + body + "}\n";
    }

    private final DifferentialRunner runner = new DifferentialRunner(SourceCompiler.JAVAC, 17, "Prog");

    @Test
    void awaitsOnEveryScheduleMatchTheReference() {
        String src = program("@Async static Task<String> main() {\n"
                + "  int s = 0;\n"
                + "  for (int i = 0; i < 20; i++) { try { s += Weft.await(t(i)); } catch (Boom b) { log(b.getMessage()); } }\n"
                + "  log(s);\n  return Task.of(\"s\" + s);\n}\n");
        for (int seed = 0; seed < 5; seed++) {
            DifferentialRunner.Result r = runner.run(src, seed, 20);
            assertEquals(DifferentialRunner.Verdict.OK, r.verdict, r.toString());
        }
    }

    @Test
    void aProgramThatSeesTheScheduleIsAMismatch() {
        // whether t(1) is done differs between the runs by design: the oracle must notice
        String src = program("@Async static Task<String> main() {\n"
                + "  for (int i = 0; i < 8; i++) { Task<Integer> x = t(i); log(x.isDone()); Weft.await(x); }\n"
                + "  return Task.of(\"done\");\n}\n");
        DifferentialRunner.Result r = runner.run(src, 3, 0);
        assertEquals(DifferentialRunner.Verdict.MISMATCH, r.verdict, r.toString());
        assertTrue(r.detail.contains("reference:"), r.detail);
    }

    /**
     * ecj 3.40 writes a stack map frame that does not match the code for a condition folded to a
     * constant around a non-constant operand ("Internal inconsistency: Inappropriate operand stack
     * size", seed 7777805 of a soak): the unwoven program fails the JVM's verifier, so the oracle has
     * no reference. That is the compiler's fault, not a mismatch; javac compiles the same source.
     */
    @Test
    void aProgramTheCompilerMakesUnverifiableIsMiscompiledNotAMismatch() {
        String src = program("static int h() { return 3; }\n"
                + "@Async static Task<String> main() {\n"
                + "  int z = Weft.await(t(1));\n"
                + "  int d = (true ^ (false && (0 == z))) ? z : h();\n"
                + "  return Task.of(\"d\" + d);\n}\n");
        DifferentialRunner.Result ecj = new DifferentialRunner(SourceCompiler.ECJ, 17, "Prog").run(src, 1, 0);
        assertEquals(DifferentialRunner.Verdict.MISCOMPILED, ecj.verdict, ecj.toString());
        assertTrue(ecj.detail.startsWith("ECJ --release 17: harness failure java.lang.VerifyError: Instruction type does not"
                + " match stack map"), ecj.detail);
        DifferentialRunner.Result javac = runner.run(src, 1, 0);
        assertEquals(DifferentialRunner.Verdict.OK, javac.verdict, javac.toString());
    }
}
