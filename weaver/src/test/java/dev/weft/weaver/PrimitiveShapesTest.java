package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every primitive type, live in locals and on the operand stack across awaits, saved without loss. */
class PrimitiveShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Primitives", """
                static String fmt(boolean z, byte b, char c, short s, int i, long l, float f, double d, String tail) {
                    return "" + z + b + c + s + i + l + f + d + tail;
                }

                @Async static Task<String> locals() {
                    boolean z = true; byte b = 1; char c = 'c'; short s = 300; int i = 70000;
                    long l = 1L << 40; float f = 1.5f; double d = 2.25;
                    Object o = await(t("o"));
                    z = z && await(t(true));
                    b += await(t((byte) 2));
                    c += await(t(1));
                    s += await(t((short) 5));
                    i += await(t(1));
                    l += await(t(5L));
                    f *= await(t(2f));
                    d += await(t(0.5));
                    return Task.of(z + "," + b + "," + c + "," + s + "," + i + "," + l + "," + f + "," + d + "," + o);
                }

                @Async static Task<Long> longOnStack(long l1) {
                    long r = l1 + await(t(4L)) * 3L;
                    return Task.of(r + l1);
                }

                @Async static Task<Double> doubleOnStack(double d1) {
                    double r = d1 * (await(t(2.0)) + 0.5);
                    return Task.of(r + d1);
                }

                @Async static Task<Float> floatOnStack(float f1) {
                    float r = f1 / await(t(4f));
                    return Task.of(r + f1);
                }

                @Async static Task<Double> mixedWide() {
                    long a = 3; double b = 0.5; int c = 2;
                    double r = a * (b + c * (await(t(4L)) + a));
                    return Task.of(r);
                }

                @Async static Task<String> allOnStack() {
                    return Task.of(fmt(true, (byte) 1, 'x', (short) 2, 3, 4L, 5f, 6.0, await(t("!"))));
                }

                @Async static Task<String> awaitedIntoEveryType() {
                    return Task.of(fmt(await(t(false)), await(t((byte) -1)), await(t('q')), await(t((short) -2)),
                            await(t(-3)), await(t(-4L)), await(t(-5f)), await(t(-6.0)), "?"));
                }

                @Async static Task<String> specialValues() {
                    float f = -0.0f; double n = Double.NaN; long m = Long.MIN_VALUE; int k = Integer.MIN_VALUE;
                    char ch = '\\uffff'; byte b = Byte.MIN_VALUE; short sh = Short.MAX_VALUE; double inf = Double.NEGATIVE_INFINITY;
                    await(t(0));
                    return Task.of("" + (1 / f) + "," + n + "," + m + "," + k + "," + (int) ch + "," + b + "," + sh + "," + inf);
                }

                @Async static Task<Integer> primitiveArrays() {
                    byte[] b = { 1 }; char[] c = { 'a' }; short[] s = { 2 }; long[] l = { 3 }; float[] f = { 4 };
                    double[] d = { 5 }; boolean[] z = { true };
                    int r = await(t(0));
                    b[r] += await(t((byte) 1)); c[r]++; s[r] *= await(t((short) 3)); l[r] <<= await(t(1));
                    f[r] /= await(t(2f)); d[r] -= await(t(1.0)); z[r] ^= await(t(true));
                    return Task.of(b[0] + c[0] + s[0] + (int) l[0] + (int) f[0] + (int) d[0] + (z[0] ? 1000 : 0));
                }
            """);

    @Override
    String className() {
        return "p.Primitives";
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
    void everyPrimitiveInLocals(Toolchain tc, Mode m) {
        assertEquals("true,3,d,305,70001,1099511627781,3.0,2.75,o", run(tc, m, "locals"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void wideValuesOnTheStack(Toolchain tc, Mode m) {
        assertEquals(32L, (long) run(tc, m, "longOnStack", 10L));
        assertEquals(14.0, (double) run(tc, m, "doubleOnStack", 4.0));
        assertEquals(7.5f, (float) run(tc, m, "floatOnStack", 6f));
        assertEquals(43.5, (double) run(tc, m, "mixedWide"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyPrimitiveOnTheStack(Toolchain tc, Mode m) {
        assertEquals("true1x2345.06.0!", run(tc, m, "allOnStack"));
        assertEquals("false-1q-2-3-4-5.0-6.0?", run(tc, m, "awaitedIntoEveryType"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void specialValuesSurviveExactly(Toolchain tc, Mode m) {
        assertEquals("-Infinity,NaN,-9223372036854775808,-2147483648,65535,-128,32767,-Infinity",
                run(tc, m, "specialValues"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void primitiveArrays(Toolchain tc, Mode m) {
        // b=2, c='b'=98, s=6, l=6, f=2, d=4, z=false
        assertEquals(2 + 98 + 6 + 6 + 2 + 4, (int) run(tc, m, "primitiveArrays"));
    }
}
