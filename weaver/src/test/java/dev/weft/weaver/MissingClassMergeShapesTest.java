package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.ClassVerifier;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Classes on the run-time class path but missing from the weaving class path, needed only to merge
 * the types of a value that is then used as an Object or not at all: woven, and the woven class
 * verifies and runs. Where the merged type matters (the value is used as its common superclass),
 * the method is still refused, naming the missing class.
 */
class MissingClassMergeShapesTest extends ShapeTestSupport {
    static final Map<String, String> LIBRARY = Map.of(
            "lib.Base", "package lib;\npublic class Base { public String base() { return \"base \" + this; } }\n",
            "lib.MissingA", "package lib;\npublic class MissingA extends Base { public String toString() { return \"A\"; } }\n",
            "lib.MissingB", "package lib;\npublic class MissingB extends Base { public String toString() { return \"B\"; } }\n");

    static final String DEAD = source("Dead", """
                @Async static Task<String> deadAtTheAwait(boolean a) {
                    Object o = a ? new lib.MissingA() : new lib.MissingB();
                    String s = String.valueOf(o);
                    String more = await(t("!"));
                    return Task.of(s + more);
                }

                @Async static Task<String> liveAtTheAwaitAsAnObject(boolean a) {
                    Object o = a ? new lib.MissingA() : new lib.MissingB();
                    String more = await(t("?"));
                    return Task.of(String.valueOf(o) + more);
                }

                @Async static Task<String> onTheStackAtTheAwaitAsAnObject(boolean a) {
                    return Task.of(pair(a ? new lib.MissingA() : new lib.MissingB(), await(t("#"))));
                }

                @Async static Task<String> deadAtTheAwaitInALoop(boolean a) {
                    Object o = null;
                    String s = "";
                    for (int i = 0; i < 2; i++) {
                        o = a == (i == 0) ? new lib.MissingA() : new lib.MissingB();
                        s += o;
                        s += await(t(i));
                    }
                    return Task.of(s);
                }

                static String pair(Object o, String s) {
                    return o + s;
                }
            """);

    static final String USED = source("Used", """
                @Async static Task<String> usedAsTheirSuperclass(boolean a) {
                    lib.Base b = a ? new lib.MissingA() : new lib.MissingB();
                    String more = await(t("!"));
                    return Task.of(b.base() + more);
                }

                @Async static Task<String> usedAsTheirSuperclassBeforeTheAwait(boolean a) {
                    lib.Base b = a ? new lib.MissingA() : new lib.MissingB();
                    String s = b.base();
                    String more = await(t("!"));
                    return Task.of(s + more);
                }
            """);

    @Override
    String className() {
        return "p.Dead";
    }

    @Override
    String sourceText() {
        return DEAD;
    }

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    static Stream<Arguments> toolchains() {
        return java17().stream().map(Arguments::of);
    }

    /** Compiles {@code source} with the library, weaves class {@code name} without the library's MissingA and MissingB. */
    private static WeaveResult weaveWithoutMissing(Toolchain tc, String name, String source, Map<String, byte[]> out) {
        Map<String, String> sources = new HashMap<>(LIBRARY);
        sources.put(name, source);
        Map<String, byte[]> compiled = tc.compiler().compile(sources, tc.release());
        Map<String, byte[]> visible = new TreeMap<>(compiled);
        visible.remove("lib/MissingA");
        visible.remove("lib/MissingB");
        Weaver weaver = new Weaver(ClassBytesLookup.ofMap(visible)
                .orElse(ClassBytesLookup.ofClassLoader(MissingClassMergeShapesTest.class.getClassLoader())));
        String internal = name.replace('.', '/');
        WeaveResult r = weaver.weave(compiled.get(internal).clone());
        out.putAll(compiled);
        out.put(internal, r.bytes());
        out.putAll(r.generatedClasses());
        return r;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aMergeOfMissingClassesForAValueUsedAsAnObjectIsWovenAndRuns(Toolchain tc, Mode m) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        WeaveResult r = weaveWithoutMissing(tc, "p.Dead", DEAD, classes);
        assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        ChildFirstClassLoader loader = new ChildFirstClassLoader(classes, getClass().getClassLoader());
        ClassVerifier.verifyAll(classes, loader);
        Class<?> c = Class.forName("p.Dead", true, loader);
        java.lang.reflect.Field later = c.getDeclaredField("LATER");
        later.setAccessible(true);
        later.setBoolean(null, m == Mode.LATER);
        assertEquals("A!", run(c, "deadAtTheAwait", true));
        assertEquals("B!", run(c, "deadAtTheAwait", false));
        assertEquals("A?", run(c, "liveAtTheAwaitAsAnObject", true));
        assertEquals("B?", run(c, "liveAtTheAwaitAsAnObject", false));
        assertEquals("A#", run(c, "onTheStackAtTheAwaitAsAnObject", true));
        assertEquals("B#", run(c, "onTheStackAtTheAwaitAsAnObject", false));
        assertEquals("A0B1", run(c, "deadAtTheAwaitInALoop", true));
        assertEquals("B0A1", run(c, "deadAtTheAwaitInALoop", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void aMergeOfMissingClassesForAValueUsedAsTheirSuperclassIsRefusedNamingTheClass(Toolchain tc) {
        WeaveResult r = weaveWithoutMissing(tc, "p.Used", USED, new HashMap<>());
        assertEquals(WeaveResult.Status.FAILED, r.status());
        List<String> errors = r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message)
                .collect(Collectors.toList());
        // the frames need the merge wherever the value is used as a lib.Base, before the await or after it
        assertEquals(List.of("cannot weave Used.usedAsTheirSuperclass(): class lib.MissingA not found"
                        + " (needed to compute stack map frames)",
                "cannot weave Used.usedAsTheirSuperclassBeforeTheAwait(): class lib.MissingA not found"
                        + " (needed to compute stack map frames)"), errors);
    }

    @SuppressWarnings("unchecked")
    private static Object run(Class<?> c, String name, boolean a) {
        return Weft.run(() -> {
            try {
                Method m = c.getDeclaredMethod(name, boolean.class);
                m.setAccessible(true);
                return (Task<Object>) m.invoke(null, a);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }
}
