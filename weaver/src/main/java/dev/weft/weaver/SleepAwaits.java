package dev.weft.weaver;

import java.util.Collection;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lets {@code await(sleep(d))} allocate nothing: in a woven body, a call of {@code Weft.sleep(long)}
 * or {@code Weft.sleep(Duration)} whose task goes straight into the await's fast path test
 * ({@code DUP; Coroutine.isDone(Task)}, as {@link DirectAwaits#awaitedAtOnce} finds it) calls
 * {@code Coroutine.sleepAwaited} instead (contract 2). That checks and fails as {@code sleep} does,
 * and returns a shared mark on which the await suspends the frame as its own entry in the loop's
 * ready queue or timer heap, instead of a new task per sleep.
 *
 * <p>A sleep kept as a value (in a local, passed to {@code gather}, returned) is left alone: its task
 * is seen by user code, so it must be a real one.
 */
final class SleepAwaits {
    private SleepAwaits() {
    }

    /** Rewrites the sleeps awaited at once in each of {@code bodies}. */
    static void rewrite(Collection<MethodNode> bodies) {
        for (MethodNode body : bodies) {
            for (AbstractInsnNode n = body.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n.getOpcode() != Opcodes.INVOKESTATIC) {
                    continue;
                }
                MethodInsnNode call = (MethodInsnNode) n;
                RuntimeContract.Member to = replacement(call);
                if (to != null && DirectAwaits.awaitedAtOnce(call)) {
                    call.owner = to.owner;
                    call.name = to.name;
                    call.desc = to.descriptor;
                    call.itf = false;
                }
            }
        }
    }

    private static RuntimeContract.Member replacement(MethodInsnNode call) {
        if (RuntimeContract.SLEEP_MILLIS.is(call.owner, call.name, call.desc)) {
            return RuntimeContract.SLEEP_AWAITED_MILLIS;
        }
        if (RuntimeContract.SLEEP_DURATION.is(call.owner, call.name, call.desc)) {
            return RuntimeContract.SLEEP_AWAITED_DURATION;
        }
        return null;
    }
}
