package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code createTask(() -> m(a))} of a woven method of the same class that cannot be overridden starts
 * {@code m} from a frame made with its arguments (contract 4: the frame is the task's supplier, no
 * lambda); a lambda that awaits and a method reference to such a method too. Anything else keeps its
 * lambda, as does one whose arguments would make every frame of the method bigger (an argument no
 * await keeps, which does not fit the frame's padding). The meaning stays, in both modes ({@code NOW}: the awaited helpers are done at once, so a
 * body may end in its first step; {@code LATER}: every body suspends).
 */
class TaskStartsTest extends ShapeTestSupport {
    static final String SOURCE = source("Starts", """
                static final List<String> LOG = new ArrayList<>();
                final String tag;

                Starts(String tag) { this.tag = tag; }

                @Async static Task<Integer> step(int i) {
                    await(t(0));
                    return Task.of(i);
                }

                @Async static Task<String> early(String s) {
                    LOG.add("early " + s);
                    if (s.isEmpty()) throw new IllegalStateException("empty");
                    if (s.equals("now")) return Task.of("now!");
                    await(t(0));
                    return Task.of(s + "!");
                }

                @Async private Task<String> inst(long a, double b, String c, boolean d, char e, byte f) {
                    await(t(0));
                    return Task.of(tag + a + b + c + d + e + f);
                }

                @Async final Task<String> fin(int[] xs, Object o) { await(t(0)); return Task.of(tag + xs.length + o); }
                @Async Task<String> open(int n) { await(t(0)); return Task.of(tag + n); }
                @Async static Task<String> noAwait(String s) { return Task.of(s); }
                @Async static Task<Integer> zero() { return Task.of(await(t(0))); }
                @Async static Task<String> who() {
                    String me = Weft.currentTask().name();
                    await(t(0));
                    return Task.of(me + " " + (Weft.currentTask().name().equals(me)));
                }
                @Async static Task<String> deadLong(long ms) { await(t(0)); return Task.of("dl"); }
                @Async static Task<String> deadInt(int n) { await(t(0)); return Task.of("di"); }
                @Async static Task<String> stepText(int i) { return Task.of("s" + await(step(i))); }
                @Async static Task<Integer> sleeper() {
                    await(Weft.sleep(1000));
                    return Task.of(1);
                }
                @Async static Task<String> passes(Task<String> other, String also) {
                    return Task.of(await(other) + also);
                }

                @Async static Task<String> all() {
                    List<Task<Integer>> ts = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        int k = i;
                        ts.add(Weft.createTask(() -> step(k)));
                    }
                    Task<String> now = Weft.createTask(() -> early("now"), "named");
                    String name = "local name";
                    Task<String> x = Weft.createTask(() -> early("x"), name);
                    Starts o = new Starts("o");
                    Task<String> in = Weft.createTask(() -> o.inst(1L, 2.5, "z", true, 'c', (byte) 7));
                    int[] three = new int[3];
                    Task<String> fi = Weft.createTask(() -> o.fin(three, null));
                    Task<String> op = Weft.createTask(() -> o.open(4));
                    Task<String> na = Weft.createTask(() -> noAwait("na"));
                    Task<String> lam = Weft.createTask(() -> {
                        await(t(0));
                        return Task.of("lambda " + ts.size());
                    });
                    Task<Integer> ref = Weft.createTask(Starts::zero);
                    Task<String> me = Weft.createTask(() -> who(), "me");
                    Task<String> loc = Weft.createLocalTask(() -> early("loc"));
                    Task<String> pa = Weft.createTask(() -> passes(x, "+"));
                    Task<String> dl = Weft.createTask(() -> deadLong(5L));
                    Task<String> di = Weft.createTask(() -> deadInt(5));
                    String grouped = await(Weft.taskGroup(g -> {
                        Task<String> a = g.createTask(() -> early("g"));
                        Task<String> b = g.createTask(() -> stepText(9), "b");
                        return Task.of(await(a) + "," + await(b) + "," + b.name());
                    }));
                    return Task.of(await(Weft.gather(ts)) + " " + now.name() + " " + await(now) + " " + x.name() + " "
                            + await(x) + " " + await(in) + " " + await(fi) + " " + await(op) + " " + await(na) + " "
                            + await(lam) + " " + await(ref) + " " + await(me) + " " + await(loc) + " " + await(pa)
                            + " " + grouped + " " + await(dl) + " " + await(di));
                }

                @Async static Task<String> failsInItsFirstStep() {
                    Task<String> t = Weft.createTask(() -> early(""));
                    try {
                        return Task.of("value " + await(t));
                    } catch (IllegalStateException e) {
                        return Task.of("caught " + e.getMessage() + " " + t.isDone());
                    }
                }

                @Async static Task<String> cancelledBeforeItStarts() {
                    LOG.clear();
                    Task<String> t = Weft.createTask(() -> early("never"));
                    t.cancel("stop");
                    try {
                        return Task.of("value " + await(t));
                    } catch (CancelledException e) {
                        return Task.of("cancelled " + e.getMessage() + " " + t.isCancelled() + " " + LOG);
                    }
                }

                @Async static Task<String> cancelledWhileItWaits() {
                    Task<Integer> t = Weft.createTask(() -> sleeper());
                    await(Weft.sleep(0)); // it starts, and suspends
                    t.cancel("late");
                    try {
                        return Task.of("value " + await(t));
                    } catch (CancelledException e) {
                        return Task.of("cancelled " + e.getMessage() + " " + t.isCancelled());
                    }
                }
            """);

