package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Awaits inside expressions, so that values sit on the operand stack across the suspension: call
 * arguments, string concatenation (invokedynamic from javac 9+, StringBuilder at --release 8 and in
 * ecj 8), array initializers and indexes, compound assignments, constructor arguments (uninitialized
 * objects on the stack), {@code this}, arrays and nulls on the stack.
 */
class ExpressionShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Expressions", """
                final int base;
                int field;

                Expressions(int base) { this.base = base; }

                static int add3(int a, int b, int c) { return a * 100 + b * 10 + c; }

                static boolean bothNull(Object a, Object b, Object c) { return a == null && b != null && c == null; }

                @Async static Task<Integer> callArguments() {
                    return Task.of(add3(1, await(t(2)), add3(0, 0, await(t(3)))));
                }

                @Async static Task<String> concat(int x) {
                    String name = "n";
                    String s = name + ":" + await(t(x)) + "/" + await(t("s")) + x + 'c' + 1.5 + true + await(t('z')) + 7L;
                    return Task.of(s);
                }

                @Async static Task<String> concatWithWideValues(long l, double d) {
                    String s = "l=" + l + ",d=" + d + ",a=" + await(t(l * 2)) + "," + (d + await(t(0.25))) + "," + l;
                    return Task.of(s);
                }

                @Async static Task<Integer> arrayInitializers() {
                    int[] a = { 1, await(t(2)), 3, await(t(4)) };
                    int[][] m = { { await(t(5)) }, a };
                    String[] s = new String[] { "x", await(t("y")) };
                    return Task.of(a[0] + a[1] * 10 + a[2] * 100 + a[3] * 1000 + m[0][0] * 10000 + m[1].length * 100000
                            + s[1].length() * 1000000);
                }

                @Async static Task<Integer> arrayIndexes() {
                    int[] a = { 10, 20, 30 };
                    int r = a[await(t(2))] + a[await(t(0))];
                    a[await(t(1))] = await(t(7));
                    return Task.of(r * 100 + a[1]);
                }

                @Async static Task<Long> compoundAssignments() {
                    int x = 5;
                    x += await(t(3));
                    x *= await(t(2));
                    int[] a = { 2, 3 };
                    int i = 1;
                    a[i] *= await(t(4));
                    a[await(t(0))] += 10;
                    long l = 1;
                    l <<= await(t(4));
                    long[] la = { 5L };
                    la[0] -= await(t(2L));
                    String s = "s";
                    s += await(t("t"));
                    return Task.of(x * 1000L + a[0] * 100L + a[1] + l * 1000000L + la[0] * 100000000L + s.length() * 10000000000L);
                }

                @Async Task<Integer> fieldCompound() {
                    field = base;
                    field += await(t(3));
                    this.field *= await(t(2));
                    return Task.of(field);
                }

                static Task<Integer> runFieldCompound() { return new Expressions(7).fieldCompound(); }

                int plus(int x) { return base + x; }

                @Async Task<Integer> thisOnStack() {
                    return Task.of(this.plus(await(t(5))) * 10 + plus(await(t(1))));
                }

                static Task<Integer> runThisOnStack() { return new Expressions(7).thisOnStack(); }

                @Async static Task<String> newWithAwait() {
                    Pair p = new Pair("a", await(t("b")));
                    return Task.of(p.toString());
                }

                @Async static Task<String> nestedNew() {
                    Pair p = new Pair(new Box(await(t(1))), await(t(2)));
                    Pair q = new Pair(new Pair(await(t("x")), new Box(new Box(await(t("y"))))), "z");
                    return Task.of(p + ";" + q);
                }

                @Async static Task<String> newInCallArgument() {
                    return Task.of(String.valueOf(new StringBuilder(await(t("ab"))).append(await(t(3)))));
                }

                @Async static Task<String> newWithPrimitives(long a) {
                    Wide w = new Wide(a, await(t(2.5)), (short) 3, await(t('c')), a + 1);
                    return Task.of(w.toString());
                }

                @Async static Task<String> arrayOnStack() {
                    String[] arr = { "x", "y", "z" };
                    return Task.of(arr[await(t(1))] + arr.length);
                }

                @Async static Task<Boolean> nullOnStack() {
                    String s = null;
                    Object o = await(t("v"));
                    boolean r = s == null && bothNull(null, await(t("w")), s);
                    return Task.of(r && o != null);
                }

                @Async static Task<Integer> castsAndInstanceof() {
                    Object o = await(t((Object) "str"));
                    return Task.of(((String) o).length() + (o instanceof String ? await(t(10)) : 0));
                }

                @Async static Task<Integer> awaitAsReceiver() {
                    return Task.of(await(t("hello")).length() + await(t(new int[] { 1, 2 })).length);
                }
            """, """
            class Pair {
                final Object a, b;
                Pair(Object a, Object b) { this.a = a; this.b = b; }
                public String toString() { return "(" + a + "," + b + ")"; }
            }
            class Box {
                final Object v;
                Box(Object v) { this.v = v; }
                public String toString() { return "[" + v + "]"; }
            }
            class Wide {
                final String s;
                Wide(long a, double b, short c, char d, long e) { s = a + "," + b + "," + c + "," + d + "," + e; }
                public String toString() { return s; }
            }
            """);

    @Override
    String className() {
        return "p.Expressions";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(everyRelease());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInCallArguments(Toolchain tc, Mode m) {
        assertEquals(123, (int) run(tc, m, "callArguments"));
        assertEquals(7, (int) run(tc, m, "awaitAsReceiver"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInStringConcatenation(Toolchain tc, Mode m) {
        assertEquals("n:7/s7c1.5truez7", run(tc, m, "concat", 7));
        assertEquals("l=3,d=0.5,a=6,0.75,3", run(tc, m, "concatWithWideValues", 3L, 0.5));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInArrays(Toolchain tc, Mode m) {
        assertEquals(1454321, (int) run(tc, m, "arrayInitializers"));
        assertEquals(4007, (int) run(tc, m, "arrayIndexes"));
        assertEquals("y3", run(tc, m, "arrayOnStack"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInCompoundAssignments(Toolchain tc, Mode m) {
        // x = (5 + 3) * 2 = 16; a = {12, 12}; l = 16; la = {3}; s = "st"
        long expected = 16 * 1000L + 12 * 100L + 12 + 16 * 1000000L + 3 * 100000000L + 2 * 10000000000L;
        assertEquals(expected, (long) run(tc, m, "compoundAssignments"));
        assertEquals(20, (int) run(tc, m, "runFieldCompound"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void thisOnTheStack(Toolchain tc, Mode m) {
        assertEquals(128, (int) run(tc, m, "runThisOnStack"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void uninitializedObjectsOnTheStack(Toolchain tc, Mode m) {
        assertEquals("(a,b)", run(tc, m, "newWithAwait"));
        assertEquals("([1],2);((x,[[y]]),z)", run(tc, m, "nestedNew"));
        assertEquals("ab3", run(tc, m, "newInCallArgument"));
        assertEquals("4,2.5,3,c,5", run(tc, m, "newWithPrimitives", 4L));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void nullsAndCastsOnTheStack(Toolchain tc, Mode m) {
        assertTrue((boolean) run(tc, m, "nullOnStack"));
        assertEquals(13, (int) run(tc, m, "castsAndInstanceof"));
    }
}
