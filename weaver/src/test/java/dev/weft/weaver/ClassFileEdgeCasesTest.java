package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files javac would not write: built with ASM to hit the weaver's limits and refusals. */
class ClassFileEdgeCasesTest {
    private final Weaver weaver = new Weaver(ClassBytesLookup.ofClassLoader(getClass().getClassLoader()));

    @Test
    void classWithoutWeftIsReturnedAsItIsWithoutParsing() {
        byte[] bytes = classWith(Opcodes.V11, "p/Plain", mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ARETURN);
        }, false, "()Ljava/lang/Object;");
        WeaveResult r = weaver.weave(bytes);
        assertEquals(WeaveResult.Status.UNCHANGED, r.status());
        assertSame(bytes, r.bytes());
        assertTrue(r.diagnostics().isEmpty());
    }

    @Test
    void corruptClassFileGivesAnErrorNotAnException() {
        byte[] good = asyncClass(Opcodes.V11, 3, 2);
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        WeaveResult r = weaver.weave(truncated);
        assertEquals(WeaveResult.Status.FAILED, r.status());
        assertSame(truncated, r.bytes());
        assertTrue(r.diagnostics().get(0).message().startsWith("not a valid class file"), r.diagnostics().toString());

        byte[] garbage = "this is not a class but mentions dev/weft/Weft".getBytes();
        assertEquals(WeaveResult.Status.FAILED, weaver.weave(garbage).status());
    }

    @Test
    void jsrSubroutinesAreRefusedWithAHint() {
        byte[] bytes = classWith(Opcodes.V1_4, "p/Old", mv -> {
            Label sub = new Label();
            mv.visitJumpInsn(Opcodes.JSR, sub);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "done", "()Ldev/weft/Task;", false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(sub);
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            mv.visitVarInsn(Opcodes.RET, 0);
        }, true, "()Ldev/weft/Task;");
        WeaveResult r = weaver.weave(bytes);
        assertEquals(WeaveResult.Status.FAILED, r.status());
        Diagnostic d = r.diagnostics().get(0);
        assertTrue(d.message().contains("uses jsr/ret subroutines"), d.message());
        assertTrue(d.hint().contains("recompile"), d.hint());
    }

    @Test
    void asyncOnAConstructorOrNativeMethodIsRefused() {
        // javac stops these (@Async targets methods only); other tools could still write them.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/Odd", null, "java/lang/Object", null);
        cw.visitSource("Odd.java", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor nat = cw.visitMethod(Opcodes.ACC_NATIVE, "fetch", "()Ldev/weft/Task;", null, null);
        nat.visitAnnotation("Ldev/weft/Async;", true).visitEnd();
        nat.visitEnd();
        cw.visitEnd();
        WeaveResult r = weaver.weave(cw.toByteArray());
        assertEquals(WeaveResult.Status.FAILED, r.status());
        assertEquals(List.of(
                "Odd.java: error: @Async on a constructor: the constructor of Odd; constructors cannot suspend;"
                        + " move the async work into an @Async factory or init method",
                "Odd.java: error: @Async on a native method: Odd.fetch(); remove @Async"),
                r.diagnostics().stream().map(Diagnostic::toString).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void methodThatWouldOutgrowTheCodeLimitFailsWithAHint() {
        // 60 live ints saved and restored at each of 400 awaits: small before, far over 64 KB after.
        byte[] bytes = asyncClass(Opcodes.V11, 400, 60);
        WeaveResult r = weaver.weave(bytes);
        assertEquals(WeaveResult.Status.FAILED, r.status(), r.diagnostics().toString());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("p.Big", d.className());
        assertEquals("Big.run() would exceed the JVM's 64 KB code size limit after weaving", d.message());
        assertEquals("run", d.methodName());
        assertEquals(-1, d.line(), "the class has no line numbers: none is made up");
        assertEquals("split the method into smaller @Async methods", d.hint());
    }

    @Test
    void theEntryOfAMethodWithoutLineNumbersGetsNone() {
        // the body's resume code says line 1 where the method has no line, which the entry must not copy
        WeaveResult r = weaver.weave(asyncClass(Opcodes.V11, 2, 1));
        assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        org.objectweb.asm.tree.ClassNode cn = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(r.bytes()).accept(cn, 0);
        org.objectweb.asm.tree.MethodNode entry = cn.methods.stream()
                .filter(m -> m.name.equals("run") && m.desc.equals("()Ldev/weft/Task;")).findFirst().orElseThrow();
        assertEquals(-1, Diagnostics.firstLine(entry.instructions));
    }

    @Test
    void weavingIsDeterministicAndIdempotent() {
        byte[] bytes = asyncClass(Opcodes.V11, 5, 4);
        WeaveResult first = weaver.weave(bytes);
        WeaveResult second = new Weaver(ClassBytesLookup.ofClassLoader(getClass().getClassLoader())).weave(bytes);
        assertEquals(WeaveResult.Status.WOVEN, first.status(), first.diagnostics().toString());
        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(first.generatedClasses().keySet(), second.generatedClasses().keySet());
        first.generatedClasses().forEach((name, b) -> assertArrayEquals(b, second.generatedClasses().get(name)));
        assertEquals(List.of("p/Big$weft$run$0"), List.copyOf(first.generatedClasses().keySet()));

        WeaveResult again = weaver.weave(first.bytes());
        assertEquals(WeaveResult.Status.UNCHANGED, again.status());
        assertSame(first.bytes(), again.bytes());
    }

    /** {@code @Async static Task run()}: {@code locals} ints, then {@code awaits} awaits, then their sum. */
    private static byte[] asyncClass(int version, int awaits, int locals) {
        return classWith(version, "p/Big", mv -> {
            for (int i = 0; i < locals; i++) {
                mv.visitIntInsn(Opcodes.BIPUSH, i);
                mv.visitVarInsn(Opcodes.ISTORE, i);
            }
            for (int a = 0; a < awaits; a++) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "done", "()Ldev/weft/Task;", false);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await",
                        "(Ldev/weft/Task;)Ljava/lang/Object;", false);
                mv.visitInsn(Opcodes.POP);
            }
            mv.visitInsn(Opcodes.ICONST_0);
            for (int i = 0; i < locals; i++) {
                mv.visitVarInsn(Opcodes.ILOAD, i);
                mv.visitInsn(Opcodes.IADD);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
            mv.visitInsn(Opcodes.ARETURN);
        }, true, "()Ldev/weft/Task;");
    }

    private static byte[] classWith(int version, String name, java.util.function.Consumer<MethodVisitor> code,
                                    boolean async, String desc) {
        ClassWriter cw = new ClassWriter(version >= Opcodes.V1_6 ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(name.substring(2) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", desc, null, null);
        if (async) {
            mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        }
        mv.visitCode();
        code.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
