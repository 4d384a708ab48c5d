package dev.weft.weaver.hostile;

import static dev.weft.weaver.hostile.Hostile.assertClearFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.ClassVerifier;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/** Truncated, corrupted and unusually decorated class files (ClassFileEdgeCasesTest has the basics). */
class CorruptClassFilesTest {
    private static final HostileShapes SHAPES = new HostileShapes("dev/weft/weaver/hostile/Hostile");

    /** {@code @Async static Task run() { return Task.of(await(later(20)) + 1); }} */
    private static byte[] small(boolean later) {
        return Hostile.classWith(Opcodes.V11, "p/Small", true, mv -> {
            mv.visitIntInsn(Opcodes.BIPUSH, 20);
            Hostile.task(mv, later);
            Hostile.await(mv);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IADD);
            Hostile.returnInt(mv);
        });
    }

    @Test
    void theSmallClassItselfWeavesAndRuns() {
        assertEquals(21, Hostile.weaveAndRun("p/Small", small(true)));
    }

    @Test
    void everyTruncationGivesADiagnosticOrIsLeftAlone() {
        byte[] whole = small(false);
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            WeaveResult r = Hostile.weave(cut);
            if (r.status() == WeaveResult.Status.UNCHANGED) {
                assertSame(r.bytes().length, cut.length, "length " + length);
            } else {
                assertClearFailure(r, cut);
            }
        }
    }

    @Test
    void randomByteFlipsNeverCrashTheWeaverNorGiveAClassThatFailsVerification() {
        byte[] whole = small(false);
        Random random = new Random(42);
        int woven = 0;
        for (int i = 0; i < 400; i++) {
            byte[] mutant = whole.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutant[random.nextInt(mutant.length)] ^= (byte) (1 << random.nextInt(8));
            }
            WeaveResult r = Hostile.weave(mutant);
            if (r.status() == WeaveResult.Status.FAILED) {
                assertClearFailure(r, mutant);
            } else if (r.status() == WeaveResult.Status.WOVEN && inputVerifies(mutant)) {
                // a mutant that is still a valid class must be woven into a valid class
                Hostile.load(Hostile.className(mutant), r);
                woven++;
            }
        }
        assertTrue(woven > 0, "no mutant stayed weavable: the test checks nothing about woven output");
    }

    private static boolean inputVerifies(byte[] bytes) {
        try {
            String name = Hostile.className(bytes);
            ChildFirstClassLoader loader = new ChildFirstClassLoader(Map.of(name, bytes), Hostile.class.getClassLoader());
            ClassVerifier.verify(bytes, loader);
            Class.forName(name.replace('/', '.'), false, loader).getDeclaredMethods();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Whether the JVM alone (no ASM check) loads, links and initializes the class. */
    private static boolean jvmLoads(byte[] bytes) {
        try {
            String name = Hostile.className(bytes);
            ChildFirstClassLoader loader = new ChildFirstClassLoader(Map.of(name, bytes), Hostile.class.getClassLoader());
            Class.forName(name.replace('/', '.'), true, loader).getDeclaredMethods();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    @Test
    void unknownAttributesAtEveryLevelAreCarriedThroughOrDroppedButNeverBreakWeaving() {
        assertEquals(42, Hostile.weaveAndRun("p/Decorated", SHAPES.unknownAttributes("p/Decorated")));
    }

    /**
     * {@link #small} with a class-level {@code RuntimeInvisibleAnnotations} attribute holding one
     * annotation whose one element has the value {@code elementValue}: the JVM skips invisible
     * annotations, so however bad the value, the class loads.
     */
    private static byte[] withInvisibleAnnotation(String name, byte[] elementValue) {
        return SHAPES.badInvisibleAnnotation(name, elementValue, "Lp/Ann;");
    }

    @Test
    void aClassTheJvmLoadsButAsmCannotReadIsLeftAloneWithADiagnosticNamingIt() {
        byte[] unknownTag = withInvisibleAnnotation("p/BadTag", HostileShapes.unknownTag());
        byte[] deep = new byte[3 * 100_000 + 3];
        for (int i = 0; i < 100_000; i++) {
            deep[3 * i] = '[';
            deep[3 * i + 2] = 1;
        }
        deep[deep.length - 3] = 's';
        deep[deep.length - 1] = 1;   // constant 1: the class's own name
        byte[] deeplyNested = withInvisibleAnnotation("p/DeepArrays", deep);
        for (byte[] input : List.of(unknownTag, deeplyNested)) {
            String name = Hostile.className(input);
            assertTrue(jvmLoads(input), name + " should load: the JVM does not read invisible annotations");
            WeaveResult r = Hostile.weave(input);
            assertClearFailure(r, input);
            Diagnostic d = r.diagnostics().get(0);
            assertEquals(name.replace('/', '.'), d.className());
            assertTrue(d.toString().startsWith(name.replace('/', '.') + ": error: not a valid class file: "), d.toString());
        }
        assertEquals("p.BadTag: error: not a valid class file: java.lang.IllegalArgumentException;"
                + " check that the file is a class file and not truncated",
                Hostile.weave(unknownTag).diagnostics().get(0).toString());
    }
}
