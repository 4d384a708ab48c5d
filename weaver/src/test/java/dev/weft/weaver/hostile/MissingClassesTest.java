package dev.weft.weaver.hostile;

import static dev.weft.weaver.hostile.Hostile.assertClearFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;

import dev.weft.weaver.harness.ChildFirstClassLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Classes whose stack map frames need a class the weaver cannot see (not on the weaving class path,
 * or not visible to the class loader at load time): refused, naming the missing class, never guessed,
 * unless the merged value is used as an Object only (then the merge is Object, which is exact enough).
 */
class MissingClassesTest {
    /**
     * {@code Object x = "x".isEmpty() ? (TYPE) null : "s"; int v = await(later(5)); return Task.of(x);}: the
     * frame where the branches join needs the common super class of {@code type} and String, for
     * {@code x} used as a CharSequence ({@code x.toString()} through the interface) after the await.
     */
    private static byte[] joinOf(String name, String superName, String type) {
        return joinOf(name, superName, type, true);
    }

    /** {@link #joinOf(String, String, String)}, with {@code x} used as an Object only if not {@code asCharSequence}. */
    private static byte[] joinOf(String name, String superName, String type, boolean asCharSequence) {
        ClassWriter cw = Hostile.writer(Opcodes.V11);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, superName, null);
        cw.visitSource(name.substring(name.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", Hostile.TASK_DESC, null, null);
        mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        mv.visitCode();
        Label other = new Label();
        Label join = new Label();
        mv.visitLdcInsn("x");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "isEmpty", "()Z", false);
        mv.visitJumpInsn(Opcodes.IFEQ, other);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitTypeInsn(Opcodes.CHECKCAST, type);
        mv.visitJumpInsn(Opcodes.GOTO, join);
        mv.visitLabel(other);
        mv.visitLdcInsn("s");
        mv.visitLabel(join);
        mv.visitVarInsn(Opcodes.ASTORE, 0);
        mv.visitInsn(Opcodes.ICONST_5);
        Hostile.task(mv, true);
        Hostile.await(mv);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (asCharSequence) {
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/CharSequence", "toString", "()Ljava/lang/String;", true);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static List<String> messages(WeaveResult r) {
        return r.diagnostics().stream().map(Diagnostic::toString).collect(Collectors.toList());
    }

    @Test
    void aJoinWithAMissingClassIsRefusedNamingIt() {
        byte[] b = joinOf("p/NeedsGone", "java/lang/Object", "p/Gone");
        WeaveResult r = Hostile.weave(b);
        assertClearFailure(r, b);
        assertEquals(List.of("NeedsGone.java: error: cannot weave NeedsGone.run(): class p.Gone not found"
                + " (needed to compute stack map frames); put it on the weaving classpath"), messages(r));
    }

    @Test
    void aJoinWithTheClassItselfWhoseSuperclassIsMissingIsRefusedNamingTheSuperclass() {
        byte[] b = joinOf("p/Orphan", "p/GoneParent", "p/Orphan");
        WeaveResult r = Hostile.weave(b);
        assertClearFailure(r, b);
        assertEquals(List.of("Orphan.java: error: cannot weave Orphan.run(): class p.GoneParent not found"
                + " (needed to compute stack map frames); put it on the weaving classpath"), messages(r));
    }

    @Test
    void aJoinWithAMissingClassOfAValueUsedAsAnObjectIsWovenAndRunsWithoutTheClass() throws Exception {
        // the frames take the join for an Object, which is all that x is used as; the JVM verifies
        // the class without loading p.Gone (a checkcast of null never loads its class)
        byte[] b = joinOf("p/ObjectOnly", "java/lang/Object", "p/Gone", false);
        WeaveResult r = Hostile.weave(b);
        assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        Map<String, byte[]> classes = new HashMap<>(r.generatedClasses());
        classes.put("p/ObjectOnly", r.bytes());
        ChildFirstClassLoader loader = new ChildFirstClassLoader(classes, MissingClassesTest.class.getClassLoader());
        assertEquals("s", Hostile.run(Class.forName("p.ObjectOnly", true, loader)));
    }

    @Test
    void theSameJoinWithClassesTheWeaverCanSeeIsWovenAndRuns() {
        assertEquals("s", Hostile.weaveAndRun("p/Joins", joinOf("p/Joins", "java/lang/Object", "java/lang/Integer")));
    }
}
