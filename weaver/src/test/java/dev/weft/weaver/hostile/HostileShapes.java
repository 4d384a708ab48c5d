package dev.weft.weaver.hostile;

import java.util.Arrays;
import java.util.function.Consumer;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Hostile and unusual class files, written with ASM, for the weaver's tests and the agent's
 * ({@code HostileAppIT}, through this module's test jar): each has an {@code @Async static Task
 * run()} that awaits {@code later(v)} of a class the caller names, a task done on a later loop
 * turn, so that the await suspends.
 */
public final class HostileShapes {
    private static final String TASK = "dev/weft/Task";
    private static final String TASK_DESC = "()Ldev/weft/Task;";

    /** The internal name of the class with {@code public static Task later(Object)}. */
    private final String laterOwner;

    public HostileShapes(String laterOwner) {
        this.laterOwner = laterOwner;
    }

    /** A class writer that computes frames without loading classes. */
    public static ClassWriter writer(int version) {
        return new ClassWriter(version >= Opcodes.V1_6 ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
    }

    /** {@code public class NAME { @Async static Task run() { CODE } }}, with {@code extra} to add more. */
    public static byte[] classWith(int version, String name, Consumer<ClassWriter> extra, Consumer<MethodVisitor> code) {
        return classWith(version, name, true, extra, code);
    }

    /** {@code public class NAME { static Task run() { CODE } }}, {@code @Async} or not. */
    public static byte[] classWith(int version, String name, boolean async, Consumer<ClassWriter> extra,
            Consumer<MethodVisitor> code) {
        ClassWriter cw = writer(version);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(name.substring(name.lastIndexOf('/') + 1) + ".java", null);
        extra.accept(cw);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", TASK_DESC, null, null);
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

    public static byte[] classWith(int version, String name, Consumer<MethodVisitor> code) {
        return classWith(version, name, cw -> { }, code);
    }

    /** {@code (int) await(later(int on the stack))}. */
    void awaitLater(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, laterOwner, "later", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Task;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Integer");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
    }

    /** {@code return Task.of(Integer.valueOf(int on the stack))}. */
    static void returnInt(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, TASK, "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitInsn(Opcodes.ARETURN);
    }

    /** {@code return Task.of(await(later(30)) + 3)}: 33. */
    public byte[] simple(int version, String name) {
        return classWith(version, name, mv -> {
            mv.visitIntInsn(Opcodes.BIPUSH, 30);
            awaitLater(mv);
            mv.visitInsn(Opcodes.ICONST_3);
            mv.visitInsn(Opcodes.IADD);
            returnInt(mv);
        });
    }

    /**
     * A Java 1.4 class (version 48) whose finally block is a {@code jsr}/{@code ret} subroutine, as
     * compilers wrote them before Java 7: {@code x = await(later(10)); jsr sub; return Task.of(x)}
     * with {@code sub: x += 5; ret}.
     */
    public byte[] subroutine(String name) {
        return classWith(Opcodes.V1_4, name, mv -> {
            Label sub = new Label();
            mv.visitIntInsn(Opcodes.BIPUSH, 10);
            awaitLater(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitJumpInsn(Opcodes.JSR, sub);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            returnInt(mv);
            mv.visitLabel(sub);
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            mv.visitIincInsn(0, 5);
            mv.visitVarInsn(Opcodes.RET, 1);
        });
    }

    // ---- corrupt, but loadable or not -----------------------------------------------------------

    /** An attribute with any name and content, at class, method or code level. */
    public static final class Raw extends Attribute {
        private final boolean code;
        private final byte[] content;

        public Raw(String type, boolean code, byte[] content) {
            super(type);
            this.code = code;
            this.content = content;
        }

        @Override
        public boolean isCodeAttribute() {
            return code;
        }

        @Override
        protected ByteVector write(ClassWriter cw, byte[] c, int len, int maxStack, int maxLocals) {
            return new ByteVector().putByteArray(content, 0, content.length);
        }
    }

    /** Attributes no JVM knows, at class, method and code level, around one await: 42. */
    public byte[] unknownAttributes(String name) {
        byte[] junk = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 7, 1};
        ClassWriter cw = writer(Opcodes.V11);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource("Decorated.java", null);
        cw.visitAttribute(new Raw("com.example.ClassThing", false, junk));
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", TASK_DESC, null, null);
        mv.visitAnnotation("Ldev/weft/Async;", false).visitEnd();
        mv.visitAttribute(new Raw("com.example.MethodThing", false, junk));
        mv.visitCode();
        mv.visitAttribute(new Raw("com.example.CodeThing", true, junk));
        mv.visitIntInsn(Opcodes.BIPUSH, 40);
        awaitLater(mv);
        mv.visitInsn(Opcodes.ICONST_2);
        mv.visitInsn(Opcodes.IADD);
        returnInt(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * A class-level {@code RuntimeInvisibleAnnotations} attribute that is not well formed: the JVM
     * skips invisible annotations and loads the class, ASM cannot read it. {@code elementValue} is
     * the value of the one element of the one annotation.
     */
    public byte[] badInvisibleAnnotation(String name, byte[] elementValue, String utf8Constant) {
        return classWith(Opcodes.V11, name, cw -> {
            // type_index and element_name_index must name UTF8 constants for ASM to get as far as the value
            int utf8 = cw.newUTF8(utf8Constant);
            byte[] bytes = Arrays.copyOf(new byte[] {0, 1, (byte) (utf8 >> 8), (byte) utf8, 0, 1,
                (byte) (utf8 >> 8), (byte) utf8}, 8 + elementValue.length);
            System.arraycopy(elementValue, 0, bytes, 8, elementValue.length);
            cw.visitAttribute(new Raw("RuntimeInvisibleAnnotations", false, bytes));
        }, mv -> {
            mv.visitIntInsn(Opcodes.BIPUSH, 30);
            awaitLater(mv);
            returnInt(mv);
        });
    }

    /** An element value with a tag that does not exist. */
    public static byte[] unknownTag() {
        return new byte[] {'X', 0, 1};
    }

    /** An array element value nested {@code depth} deep, around an int constant. */
    public static byte[] nestedArrays(int depth, int intConstant) {
        byte[] v = new byte[depth * 3 + 3];
        for (int i = 0; i < depth; i++) {
            v[3 * i] = '[';
            v[3 * i + 1] = 0;
            v[3 * i + 2] = 1;
        }
        v[3 * depth] = 'I';
        v[3 * depth + 1] = (byte) (intConstant >> 8);
        v[3 * depth + 2] = (byte) intConstant;
        return v;
    }

    // ---- too big, too wide ----------------------------------------------------------------------

    /** {@code increments} times {@code iinc} (3 bytes each) around one await: the code is 3 * increments bytes and a little. */
    public byte[] huge(String name, int increments) {
        return classWith(Opcodes.V11, name, mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            for (int i = 0; i < increments / 2; i++) {
                mv.visitIincInsn(0, 1);
            }
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            awaitLater(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            for (int i = increments / 2; i < increments; i++) {
                mv.visitIincInsn(0, 1);
            }
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            returnInt(mv);
        });
    }

    /** {@code awaits} awaits of {@code later(1)}, summed: small before weaving, over 64 KB after (3,700 are). */
    public byte[] manyAwaits(String name, int awaits) {
        return classWith(Opcodes.V11, name, mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            for (int i = 0; i < awaits; i++) {
                mv.visitInsn(Opcodes.ICONST_1);
                awaitLater(mv);
                mv.visitInsn(Opcodes.IADD);
            }
            returnInt(mv);
        });
    }

    /** Ints in {@code ints} locals and longs in {@code longs} more, {@code stack} ints on the stack at the await. */
    public byte[] wide(String name, int ints, int longs, int stack) {
        return classWith(Opcodes.V11, name, mv -> {
            for (int i = 0; i < ints; i++) {
                mv.visitIntInsn(Opcodes.SIPUSH, i);
                mv.visitVarInsn(Opcodes.ISTORE, i);
            }
            for (int i = 0; i < longs; i++) {
                mv.visitLdcInsn((long) i << 33);
                mv.visitVarInsn(Opcodes.LSTORE, ints + 2 * i);
            }
            for (int i = 0; i < stack; i++) {
                mv.visitIntInsn(Opcodes.SIPUSH, 1000 + i);
            }
            mv.visitInsn(Opcodes.ICONST_1);
            awaitLater(mv);
            for (int i = 0; i < stack; i++) {
                mv.visitInsn(Opcodes.IADD);
            }
            for (int i = 0; i < ints; i++) {
                mv.visitVarInsn(Opcodes.ILOAD, i);
                mv.visitInsn(Opcodes.IADD);
            }
            for (int i = 0; i < longs; i++) {
                mv.visitVarInsn(Opcodes.LLOAD, ints + 2 * i);
                mv.visitIntInsn(Opcodes.BIPUSH, 33);
                mv.visitInsn(Opcodes.LUSHR);
                mv.visitInsn(Opcodes.L2I);
                mv.visitInsn(Opcodes.IADD);
            }
            returnInt(mv);
        });
    }

    /** What {@link #wide} returns. */
    public static int wideSum(int ints, int longs, int stack) {
        int sum = 1;
        for (int i = 0; i < stack; i++) {
            sum += 1000 + i;
        }
        for (int i = 0; i < ints; i++) {
            sum += i;
        }
        for (int i = 0; i < longs; i++) {
            sum += i;
        }
        return sum;
    }

    // ---- obfuscator-style -----------------------------------------------------------------------

    /** A loop entered in its middle: {@code i = 0; sum = 0; goto mid; head: sum += await(later(3)); mid: if (++i < 5) goto head}: 12. */
    public byte[] irreducible(String name) {
        return classWith(Opcodes.V11, name, mv -> {
            Label head = new Label();
            Label mid = new Label();
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFEQ, mid);
            mv.visitLabel(head);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitInsn(Opcodes.ICONST_3);
            awaitLater(mv);
            mv.visitInsn(Opcodes.IADD);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitLabel(mid);
            mv.visitIincInsn(0, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.ICONST_5);
            mv.visitJumpInsn(Opcodes.IF_ICMPLT, head);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            returnInt(mv);
        });
    }

    /**
     * An exception range that covers its own handler and overlaps another, and dead code after a
     * {@code goto}: {@code start: tries++; if (tries >= 2) goto out; throw new RuntimeException();}
     * with the handler {@code got = await(later(5)); goto start}: 7.
     */
    public byte[] overlappingHandlersAndDeadCode(String name) {
        return classWith(Opcodes.V11, name, mv -> {
            Label start = new Label();
            Label handler = new Label();
            Label end = new Label();
            Label out = new Label();
            mv.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
            mv.visitTryCatchBlock(handler, end, handler, "java/lang/Throwable");
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitLabel(start);
            mv.visitIincInsn(0, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.ICONST_2);
            mv.visitJumpInsn(Opcodes.IF_ICMPGE, out);
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/RuntimeException");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/RuntimeException", "<init>", "()V", false);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(handler);
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.ICONST_5);
            awaitLater(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitJumpInsn(Opcodes.GOTO, start);
            // unreachable: ASM's frame computation turns it into nop ... athrow, as obfuscators leave it
            mv.visitIntInsn(Opcodes.BIPUSH, 100);
            awaitLater(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitLabel(end);
            mv.visitLabel(out);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitInsn(Opcodes.IADD);
            returnInt(mv);
        });
    }

    // ---- a missing class ------------------------------------------------------------------------

    /**
     * {@code Object x = FLAG ? Gone.make() : "s"; return Task.of(((CharSequence) x).toString() + await(later(5)));} where
     * {@code missing} (say {@code h/Gone}) is on no class path: the frame at the join needs the
     * common super class of {@code Gone} and {@code String}. {@code FLAG} is false, so the class
     * loads and runs without it.
     */
    public byte[] needsMissingClass(String name, String missing) {
        return needsMissingClass(name, missing, true);
    }

    /**
     * {@link #needsMissingClass(String, String)}, with {@code x} used as an Object only if not
     * {@code asCharSequence}: then the weaver takes the join for an Object, as the frames may.
     */
    public byte[] needsMissingClass(String name, String missing, boolean asCharSequence) {
        return classWith(Opcodes.V11, name,
                cw -> cw.visitField(Opcodes.ACC_STATIC, "FLAG", "Z", null, null).visitEnd(), mv -> {
            Label other = new Label();
            Label join = new Label();
            mv.visitFieldInsn(Opcodes.GETSTATIC, name, "FLAG", "Z");
            mv.visitJumpInsn(Opcodes.IFEQ, other);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, missing, "make", "()L" + missing + ";", false);
            mv.visitJumpInsn(Opcodes.GOTO, join);
            mv.visitLabel(other);
            mv.visitLdcInsn("s");
            mv.visitLabel(join);
            mv.visitVarInsn(Opcodes.ASTORE, 0);
            mv.visitInsn(Opcodes.ICONST_5);
            awaitLater(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            if (asCharSequence) {
                // used as a CharSequence, so the frames need the join's type (as an Object only, they would not)
                mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/CharSequence", "toString", "()Ljava/lang/String;", true);
            }
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(Ljava/lang/Object;)Ljava/lang/StringBuilder;", false);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(I)Ljava/lang/StringBuilder;", false);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, TASK, "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
    }
}
