package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class WeavingScopeTest {
    private static final String TASK_CALL = "()Ldev/weft/Task;";

    /** A class {@code name} with a method {@code run()Ljava/lang/Object;} whose code {@code body} writes. */
    private static byte[] classWith(String name, boolean async, Consumer<MethodVisitor> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", "()Ljava/lang/Object;", null, null);
        if (async) {
            mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        }
        mv.visitCode();
        body.accept(mv);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] classWith(Consumer<MethodVisitor> body) {
        return classWith("p/C", false, body);
    }

    private static void call(MethodVisitor mv, String owner, String desc) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "make", desc, false);
    }

    @Test
    void theRuntimesOwnPackagesAreExactlyItsFour() {
        for (String own : List.of("dev/weft/Task", "dev/weft/internal/Coroutine", "dev/weft/sync/Lock", "dev/weft/io/Files")) {
            assertTrue(WeavingScope.isRuntimeClass(own), own);
        }
        for (String user : List.of("dev/weft/samples/Hello", "dev/weft/myapp/Lock", "dev/weft/sync/extra/Lock",
                "dev/weft/agent/Countdown", "com/acme/Weft", "dev/weftx/Task", "dev/Weft", "Weft")) {
            assertFalse(WeavingScope.isRuntimeClass(user), user);
        }
    }

    @Test
    void classesNamingAsyncOrWeftNeedTheWeaver() {
        assertTrue(WeavingScope.mayNeedWeaving(classWith("p/C", true, mv -> { })));
        assertTrue(WeavingScope.mayNeedWeaving(classWith(mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Task;)Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.POP);
        })));
    }

    @Test
    void aClassThatDropsATaskNeedsTheWeaverForItsWarning() {
        for (String desc : List.of(TASK_CALL, "()Ljava/util/concurrent/CompletionStage;",
                "()Ljava/util/concurrent/CompletableFuture;")) {
            assertTrue(WeavingScope.mayNeedWeaving(classWith(mv -> {
                call(mv, "p/Other", desc);
                mv.visitInsn(Opcodes.POP);
            })), desc);
        }
        // labels and line numbers between the call and the pop are no instructions
        assertTrue(WeavingScope.mayNeedWeaving(classWith(mv -> {
            call(mv, "p/Other", TASK_CALL);
            Label l = new Label();
            mv.visitLabel(l);
            mv.visitLineNumber(7, l);
            mv.visitInsn(Opcodes.POP);
        })));
    }

    @Test
    void aClassThatOnlyUsesTasksItGetsIsLeftOut() {
        assertFalse(WeavingScope.mayNeedWeaving(classWith(mv -> {
            call(mv, "p/Other", TASK_CALL);
            mv.visitVarInsn(Opcodes.ASTORE, 0);
        })));
        assertFalse(WeavingScope.mayNeedWeaving(classWith(mv -> {
            call(mv, "p/Other", TASK_CALL);
            mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Object");
            mv.visitInsn(Opcodes.POP);
        })));
        assertFalse(WeavingScope.mayNeedWeaving(classWith(mv -> {
            call(mv, "p/Other", "()Ldev/weft/TaskGroup;");
            mv.visitInsn(Opcodes.POP);
        })));
        assertFalse(WeavingScope.mayNeedWeaving(classWith(mv -> { })));
    }

    @Test
    void readsPastEveryKindOfConstant() {
        byte[] wide = classWith("p/C", true, mv -> {
            mv.visitLdcInsn(1L << 40);
            mv.visitInsn(Opcodes.POP2);
            mv.visitLdcInsn(2.5d);
            mv.visitInsn(Opcodes.POP2);
            mv.visitLdcInsn(3.5f);
            mv.visitInsn(Opcodes.POP);
            mv.visitLdcInsn(1 << 20);
            mv.visitInsn(Opcodes.POP);
            mv.visitLdcInsn("text");
            mv.visitInsn(Opcodes.POP);
            mv.visitLdcInsn(org.objectweb.asm.Type.getType("()V"));
            mv.visitInsn(Opcodes.POP);
            mv.visitLdcInsn(new org.objectweb.asm.Handle(Opcodes.H_INVOKESTATIC, "p/X", "m", "()V", false));
            mv.visitInsn(Opcodes.POP);
            mv.visitFieldInsn(Opcodes.GETSTATIC, "p/X", "f", "I");
            mv.visitInsn(Opcodes.POP);
            mv.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", new org.objectweb.asm.Handle(Opcodes.H_INVOKESTATIC,
                    "p/Boot", "boot", "()Ljava/lang/Object;", false));
            mv.visitInsn(Opcodes.POP);
        });
        // ASM writes the annotation's name after the code's constants: the scan reached it
        assertTrue(WeavingScope.mayNeedWeaving(wide));
    }

    @Test
    void bytesThatAreNoClassPassOnlyIfTheyNameTheRuntime() {
        assertTrue(WeavingScope.mayNeedWeaving(ascii("CAFEBABE dev/weft/Weft but not a class")));
        assertTrue(WeavingScope.mayNeedWeaving(ascii("junk ()Ldev/weft/Task; junk")));
        assertFalse(WeavingScope.mayNeedWeaving(ascii("CAFEBABE java/lang/Object")));
        assertFalse(WeavingScope.mayNeedWeaving(new byte[0]));
        byte[] async = classWith("p/C", true, mv -> { });
        for (int length = 0; length < async.length; length++) {
            byte[] cut = Arrays.copyOf(async, length);
            // a truncated pool is read as bytes: it passes exactly when the cut keeps the annotation's name
            assertEquals(contains(cut, "Ldev/weft/Async;"), WeavingScope.mayNeedWeaving(cut), "length " + length);
        }
    }

    @Test
    void theWeaverLeavesTheRuntimesOwnClassesAloneAndChecksAUsersUnderDevWeft() {
        Weaver weaver = new Weaver(name -> null);
        Consumer<MethodVisitor> dropsATask = mv -> {
            call(mv, "p/Other", TASK_CALL);
            mv.visitInsn(Opcodes.POP);
        };
        for (String own : List.of("dev/weft/Own", "dev/weft/internal/Own", "dev/weft/sync/Own")) {
            byte[] bytes = classWith(own, true, dropsATask);
            WeaveResult r = weaver.weave(bytes);
            assertEquals(WeaveResult.Status.UNCHANGED, r.status(), own);
            assertEquals(List.of(), r.diagnostics(), own);
        }
        WeaveResult user = weaver.weave(classWith("dev/weft/myapp/Own", true, dropsATask));
        assertEquals(List.of("dev.weft.myapp.Own: error: @Async method must return Task, CompletionStage or CompletableFuture:"
                        + " Own.run() returns Object; declare it to return Task<Object> and return Task.of(value)",
                "dev.weft.myapp.Own: warning: the task returned by make() is discarded without being awaited (in Own.run());"
                        + " await it, or keep it and await it later; use Weft.createTask(...) to run it in the background"),
                user.diagnostics().stream().map(Object::toString).sorted().collect(java.util.stream.Collectors.toList()));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean contains(byte[] bytes, String part) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(part);
    }
}
