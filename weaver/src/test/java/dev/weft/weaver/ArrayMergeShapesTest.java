package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays of different dimensions and element kinds joined by a conditional and live across an
 * await, in a local and on the operand stack: the inferred type (restored with a cast) keeps every
 * dimension the JVM keeps. An array of primitives is an Object, so String[] and int[][] join as
 * Object[], String[][] and int[][][] as Object[][], int[][] and long[][] as Object[], int[] and
 * String[] as Object.
 */
class ArrayMergeShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("ArrayMerges", """
                @Async static Task<String> stringsOrIntRowsInALocal(boolean c) {
                    Object[] rows = c ? new String[] {"a"} : new int[][] {{1}};
                    int k = await(t(1));
                    return Task.of(rows.length + k + ":" + rows[0].getClass().getSimpleName());
                }

                @Async static Task<String> stringRowsOrIntCubesInALocal(boolean c) {
                    Object[][] rows = c ? new String[][] {{"a", "b"}} : new int[][][] {{{1}}, {{2}}};
                    int k = await(t(1));
                    return Task.of(rows.length + k + ":" + rows[0].length + rows[0][0].getClass().getSimpleName());
                }

                @Async static Task<String> intRowsOrLongRowsInALocal(boolean c) {
                    Object[] rows = c ? new int[][] {{1}, {2}} : new long[][] {{3L}};
                    int k = await(t(1));
                    return Task.of(rows.length + k + ":" + rows[0].getClass().getSimpleName());
                }

                @Async static Task<String> intsOrStringsInALocal(boolean c) {
                    Object any = c ? new int[] {1, 2} : new String[] {"x"};
                    int k = await(t(1));
                    return Task.of(k + ":" + any.getClass().getSimpleName());
                }

                @Async static Task<String> integerRowsOrStringsInALocal(boolean c) {
                    Object[] rows = c ? new Integer[][] {{7}} : new String[] {"s"};
                    int k = await(t(1));
                    return Task.of(rows.length + k + ":" + rows[0].getClass().getSimpleName());
                }

                static String describe(Object[] rows, int k) {
                    return rows.length + k + ":" + rows[0].getClass().getSimpleName();
                }

                static String describe2(Object[][] rows, int k) {
                    return rows.length + k + ":" + rows[0].getClass().getSimpleName();
                }

                @Async static Task<String> stringsOrIntRowsOnTheStack(boolean c) {
                    return Task.of(describe(c ? new String[] {"a"} : new int[][] {{1}, {2}}, await(t(1))));
                }

                @Async static Task<String> stringRowsOrIntCubesOnTheStack(boolean c) {
                    return Task.of(describe2(c ? new String[][] {{"a"}} : new int[][][] {{{1}}}, await(t(1))));
                }
            """);

    @Override
    String className() {
        return "p.ArrayMerges";
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
    void stringsOrIntRowsInALocalStayAnObjectArray(Toolchain tc, Mode m) {
        assertEquals("2:String", run(tc, m, "stringsOrIntRowsInALocal", true));
        assertEquals("2:int[]", run(tc, m, "stringsOrIntRowsInALocal", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void stringRowsOrIntCubesInALocalStayAnObjectArrayOfArrays(Toolchain tc, Mode m) {
        assertEquals("2:2String", run(tc, m, "stringRowsOrIntCubesInALocal", true));
        assertEquals("3:1int[]", run(tc, m, "stringRowsOrIntCubesInALocal", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void intRowsOrLongRowsInALocalStayAnObjectArray(Toolchain tc, Mode m) {
        assertEquals("3:int[]", run(tc, m, "intRowsOrLongRowsInALocal", true));
        assertEquals("2:long[]", run(tc, m, "intRowsOrLongRowsInALocal", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void intsOrStringsInALocalAreAnObject(Toolchain tc, Mode m) {
        assertEquals("1:int[]", run(tc, m, "intsOrStringsInALocal", true));
        assertEquals("1:String[]", run(tc, m, "intsOrStringsInALocal", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void integerRowsOrStringsInALocalStayAnObjectArray(Toolchain tc, Mode m) {
        assertEquals("2:Integer[]", run(tc, m, "integerRowsOrStringsInALocal", true));
        assertEquals("2:String", run(tc, m, "integerRowsOrStringsInALocal", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void arraysOfDifferentDimensionsOnTheOperandStack(Toolchain tc, Mode m) {
        assertEquals("2:String", run(tc, m, "stringsOrIntRowsOnTheStack", true));
        assertEquals("3:int[]", run(tc, m, "stringsOrIntRowsOnTheStack", false));
        assertEquals("2:String[]", run(tc, m, "stringRowsOrIntCubesOnTheStack", true));
        assertEquals("2:int[][]", run(tc, m, "stringRowsOrIntCubesOnTheStack", false));
    }
}
