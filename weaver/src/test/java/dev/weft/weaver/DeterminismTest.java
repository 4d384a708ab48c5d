package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.Weaving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weaving is deterministic (same input, same bytes, whatever the weaver instance, the class order or
 * how class bytes are looked up) and idempotent (a woven class, or a generated one, is left alone).
 */
class DeterminismTest {
    static Stream<Arguments> inputs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SourceCompiler c : SourceCompiler.values()) {
            b.add(Arguments.of(c, "p.Expressions", ExpressionShapesTest.SOURCE));
            b.add(Arguments.of(c, "p.Exceptions", ExceptionShapesTest.SOURCE));
            b.add(Arguments.of(c, "p.Lambdas", LambdaShapesTest.SOURCE));
            b.add(Arguments.of(c, "p.Kinds", MethodKindShapesTest.SOURCE));
        }
        return b.build();
    }

    private static Map<String, byte[]> compile(SourceCompiler c, String name, String source) {
        return c.compile(Map.of(name, source), 17);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void sameInputSameBytes(SourceCompiler c, String name, String source) {
        Map<String, byte[]> compiled = compile(c, name, source);
        Weaving first = Weaving.weaveAll(compiled);
        assertTrue(first.results().values().stream().anyMatch(WeaveResult::isWoven), "something was woven");

        assertSameClasses(first.classes(), Weaving.weaveAll(compiled).classes());

        Weaver shared = Weaving.weaverFor(compiled);
        Weaving once = Weaving.weaveAll(compiled, shared);
        assertSameClasses(first.classes(), once.classes());
        assertSameClasses(first.classes(), Weaving.weaveAll(compiled, shared).classes());

        // the agent looks classes up through a class loader, the build through files: same bytes
        ClassLoader loader = new ChildFirstClassLoader(compiled, getClass().getClassLoader());
        Weaver viaLoader = new Weaver(ClassBytesLookup.ofClassLoader(loader));
        assertSameClasses(first.classes(), Weaving.weaveAll(compiled, viaLoader).classes());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void keepingLocalsIsDeterministicToo(SourceCompiler c, String name, String source) {
        Map<String, byte[]> compiled = compile(c, name, source);
        WeaveOptions keep = WeaveOptions.defaults().withKeepLocals(true);
        Map<String, byte[]> first = Weaving.weaveAll(compiled, Weaving.weaverFor(compiled, keep)).classes();
        assertSameClasses(first, Weaving.weaveAll(compiled, Weaving.weaverFor(compiled, keep)).classes());
        ClassLoader loader = new ChildFirstClassLoader(compiled, getClass().getClassLoader());
        assertSameClasses(first, Weaving.weaveAll(compiled, new Weaver(ClassBytesLookup.ofClassLoader(loader), keep)).classes());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void classOrderDoesNotMatter(SourceCompiler c, String name, String source) {
        Map<String, byte[]> compiled = compile(c, name, source);
        Map<String, byte[]> expected = Weaving.weaveAll(compiled).classes();

        Weaver weaver = Weaving.weaverFor(compiled);
        List<String> names = new ArrayList<>(compiled.keySet());
        Collections.reverse(names);
        Map<String, byte[]> reversed = new TreeMap<>();
        for (String n : names) {
            WeaveResult r = weaver.weave(compiled.get(n).clone());
            reversed.put(n, r.bytes());
            reversed.putAll(r.generatedClasses());
        }
        assertSameClasses(expected, reversed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void wovenClassesAreLeftAlone(SourceCompiler c, String name, String source) {
        Map<String, byte[]> compiled = compile(c, name, source);
        Weaving first = Weaving.weaveAll(compiled);
        Weaving again = Weaving.weaveAll(first.classes());
        for (Map.Entry<String, WeaveResult> e : again.results().entrySet()) {
            WeaveResult r = e.getValue();
            assertEquals(WeaveResult.Status.UNCHANGED, r.status(), e.getKey());
            assertArrayEquals(first.classes().get(e.getKey()), r.bytes(), e.getKey());
            assertEquals(Map.of(), r.generatedClasses(), e.getKey());
            assertEquals(List.of(), r.diagnostics(), e.getKey());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void classesWithoutAsyncCodeAreUnchanged(ShapeTestSupport.Toolchain tc) {
        Map<String, byte[]> compiled = tc.compiler().compile(Map.of("p.None",
                "package p; public class None { int f(int x) { return x + 1; } Runnable r() { return () -> {}; } }"),
                tc.release());
        for (Map.Entry<String, WeaveResult> e : Weaving.weaveAll(compiled).results().entrySet()) {
            assertEquals(WeaveResult.Status.UNCHANGED, e.getValue().status(), e.getKey());
            assertArrayEquals(compiled.get(e.getKey()), e.getValue().bytes(), e.getKey());
        }
    }

    private static void assertSameClasses(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((n, b) -> assertArrayEquals(b, actual.get(n), n));
    }
}
