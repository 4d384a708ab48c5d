package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.WovenProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code await(sleep(d))} in a woven body calls {@code Coroutine.sleepAwaited} (contract 2), which
 * allocates no task; a sleep kept as a value, passed on, returned, or called outside a woven body
 * stays {@code Weft.sleep}, a real task. The meaning stays either way.
 */
class SleepAwaitsTest extends ShapeTestSupport {
    static final String SOURCE = source("Sleeps", """
                @Async static Task<Boolean> atOnce() {
                    long start = Weft.loop().time();
                    await(sleep(0));
                    await(sleep(5));
                    await(sleep(java.time.Duration.ofMillis(7)));
                    return Task.of(Weft.loop().time() - start >= 12_000_000);
                }

                @Async static Task<Boolean> kept() {
                    long start = Weft.loop().time();
                    Task<Void> t = sleep(3);
                    await(t);
                    return Task.of(Weft.loop().time() - start >= 3_000_000);
                }

                @Async static Task<Integer> passed() {
                    List<Void> all = await(gather(sleep(1), sleep(java.time.Duration.ofMillis(2))));
                    return Task.of(all.size());
                }

                @Async static Task<Void> returned() {
                    await(sleep(0));
                    return sleep(4);
                }

                static Task<Void> plain() {
                    return sleep(2);
                }

                @Async static Task<String> outsideALoop() {
                    await(sleep(1));
                    return Task.of("slept");
                }
            """);

    @Override
    String className() {
        return "p.Sleeps";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Toolchain> toolchains() {
        return Stream.of(JAVAC_17, ECJ_17);
    }

    static Stream<Arguments> cases() {
        return withModes(List.of(JAVAC_17, ECJ_17));
    }

    /** Each sleep call of each method of p.Sleeps (entries and bodies alike), as method->sleep|sleepAwaited(descriptor). */
    static List<String> sleepCalls(WovenProgram w) {
        ClassNode cn = new ClassNode();
        byte[] bytes = w.classes().get("p.Sleeps");
        new ClassReader(bytes != null ? bytes : w.classes().get("p/Sleeps")).accept(cn, 0);
        List<String> calls = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof MethodInsnNode && ((MethodInsnNode) n).name.startsWith("sleep")) {
                    MethodInsnNode c = (MethodInsnNode) n;
                    calls.add(m.name + (m.desc.contains("$weft$") ? "(body)" : "") + "->" + c.owner + "." + c.name
                            + c.desc.substring(0, c.desc.indexOf(')') + 1));
                }
            }
        }
        calls.sort(null);
        return calls;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void onlySleepsAwaitedAtOnceInWovenBodiesAreRewritten(Toolchain tc) {
        String weft = "dev/weft/Weft.sleep";
        String co = "dev/weft/internal/Coroutine.sleepAwaited";
        assertEquals(List.of(
                "atOnce(body)->" + co + "(J)",
                "atOnce(body)->" + co + "(J)",
                "atOnce(body)->" + co + "(Ljava/time/Duration;)",
                "kept(body)->" + weft + "(J)",
                "outsideALoop(body)->" + co + "(J)",
                "passed(body)->" + weft + "(J)",
                "passed(body)->" + weft + "(Ljava/time/Duration;)",
                "plain->" + weft + "(J)",
                "returned(body)->" + weft + "(J)",
                "returned(body)->" + co + "(J)"), sleepCalls(woven(tc)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theMeaningStays(Toolchain tc, Mode m) {
        assertEquals(true, (Boolean) run(tc, m, "atOnce"));
        assertEquals(true, (Boolean) run(tc, m, "kept"));
        assertEquals(2, (Integer) run(tc, m, "passed"));
        assertEquals(null, (Object) run(tc, m, "returned"));
    }

    /** Outside a loop, the rewritten sleep fails as Weft.sleep does: the task the method returns carries it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void outsideALoopTheSameErrorAsWeftSleep(Toolchain tc) {
        Object t = call(tc, "outsideALoop");
        dev.weft.Task<?> task = (dev.weft.Task<?>) t;
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, task::result);
        assertEquals("sleep() needs a running event loop: call it from code started by Weft.run(...)", e.getMessage());
    }
}
