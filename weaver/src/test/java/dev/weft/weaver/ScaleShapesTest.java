package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.WovenProgram;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Size: async recursion, a method with 120 awaits, a method with 60 live locals of mixed types. The
 * generated methods have plain twins (await(t(x)) replaced by id(x)) that give the expected values.
 */
class ScaleShapesTest extends ShapeTestSupport {
    static final int AWAITS = 120;
    static final int LOCALS = 60;

    static final String SOURCE = source("Scale", """
                @Async static Task<Integer> fib(int n) {
                    int z = await(t(0));
                    if (n < 2) return Task.of(n + z);
                    int a = await(fib(n - 1));
                    int b = await(fib(n - 2));
                    return Task.of(a + b);
                }
            """ + manyAwaits(true) + manyAwaits(false) + manyLocals(true) + manyLocals(false));

    /** 120 awaits in one method, some several to a statement, with ints and longs live across them. */
    static String manyAwaits(boolean async) {
        StringBuilder b = new StringBuilder();
        b.append("    ").append(async ? "@Async static Task<Long> manyAwaits()" : "static Task<Long> manyAwaitsPlain()")
                .append(" {\n        int s = 1; long l = 7;\n");
        int n = 0;
        while (n < AWAITS) {
            String v1 = async ? "await(t(" + n + "))" : "id(" + n + ")";
            if (n % 3 == 2 && n + 1 < AWAITS) {
                String v2 = async ? "await(t(" + (n + 1) + "L))" : "id(" + (n + 1) + "L)";
                b.append("        l = l * 3 + ").append(v1).append(" * ").append(v2).append(" + s;\n");
                n += 2;
            } else {
                b.append("        s = s * 31 + ").append(v1).append(";\n");
                n++;
            }
        }
        b.append("        return Task.of(l ^ s);\n    }\n");
        return b.toString();
    }

    /** 60 locals of ten types, declared between awaits, all live until the end. */
    static String manyLocals(boolean async) {
        String[] types = {"int", "long", "double", "String", "boolean", "float", "char", "short", "byte", "Object"};
        StringBuilder b = new StringBuilder();
        b.append("    ").append(async ? "@Async static Task<String> manyLocals()" : "static Task<String> manyLocalsPlain()")
                .append(" {\n");
        for (int k = 0; k < LOCALS; k++) {
            String type = types[k % types.length];
            String value;
            switch (type) {
                case "int": value = k + " * 1000"; break;
                case "long": value = k + "L << 40"; break;
                case "double": value = k + " / 4.0"; break;
                case "String": value = "\"s" + k + "\""; break;
                case "boolean": value = (k % 4 == 0) + ""; break;
                case "float": value = k + " / 8f"; break;
                case "char": value = "(char) ('A' + " + (k % 26) + ")"; break;
                case "short": value = "(short) -" + k; break;
                case "byte": value = "(byte) " + (k * 7 % 128); break;
                default: value = "Integer.valueOf(" + k + ")"; break;
            }
            if (k % 4 == 1) {
                // the value itself is awaited
                String boxedCast = type.equals("Object") ? "(Object) " : "";
                value = async ? "await(t(" + boxedCast + "(" + type + ") (" + value + ")))" : "id((" + type + ") (" + value + "))";
            }
            b.append("        ").append(type).append(" v").append(k).append(" = ").append(value).append(";\n");
            if (k % 7 == 3) {
                b.append("        ").append(async ? "await(t(0));" : "id(0);").append("\n");
            }
        }
        b.append("        StringBuilder b = new StringBuilder(").append(async ? "await(t(\"<\"))" : "id(\"<\")").append(");\n");
        for (int k = 0; k < LOCALS; k++) {
            b.append("        b.append(v").append(k).append(").append(',');\n");
        }
        b.append("        return Task.of(b.toString());\n    }\n");
        return b.toString();
    }

    @Override
    String className() {
        return "p.Scale";
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
    void asyncRecursion(Toolchain tc, Mode m) {
        assertEquals(610, (int) run(tc, m, "fib", 15));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void manyAwaitsInOneMethod(Toolchain tc, Mode m) {
        WovenProgram plain = WovenProgram.builder().source(className(), SOURCE).weave(false).buildCached();
        long expected = (long) plain.run(className(), "manyAwaitsPlain");
        assertEquals(expected, (long) run(tc, m, "manyAwaits"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void manyLiveLocalsOfMixedTypes(Toolchain tc, Mode m) {
        WovenProgram plain = WovenProgram.builder().source(className(), SOURCE).weave(false).buildCached();
        String expected = plain.run(className(), "manyLocalsPlain");
        assertEquals(expected, run(tc, m, "manyLocals"));
    }
}
