package dev.weft.weaver.hostile;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Hand-built methods that keep a not-yet-constructed object ({@code new}, before its
 * {@code <init>}) on the operand stack or in locals across an await, in shapes javac does not
 * write but the JVM verifies: extra copies, interleaved copies, no {@code dup}, copies in locals,
 * several constructor calls for one {@code new}. Each is {@code @Async static Task run()} returning
 * {@code Task.of(String)}; its awaits are {@code (String) await(OWNER.t("..."))}, where the owner's
 * {@code public static Task t(Object)} decides whether the task is done, pending or failing. Used by
 * the weaver's tests, its differential fuzzer and the agent's {@code HostileAppIT}.
 */
public final class UninitializedShapes {
    private static final String SB = "java/lang/StringBuilder";
    private static final String INIT_STRING = "(Ljava/lang/String;)V";

    /** A shape: what {@code run()} returns when every awaited task succeeds. */
    public enum Shape {
        /** {@code ldc "below"; new; dup; dup; await; <init>; pop; swap; pop}: three copies, one value beneath. */
        DUP_DUP_SWAP("x", "x"),
        /** {@code new; dup; dup; dup; dup; await; <init>; pop; pop; pop}. */
        EXTRA_COPIES("y", "y"),
        /** {@code new; dup; sipush 7; swap; await; <init>}: an int between the two copies. */
        INTERLEAVED("z7", "z"),
        /** {@code new; await; <init>}: the only copy is the constructor's receiver. */
        NO_DUP("constructed", "w"),
        /** {@code new; dup; dup; astore 1; await; <init>; pop; aload 1}: a copy in a local. */
        LOCAL_AND_STACK("v", "v"),
        /** As {@link #LOCAL_AND_STACK}, with a long and a double in locals around the copy, and gaps. */
        LOCAL_WIDE("u2.01", "u"),
        /** {@code new; astore 0; await; aload 0; <init>}: at the await, the only copy is in a local. */
        ONLY_IN_LOCAL("t", "t"),
        /** {@code new A; dup; new B; dup; await; B.<init>; A.<init>(B.toString())}: two at once. */
        NESTED("n!", "n"),
        /** One {@code new}, two constructor calls on two paths after the await. */
        TWO_CONSTRUCTORS("k", "k"),
        /** A {@code new} with a copy in a local, three times in a loop around an await. */
        IN_A_LOOP("LLL", "L"),
        /** {@code new; dup; await; swap; pop; swap; pop}: never constructed, both copies dropped. */
        NEVER_CONSTRUCTED("q", "q");

        /** The value {@code run()} returns when every awaited task succeeds. */
        public final String expected;
        /** The value its first await asks {@code t} for. */
        public final String firstAwaited;

        Shape(String expected, String firstAwaited) {
            this.expected = expected;
            this.firstAwaited = firstAwaited;
        }
    }

    /** The internal name of the class with {@code public static Task t(Object)}. */
    private final String owner;

    public UninitializedShapes(String owner) {
        this.owner = owner;
    }

    /** The class {@code name} whose {@code run()} has shape {@code s}. */
    public byte[] build(Shape s, String name) {
        return HostileShapes.classWith(Opcodes.V11, name, mv -> {
            write(s, mv);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
    }

    /** {@code (String) await(OWNER.t(value))}. */
    void awaitString(MethodVisitor mv, String value) {
        mv.visitLdcInsn(value);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "t", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Task;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
    }

    private static void init(MethodVisitor mv, String desc) {
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, SB, "<init>", desc, false);
    }

    private static void toString(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SB, "toString", "()Ljava/lang/String;", false);
    }

