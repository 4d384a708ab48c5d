package dev.weft.weaver.hostile;

import static dev.weft.weaver.hostile.Hostile.assertClearFailure;
import static dev.weft.weaver.hostile.Hostile.await;
import static dev.weft.weaver.hostile.Hostile.returnInt;
import static dev.weft.weaver.hostile.Hostile.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.WeaveResult;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode javac would not write but obfuscators, other languages and old compilers do. Each is
 * woven and run (awaits suspend: tasks complete on the next loop turn) or refused with a diagnostic.
 */
class OddBytecodeTest {
    private static final HostileShapes SHAPES = new HostileShapes("dev/weft/weaver/hostile/Hostile");

    /**
     * Woven, and run gives {@code expected}. (A refusal with a clear diagnostic would also meet the
     * contract, but the weaver handles all of these today, so a refusal is a regression.)
     */
    private static void woven(String name, byte[] input, int expected) {
        WeaveResult r = Hostile.weave(input);
        assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        assertEquals(expected, Hostile.run(Hostile.load(name, r)));
    }

    @Test
    void irreducibleLoopEnteredInTheMiddle() {
        // i = 0; sum = 0; if (i == 0) goto mid; head: sum += await(later(3)); mid: i++; if (i < 5) goto head
        woven("p/Irreducible", SHAPES.irreducible("p/Irreducible"), 12);
    }

    @Test
    void exceptionRangeThatCoversItsOwnHandlerAndOverlapsAnother() {
        // start: tries++; if (tries >= 2) goto out; throw new RuntimeException();
        // handler (inside the range): pop; got = await(later(5)); goto start; then dead code
        woven("p/SelfCovering", SHAPES.overlappingHandlersAndDeadCode("p/SelfCovering"), 7);
    }

    @Test
    void deadCodeAfterGoto() {
        byte[] b = Hostile.classWith(Opcodes.V11, "p/Dead", true, mv -> {
            Label live = new Label();
            mv.visitIntInsn(Opcodes.BIPUSH, 9);
            task(mv, true);
            await(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitJumpInsn(Opcodes.GOTO, live);
            // unreachable: ASM's frame computation turns it into nop ... athrow, as obfuscators leave it
            mv.visitIntInsn(Opcodes.BIPUSH, 100);
            task(mv, true);
            await(mv);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitLabel(live);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            returnInt(mv);
        });
        woven("p/Dead", b, 9);
    }

    @Test
    void localSlotReusedWithAnotherTypeAcrossAwaits() {
        // slot 1: int 4, live across the first await; then a String, live across the second
        byte[] b = Hostile.classWith(Opcodes.V11, "p/Reused", true, mv -> {
            mv.visitInsn(Opcodes.ICONST_4);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
            mv.visitInsn(Opcodes.ICONST_1);
            task(mv, true);
            await(mv);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitInsn(Opcodes.IADD);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitLdcInsn("seven!!");
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            task(mv, true);
            await(mv);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            mv.visitInsn(Opcodes.IADD);
            mv.visitInsn(Opcodes.DCONST_1);
            mv.visitVarInsn(Opcodes.DSTORE, 1);   // and now a double over slots 1 and 2
            mv.visitVarInsn(Opcodes.DLOAD, 1);
            mv.visitInsn(Opcodes.D2I);
            mv.visitInsn(Opcodes.IADD);
            returnInt(mv);
        });
        woven("p/Reused", b, 13);
    }

    @Test
    void hundredsOfLiveLocalsAndADeepStackAtAnAwait() {
        int ints = 200;
        int longs = 60;
        int stack = 120;
        byte[] b = SHAPES.wide("p/Wide", ints, longs, stack);
        woven("p/Wide", b, HostileShapes.wideSum(ints, longs, stack));
        assertEquals(WeaveResult.Status.WOVEN, Hostile.weave(b).status(), "this one is well within limits");
    }

    @ParameterizedTest(name = "{0} increments")
    @ValueSource(ints = {20_000, 21_700, 21_830})
    void hugeMethodNearTheCodeLimit(int increments) {
        // iinc is 3 bytes: 60,000, 65,100 and 65,490 bytes of code around one await; woven, or refused
        // with the code size diagnostic when the resume code no longer fits
        byte[] b = SHAPES.huge("p/Huge", increments);
        WeaveResult r = Hostile.weave(b);
        if (r.status() == WeaveResult.Status.FAILED) {
            assertClearFailure(r, b);
            Hostile.assertMessageContains(r, "Huge.run() would exceed the JVM's 64 KB code size limit after weaving");
            return;
        }
        assertEquals(increments, Hostile.run(Hostile.load("p/Huge", r)));
    }

    @ParameterizedTest(name = "class version {0}")
    @ValueSource(ints = {Opcodes.V1_4, Opcodes.V1_5, Opcodes.V1_6, Opcodes.V1_7})
    void oldClassVersionsWithAndWithoutAsync(int version) {
        for (boolean async : new boolean[] {true, false}) {
            String name = "p/Old" + version + async;
            byte[] b = Hostile.classWith(version, name, async, mv -> {
                mv.visitIntInsn(Opcodes.BIPUSH, 30);
                task(mv, true);
                await(mv);
                mv.visitInsn(Opcodes.ICONST_3);
                mv.visitInsn(Opcodes.IADD);
                returnInt(mv);
            });
            WeaveResult r = Hostile.weave(b);
            if (!async) {
                assertClearFailure(r, b);
                Hostile.assertMessageContains(r, "not @Async");
            } else {
                assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
                assertEquals(33, Hostile.run(Hostile.load(name, r)));
            }
        }
    }

}
