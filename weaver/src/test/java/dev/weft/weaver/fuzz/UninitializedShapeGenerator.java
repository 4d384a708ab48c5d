package dev.weft.weaver.fuzz;

import dev.weft.weaver.hostile.HostileShapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The fuzzer's hand-built mode: classes written with ASM whose {@code @Async static Task run()}
 * keeps a not-yet-constructed {@code StringBuilder} around its awaits the way javac never does:
 * values beneath it, extra copies ({@code dup}, {@code dup_x1}), values interleaved between copies
 * (awaited ones too), copies in locals, no copy at all, or the receiver only in a local while the
 * argument is awaited. After the constructor call, every value left (stack and locals) is turned
 * into text, so a lost or swapped copy shows. Awaits go through {@code Prog.t}, so they suspend,
 * complete and fail on the program's seeded schedule, in the woven run and the reference alike.
 */
final class UninitializedShapeGenerator {
    private static final String SB = "java/lang/StringBuilder";
    private static final String STRING = "java/lang/String";
    private static final String PROG = "p/Prog";

    /** What an operand stack entry holds, in the generator's model. */
    private enum Kind { UNINIT, INT, STR, LONG }

    private final Random r;
    private final int shapes;
    private int awaits;

    UninitializedShapeGenerator(long seed) {
        this.r = new Random(WeaverFuzzTest.Case.mix(seed));
        this.shapes = 1 + r.nextInt(3);
    }

    /** The program's classes: {@code p/S0}... by internal name. */
    Map<String, byte[]> classes() {
        Map<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < shapes; i++) {
            out.put("p/S" + i, HostileShapes.classWith(Opcodes.V11, "p/S" + i, this::shape));
        }
        return out;
    }

    /** The source of {@code p.Prog}: the fuzzer's helpers and a main that awaits each shape's run(). */
    String source() {
        StringBuilder s = new StringBuilder("package p;\nimport dev.weft.*;\nimport java.util.*;\nimport java.util.concurrent.*;\n"
                + "import java.util.function.*;\n\n@SuppressWarnings(\"all\")\npublic class Prog {\n");
        s.append(ProgramGenerator.HELPERS);
        s.append("    @Async static Task<String> main() {\n        String r = \"\";\n");
        for (int i = 0; i < shapes; i++) {
            s.append("        try {\n            r += \"/\" + Weft.await(S").append(i).append(".run());\n")
                    .append("        } catch (RuntimeException b) {\n")
                    .append("            log(\"main caught \" + b.getClass().getSimpleName() + \" \" + b.getMessage());\n")
                    .append("        }\n");
        }
        s.append("        return Task.of(r);\n    }\n}\n");
        // stubs to compile against; the hand-built classes replace them
        for (int i = 0; i < shapes; i++) {
            s.append("class S").append(i).append(" { static Task<String> run() { return null; } }\n");
        }
        return s.toString();
    }

    private void awaitString(MethodVisitor mv) {
        mv.visitLdcInsn("a" + awaits++);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PROG, "t", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Weft", "await", "(Ldev/weft/Task;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, STRING);
    }

    private void push(MethodVisitor mv, List<Kind> stack, Kind k) {
        switch (k) {
            case INT:
                mv.visitIntInsn(Opcodes.SIPUSH, r.nextInt(1000));
                break;
            case LONG:
                mv.visitLdcInsn(r.nextLong());
                break;
            default:
                mv.visitLdcInsn("s" + r.nextInt(100));
        }
        stack.add(k);
    }

    /** {@code run()}: locals 0 and 1 are scratch, 2 is the text so far, copies go to 3 and up. */
    private void shape(MethodVisitor mv) {
        List<Kind> stack = new ArrayList<>();
        List<Integer> copies = new ArrayList<>();
        int nextLocal = 3;
        for (int i = r.nextInt(3); i > 0; i--) {
            push(mv, stack, Kind.values()[1 + r.nextInt(3)]);
        }
        mv.visitTypeInsn(Opcodes.NEW, SB);
        stack.add(Kind.UNINIT);
        for (int i = r.nextInt(5); i > 0; i--) {
            Kind below = stack.size() > 1 ? stack.get(stack.size() - 2) : null;
            switch (r.nextInt(5)) {
                case 0: // dup
                    mv.visitInsn(Opcodes.DUP);
                    stack.add(Kind.UNINIT);
                    break;
                case 1: // a value slipped under the top copy: x; swap
                    if (r.nextBoolean()) {
                        awaitString(mv);
                        stack.add(Kind.STR);
                    } else {
                        push(mv, stack, r.nextBoolean() ? Kind.INT : Kind.STR);
                    }
                    mv.visitInsn(Opcodes.SWAP);
                    stack.set(stack.size() - 2, stack.get(stack.size() - 1));
                    stack.set(stack.size() - 1, Kind.UNINIT);
                    break;
                case 2: // a copy kept in a local
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitVarInsn(Opcodes.ASTORE, nextLocal);
                    copies.add(nextLocal++);
                    break;
                case 3: // dup_x1: a copy under the value beneath
                    if (below != null && below != Kind.LONG) {
                        mv.visitInsn(Opcodes.DUP_X1);
                        stack.add(stack.size() - 2, Kind.UNINIT);
                    }
                    break;
                default: // a value pushed and popped again
                    push(mv, stack, Kind.INT);
                    mv.visitInsn(Opcodes.POP);
                    stack.remove(stack.size() - 1);
            }
        }
        // the constructor call: receiver on top, its argument awaited (maybe the receiver only in a local meanwhile)
        boolean receiverInLocal = r.nextInt(4) == 0;
        stack.remove(stack.size() - 1);
        if (receiverInLocal) {
            mv.visitVarInsn(Opcodes.ASTORE, 0);
        }
        awaitString(mv);
        if (r.nextBoolean()) {
            awaitString(mv);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, STRING, "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        }
        if (receiverInLocal) {
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            if (r.nextBoolean()) {
                copies.add(0); // local 0 now holds the constructed object
            }
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, SB, "<init>", "(Ljava/lang/String;)V", false);
        // text = every value left, top first, then the copies in locals
        mv.visitLdcInsn("");
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        for (int i = stack.size() - 1; i >= 0; i--) {
            toText(mv, stack.get(i));
        }
        for (int local : copies) {
            mv.visitVarInsn(Opcodes.ALOAD, local);
            toText(mv, Kind.UNINIT);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
        mv.visitInsn(Opcodes.ARETURN);
    }

    /** Turns the top value into text and appends it (with a separator) to local 2. */
    private static void toText(MethodVisitor mv, Kind k) {
        switch (k) {
            case UNINIT:
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SB, "toString", "()Ljava/lang/String;", false);
                break;
            case INT:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, STRING, "valueOf", "(I)Ljava/lang/String;", false);
                break;
            case LONG:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, STRING, "valueOf", "(J)Ljava/lang/String;", false);
                break;
            default:
                break;
        }
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitLdcInsn(",");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, STRING, "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, STRING, "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
    }
}