    @Override
    String className() {
        return "p.Starts";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(everyRelease());
    }

    static Stream<Toolchain> toolchains() {
        return Stream.of(JAVAC_17, ECJ_17);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theMeaningStays(Toolchain tc, Mode m) {
        assertEquals("[0, 1, 2] named now! local name x! o12.5ztruec7 o3null o4 na lambda 3 0 me true loc! x!+ g!,s9,b dl di",
                run(tc, m, "all"));
        assertEquals("caught empty true", run(tc, m, "failsInItsFirstStep"));
        assertEquals("cancelled stop true []", run(tc, m, "cancelledBeforeItStarts"));
        assertEquals("cancelled late true", run(tc, m, "cancelledWhileItWaits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void onlyLambdasThatStartAMethodThatCannotBeOverriddenBecomeFrames(Toolchain tc) {
        WovenProgram w = woven(tc);
        List<String> started = new ArrayList<>();
        int lambdas = 0;
        ClassNode cn = new ClassNode();
        new ClassReader(w.bytes("p.Starts")).accept(cn, 0);
        for (MethodNode m : cn.methods) {
            if (!m.name.equals("all") || !m.desc.contains("$weft$")) {
                continue; // the body of all()
            }
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof MethodInsnNode && ((MethodInsnNode) n).name.equals(TaskStarts.FACTORY)) {
                    String frame = ((MethodInsnNode) n).owner;
                    started.add(frame.substring(frame.indexOf("$weft$") + 6, frame.lastIndexOf('$')));
                } else if (n instanceof InvokeDynamicInsnNode && ((InvokeDynamicInsnNode) n).name.equals("get")) {
                    lambdas++;
                }
            }
        }
        started.replaceAll(s -> s.startsWith("lambda$") ? "lambda" : s);
        // open(int) can be overridden, noAwait has no frame (nothing suspends in it); passes and deadLong
        // would need a field more in every frame of theirs for an argument no await keeps (a reference
        // where one more does not fit the frame's padding, a long), deadInt's int fits it
        assertEquals(List.of("step", "early", "early", "inst", "fin", "lambda", "zero", "who", "early", "deadInt"), started);
        assertEquals(4, lambdas);
        // no frame grew for its arguments: deadLong's keeps nothing (40 B), deadInt's has the int that
        // fits the padding of a frame keeping nothing (40 B too)
        assertEquals(List.of(), fieldsOf(w, "deadLong"));
        assertEquals(List.of("i0:I"), fieldsOf(w, "deadInt"));
    }

    /** The fields of the frame class of {@code method}, as name:descriptor. */
    private static List<String> fieldsOf(WovenProgram w, String method) {
        String name = w.generatedClasses().stream().filter(n -> n.contains("$weft$" + method + "$")).findFirst().orElseThrow();
        ClassNode cn = new ClassNode();
        new ClassReader(w.bytes(name)).accept(cn, 0);
        List<String> fields = new ArrayList<>();
        cn.fields.forEach(f -> fields.add(f.name + ":" + f.desc));
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void aFrameStartsOnce(Toolchain tc) throws Exception {
        WovenProgram w = woven(tc);
        Class<?> frame = w.load(w.generatedClasses().stream().filter(n -> n.contains("$weft$step$")).findFirst().orElseThrow());
        java.lang.reflect.Method factory = frame.getDeclaredMethod(TaskStarts.FACTORY, int.class);
        factory.setAccessible(true);
        @SuppressWarnings("unchecked")
        java.util.function.Supplier<dev.weft.Task<Integer>> s =
                (java.util.function.Supplier<dev.weft.Task<Integer>>) factory.invoke(null, 5);
        assertEquals(5, (int) dev.weft.Weft.run(() -> dev.weft.Weft.createTask(s)));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::get);
        assertEquals("coroutine p.Starts.step started before: a frame starts once", e.getMessage());
        assertTrue(frame.getSuperclass().getName().endsWith("Coroutine"));
    }
}