    private static void append(MethodVisitor mv, String argDesc) {
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SB, "append", "(" + argDesc + ")L" + SB + ";", false);
    }

    /** Writes code leaving the String result on the stack. */
    private void write(Shape s, MethodVisitor mv) {
        switch (s) {
            case DUP_DUP_SWAP:
                mv.visitLdcInsn("below");
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitInsn(Opcodes.DUP);
                awaitString(mv, "x");
                init(mv, INIT_STRING);
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.SWAP);
                mv.visitInsn(Opcodes.POP);
                toString(mv);
                break;
            case EXTRA_COPIES:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                for (int i = 0; i < 4; i++) {
                    mv.visitInsn(Opcodes.DUP);
                }
                awaitString(mv, "y");
                init(mv, INIT_STRING);
                for (int i = 0; i < 3; i++) {
                    mv.visitInsn(Opcodes.POP);
                }
                toString(mv);
                break;
            case INTERLEAVED:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitIntInsn(Opcodes.SIPUSH, 7);
                mv.visitInsn(Opcodes.SWAP);
                awaitString(mv, "z");
                init(mv, INIT_STRING);
                // stack: builder, 7
                append(mv, "I");
                toString(mv);
                break;
            case NO_DUP:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                awaitString(mv, "w");
                init(mv, INIT_STRING);
                mv.visitLdcInsn("constructed");
                break;
            case LOCAL_AND_STACK:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, 1);
                awaitString(mv, "v");
                init(mv, INIT_STRING);
                mv.visitInsn(Opcodes.POP);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                toString(mv);
                break;
            case LOCAL_WIDE:
                mv.visitLdcInsn(2.0);
                mv.visitVarInsn(Opcodes.DSTORE, 9);
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitLdcInsn(1L);
                mv.visitVarInsn(Opcodes.LSTORE, 2);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, 6);
                awaitString(mv, "u");
                init(mv, INIT_STRING);
                mv.visitInsn(Opcodes.POP);
                mv.visitVarInsn(Opcodes.ALOAD, 6);
                mv.visitVarInsn(Opcodes.DLOAD, 9);
                append(mv, "D");
                mv.visitVarInsn(Opcodes.LLOAD, 2);
                append(mv, "J");
                toString(mv);
                break;
            case ONLY_IN_LOCAL:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitVarInsn(Opcodes.ASTORE, 0);
                awaitString(mv, "t");
                mv.visitVarInsn(Opcodes.ASTORE, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                init(mv, INIT_STRING);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                toString(mv);
                break;
            case NESTED:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                awaitString(mv, "n");
                init(mv, INIT_STRING);
                toString(mv);
                init(mv, INIT_STRING);
                mv.visitLdcInsn("!");
                append(mv, "Ljava/lang/String;");
                toString(mv);
                break;
            case TWO_CONSTRUCTORS: {
                Label empty = new Label();
                Label join = new Label();
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                awaitString(mv, "k");
                mv.visitInsn(Opcodes.DUP);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
                mv.visitJumpInsn(Opcodes.IFEQ, empty);
                init(mv, INIT_STRING);
                mv.visitJumpInsn(Opcodes.GOTO, join);
                mv.visitLabel(empty);
                init(mv, "(Ljava/lang/CharSequence;)V");
                mv.visitLabel(join);
                toString(mv);
                break;
            }
            case IN_A_LOOP: {
                // acc = ""; for (i = 0; i < 3; i++) { b = new SB; b.<init>(await(t("L"))); acc = b.append(acc).toString(); }
                Label head = new Label();
                Label end = new Label();
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitVarInsn(Opcodes.ISTORE, 0);
                mv.visitLdcInsn("");
                mv.visitVarInsn(Opcodes.ASTORE, 1);
                mv.visitLabel(head);
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitInsn(Opcodes.ICONST_3);
                mv.visitJumpInsn(Opcodes.IF_ICMPGE, end);
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ASTORE, 2);
                awaitString(mv, "L");
                init(mv, INIT_STRING);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                append(mv, "Ljava/lang/String;");
                toString(mv);
                mv.visitVarInsn(Opcodes.ASTORE, 1);
                mv.visitIincInsn(0, 1);
                mv.visitJumpInsn(Opcodes.GOTO, head);
                mv.visitLabel(end);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                break;
            }
            case NEVER_CONSTRUCTED:
                mv.visitTypeInsn(Opcodes.NEW, SB);
                mv.visitInsn(Opcodes.DUP);
                awaitString(mv, "q");
                mv.visitInsn(Opcodes.SWAP);
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.SWAP);
                mv.visitInsn(Opcodes.POP);
                break;
            default:
                throw new AssertionError(s);
        }
    }

    /**
     * {@code new; dup; dup; ifnonnull L; L: await; <init>}: the uninitialized object is compared
     * with null while an await is pending on it; a placeholder would answer differently, so the
     * weaver refuses it. Returns "x" unwoven.
     */
    public byte[] comparedWithNull(String name) {
        return HostileShapes.classWith(Opcodes.V11, name, mv -> {
            Label l = new Label();
            mv.visitTypeInsn(Opcodes.NEW, SB);
            mv.visitInsn(Opcodes.DUP);
            mv.visitInsn(Opcodes.DUP);
            mv.visitJumpInsn(Opcodes.IFNONNULL, l);
            mv.visitLabel(l);
            awaitString(mv, "x");
            init(mv, INIT_STRING);
            toString(mv);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
    }
}
