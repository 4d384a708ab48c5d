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
 * {@code await(m(x))} of a woven method of the same class that cannot be overridden calls its body
 * directly (one JVM frame per level of a descent instead of two); anything else keeps the entry.
 * The meaning stays: a failure before the first suspension still surfaces at the await.
 */
class DirectAwaitsTest extends ShapeTestSupport {
    static final String SOURCE = source("Direct", """
                @Async static Task<Integer> down(int n) {
                    if (n < 0) throw new IllegalArgumentException("below zero");
                    if (n == 0) return Task.of(await(t(0)));
                    return Task.of(await(down(n - 1)) + 1);
                }

                @Async static Task<String> catchesEarly() {
                    try {
                        return Task.of("value " + await(down(-1)));
                    } catch (IllegalArgumentException e) {
                        return Task.of("caught " + e.getMessage());
                    }
                }

                @Async static Task<Integer> kept(int n) {
                    Task<Integer> t = down(n);
                    return Task.of(await(t));
                }

                @Async private Task<Integer> priv(int n) { return Task.of(await(t(n))); }
                @Async final Task<Integer> fin(int n) { return Task.of(await(t(n))); }
                @Async Task<Integer> open(int n) { return Task.of(await(t(n))); }

                @Async Task<Integer> instance(int n) {
                    return Task.of(await(priv(n)) + await(fin(n)) + await(open(n)));
                }

                @Async static Task<Integer> callInstance() { return new Direct().instance(1); }
            """);

    @Override
    String className() {
        return "p.Direct";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(List.of(JAVAC_17, ECJ_17));
    }

    static Stream<Toolchain> toolchains() {
        return Stream.of(JAVAC_17, ECJ_17);
    }

    /** The calls the bodies (methods with the frame parameter) of {@code owner} make to {@code owner}, as name:body|entry. */
    static List<String> callsFromBodies(WovenProgram w, String owner) {
        ClassNode cn = new ClassNode();
        byte[] bytes = w.classes().get(owner.replace('/', '.'));
        new ClassReader(bytes != null ? bytes : w.classes().get(owner)).accept(cn, 0);
        List<String> calls = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (!m.desc.contains("$weft$")) {
                continue;
            }
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof MethodInsnNode && ((MethodInsnNode) n).owner.equals(cn.name)
                        && !((MethodInsnNode) n).name.equals("t")) { // t(v): the unwoven helper
                    MethodInsnNode c = (MethodInsnNode) n;
                    calls.add(m.name + "->" + c.name + ":" + (c.desc.contains("$weft$") ? "body" : "entry"));
                }
            }
        }
        return calls;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void onlyDirectAwaitsOfMethodsThatCannotBeOverriddenCallTheBody(Toolchain tc) {
        List<String> calls = callsFromBodies(woven(tc), "p/Direct");
        calls.sort(null);
        assertEquals(List.of("catchesEarly->down:body", "down->down:body", "instance->fin:body",
                "instance->open:entry", "instance->priv:body", "kept->down:entry"), calls);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theMeaningStays(Toolchain tc, Mode m) {
        assertEquals(300, (Integer) run(tc, m, "down", 300));
        assertEquals("caught below zero", run(tc, m, "catchesEarly"));
        assertEquals(5, (Integer) run(tc, m, "kept", 5));
        assertEquals(3, (Integer) run(tc, m, "callInstance"));
    }
}
