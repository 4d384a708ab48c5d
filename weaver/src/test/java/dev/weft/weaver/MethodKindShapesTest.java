package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of method can be async: instance, static, private, generic, varargs, default, static
 * and private interface methods, methods of inner, nested, anonymous and local classes, enums (also
 * constant bodies), records, and an override reached through a bridge method.
 */
class MethodKindShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Kinds", """
                final int base;

                Kinds(int base) { this.base = base; }

                @Async Task<Integer> instance(int x) { return Task.of(base + await(t(x))); }

                @Async private Task<Integer> priv(int x) { return Task.of(await(t(x)) * 2 + base); }

                @Async private static Task<Integer> privStatic(int x) { return Task.of(await(t(x)) * 3); }

                @Async static <T extends Comparable<T>> Task<T> max(T a, T b) {
                    T x = await(t(a));
                    T y = await(t(b));
                    return Task.of(x.compareTo(y) >= 0 ? x : y);
                }

                @Async static Task<Integer> varargs(int... xs) {
                    int s = 0;
                    for (int x : xs) s += await(t(x));
                    return Task.of(s + xs.length * 100);
                }

                @Async static Task<String> varargsObjects(String sep, Object... xs) {
                    StringBuilder b = new StringBuilder();
                    for (Object x : xs) b.append(await(t(x))).append(sep);
                    return Task.of(b.toString());
                }

                interface Svc {
                    String prefix();

                    @Async default Task<String> hello(String n) { return Task.of(prefix() + await(decorate(n))); }

                    @Async private Task<String> decorate(String s) { return Task.of("<" + await(t(s)) + ">"); }

                    @Async static Task<Integer> twice(int x) { return Task.of(await(t(x)) * 2); }
                }

                class Inner {
                    int k = 5;
                    @Async Task<Integer> inner() { return Task.of(base + k + await(t(1))); }
                }

                static class Nested {
                    @Async static Task<Integer> nested() { return Task.of(await(t(40)) + 2); }
                }

                interface Job { Task<Integer> go(int v); }

                Task<Integer> anonymous(int b) {
                    Job j = new Job() {
                        @Async public Task<Integer> go(int v) { return Task.of(await(t(v)) + b + base); }
                    };
                    return j.go(1);
                }

                enum Op {
                    ADD { @Async Task<Integer> apply(int a, int b) { return Task.of(await(t(a)) + b); } },
                    MUL { @Async Task<Integer> apply(int a, int b) { return Task.of(await(t(a)) * await(t(b))); } };

                    abstract Task<Integer> apply(int a, int b);

                    @Async Task<String> describe() { return Task.of(name() + await(t(ordinal()))); }
                }

                record Point(int x, int y) {
                    @Async Task<Integer> sum() { return Task.of(x + await(t(y))); }
                    @Async static Task<Point> of(int v) { return Task.of(new Point(await(t(v)), v + 1)); }
                }

                static abstract class Base<T> {
                    abstract Task<T> get(T v);
                }

                static class Impl extends Base<String> {
                    @Async Task<String> get(String v) { return Task.of(await(t(v)) + v); }
                }

                // entry points: plain static methods returning the task of the method under test
                static Task<Integer> runInstance() { return new Kinds(10).instance(5); }
                static Task<Integer> runPrivate() { return new Kinds(1).priv(4); }
                static Task<Integer> runPrivateStatic() { return privStatic(4); }
                static Task<String> runGeneric() { return max("pear", "apple"); }
                static Task<Integer> runGenericInt() { return max(3, 9); }
                static Task<Integer> runVarargs() { return varargs(1, 2, 3, 4); }
                static Task<String> runVarargsObjects() { return varargsObjects(";", "a", 1, 'c'); }
                static Task<String> runDefault() { Svc s = () -> "hi "; return s.hello("bob"); }
                static Task<Integer> runInterfaceStatic() { return Svc.twice(21); }
                static Task<Integer> runInner() { return new Kinds(100).new Inner().inner(); }
                static Task<Integer> runNested() { return Nested.nested(); }
                static Task<Integer> runAnonymous() { return new Kinds(10).anonymous(100); }
                static Task<Integer> runLocal() {
                    int add = 1;
                    class Local {
                        final int m;
                        Local(int m) { this.m = m; }
                        @Async Task<Integer> go() { return Task.of(await(t(m)) * m + add); }
                    }
                    return new Local(7).go();
                }
                static Task<Integer> runEnumAdd() { return Op.ADD.apply(6, 7); }
                static Task<Integer> runEnumMul() { return Op.MUL.apply(6, 7); }
                static Task<String> runEnumMethod() { return Op.MUL.describe(); }
                static Task<Integer> runRecord() { return new Point(3, 4).sum(); }
                @Async static Task<String> recordToString() { return Task.of(await(Point.of(5)).toString()); }
                static Task<String> runBridge() { Base<String> b = new Impl(); return b.get("ab"); }
            """);

    @Override
    String className() {
        return "p.Kinds";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void instanceAndStaticMethods(Toolchain tc, Mode m) {
        assertEquals(15, (int) run(tc, m, "runInstance"));
        assertEquals(9, (int) run(tc, m, "runPrivate"));
        assertEquals(12, (int) run(tc, m, "runPrivateStatic"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void genericAndVarargsMethods(Toolchain tc, Mode m) {
        assertEquals("pear", run(tc, m, "runGeneric"));
        assertEquals(9, (int) run(tc, m, "runGenericInt"));
        assertEquals(410, (int) run(tc, m, "runVarargs"));
        assertEquals("a;1;c;", run(tc, m, "runVarargsObjects"));
        assertEquals(302, (int) run(tc, m, "varargs", (Object) new int[] {1, 1, 0}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void interfaceMethods(Toolchain tc, Mode m) {
        assertEquals("hi <bob>", run(tc, m, "runDefault"));
        assertEquals(42, (int) run(tc, m, "runInterfaceStatic"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void innerNestedAnonymousAndLocalClasses(Toolchain tc, Mode m) {
        assertEquals(106, (int) run(tc, m, "runInner"));
        assertEquals(42, (int) run(tc, m, "runNested"));
        assertEquals(111, (int) run(tc, m, "runAnonymous"));
        assertEquals(50, (int) run(tc, m, "runLocal"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void enumsAndRecords(Toolchain tc, Mode m) {
        assertEquals(13, (int) run(tc, m, "runEnumAdd"));
        assertEquals(42, (int) run(tc, m, "runEnumMul"));
        assertEquals("MUL1", run(tc, m, "runEnumMethod"));
        assertEquals(7, (int) run(tc, m, "runRecord"));
        assertEquals("Point[x=5, y=6]", run(tc, m, "recordToString"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void overrideReachedThroughABridge(Toolchain tc, Mode m) {
        assertEquals("abab", run(tc, m, "runBridge"));
    }
}
