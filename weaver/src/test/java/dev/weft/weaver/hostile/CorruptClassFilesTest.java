package dev.weft.weaver.hostile;

import static dev.weft.weaver.hostile.Hostile.assertClearFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.ClassVerifier;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Truncated, corrupted and unusually decorated class files (ClassFileEdgeCasesTest has the basics). */
class CorruptClassFilesTest {
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

    /** An attribute no JVM knows, at class, method or code level. */
    private static final class Unknown extends Attribute {
        private final boolean code;

        Unknown(String type, boolean code) {
            super(type);
            this.code = code;
        }

        @Override
        public boolean isCodeAttribute() {
            return code;
        }

        @Override
        protected ByteVector write(ClassWriter cw, byte[] c, int len, int maxStack, int maxLocals) {
            return new ByteVector().putInt(0xCAFEBABE).putShort(7).putByte(1);
        }
    }

    @Test
    void unknownAttributesAtEveryLevelAreCarriedThroughOrDroppedButNeverBreakWeaving() {
        ClassWriter cw = Hostile.writer(Opcodes.V11);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/Decorated", null, "java/lang/Object", null);
        cw.visitAttribute(new Unknown("com.example.ClassThing", false));
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", Hostile.TASK_DESC, null, null);
        mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        mv.visitAttribute(new Unknown("com.example.MethodThing", false));
        mv.visitCode();
        mv.visitAttribute(new Unknown("com.example.CodeThing", true));
        mv.visitIntInsn(Opcodes.BIPUSH, 40);
        Hostile.task(mv, true);
        Hostile.await(mv);
        mv.visitInsn(Opcodes.ICONST_2);
        mv.visitInsn(Opcodes.IADD);
        Hostile.returnInt(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        assertEquals(42, Hostile.weaveAndRun("p/Decorated", cw.toByteArray()));
    }

    /** An attribute with any name and content. */
    private static final class Raw extends Attribute {
        private final byte[] content;

        Raw(String type, byte[] content) {
            super(type);
            this.content = content;
        }

        @Override
        protected ByteVector write(ClassWriter cw, byte[] c, int len, int maxStack, int maxLocals) {
            return new ByteVector().putByteArray(content, 0, content.length);
        }
    }

    /**
     * {@link #small} with a class-level {@code RuntimeInvisibleAnnotations} attribute holding one
     * annotation whose one element has the value {@code elementValue}: the JVM skips invisible
     * annotations, so however bad the value, the class loads.
     */
    private static byte[] withInvisibleAnnotation(String name, byte[] elementValue) {
        ClassWriter cw = Hostile.writer(Opcodes.V11);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource("Annotated.java", null);
        int utf8 = cw.newUTF8("Lp/Ann;");
        byte[] attribute = Arrays.copyOf(new byte[] {0, 1, (byte) (utf8 >> 8), (byte) utf8, 0, 1,
            (byte) (utf8 >> 8), (byte) utf8}, 8 + elementValue.length);
        System.arraycopy(elementValue, 0, attribute, 8, elementValue.length);
        cw.visitAttribute(new Raw("RuntimeInvisibleAnnotations", attribute));
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", Hostile.TASK_DESC, null, null);
        mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        mv.visitCode();
        mv.visitIntInsn(Opcodes.BIPUSH, 20);
        Hostile.task(mv, true);
        Hostile.await(mv);
        Hostile.returnInt(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aClassTheJvmLoadsButAsmCannotReadIsLeftAloneWithADiagnosticNamingIt() {
        byte[] unknownTag = withInvisibleAnnotation("p/BadTag", new byte[] {'X', 0, 1});
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
