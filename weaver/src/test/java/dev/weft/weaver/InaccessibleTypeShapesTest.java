package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.WovenProgram;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values live across an await whose inferred type is a class the woven class may not name: the
 * merge of StringBuilder and StringBuffer (java.lang.AbstractStringBuilder, package-private), of a
 * library's public Circle and Square (over its package-private AbstractShape), and a public method's
 * package-private return type. Restoring them casts to the nearest superclass the woven class may
 * name, never to the inaccessible one (an IllegalAccessError at the resume).
 */
class InaccessibleTypeShapesTest extends ShapeTestSupport {
    static final Map<String, String> LIBRARY = Map.of(
            "lib.Shape", "package lib;\npublic interface Shape { String area(); }\n",
            "lib.Base", "package lib;\npublic class Base { public String base() { return \"base\"; } }\n",
            "lib.AbstractShape", "package lib;\nabstract class AbstractShape extends Base implements Shape {\n"
                    + "    public String area() { return getClass().getSimpleName() + \" area\"; }\n}\n",
            "lib.Circle", "package lib;\npublic class Circle extends AbstractShape { }\n",
            "lib.Square", "package lib;\npublic class Square extends AbstractShape { }\n",
            "lib.Factory", "package lib;\npublic class Factory {\n"
                    + "    public static AbstractShape make(boolean round) { return round ? new Circle() : new Square(); }\n"
                    + "    public static AbstractShape[] many() { return new AbstractShape[] {new Circle(), new Square()}; }\n}\n");

    static final String SOURCE = source("Access", """
                @Async static Task<String> builderOrBuffer(boolean fast) throws java.io.IOException {
                    Appendable out = fast ? new StringBuilder("x") : new StringBuffer("y");
                    String more = await(t("z"));
                    out.append(more);
                    return Task.of(out.toString());
                }

                @Async static Task<String> circleOrSquareAsAnInterface(boolean round) {
                    lib.Shape s = round ? new lib.Circle() : new lib.Square();
                    String at = await(t(" @1"));
                    return Task.of(s.area() + at);
                }

                @Async static Task<String> circleOrSquareAsAPublicSuperclass(boolean round) {
                    lib.Base b = round ? new lib.Circle() : new lib.Square();
                    String at = await(t(" @2"));
                    return Task.of(b.base() + " " + b.getClass().getSimpleName() + at);
                }

                @Async static Task<String> packagePrivateReturnType(boolean round) {
                    lib.Shape s = lib.Factory.make(round);
                    String at = await(t(" @3"));
                    return Task.of(s.area() + at);
                }

                @Async static Task<String> packagePrivateArrayOnTheStack() {
                    return Task.of(join(lib.Factory.many(), await(t(" @4"))));
                }

                static String join(lib.Shape[] shapes, String at) {
                    return shapes[0].area() + ", " + shapes[1].area() + at;
                }
            """);

    @Override
    String className() {
        return "p.Access";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    @Override
    WovenProgram woven(Toolchain tc) {
        WovenProgram.Builder b = WovenProgram.builder().compiler(tc.compiler()).release(tc.release()).source(className(), SOURCE);
        LIBRARY.forEach(b::source);
        return b.buildCached();
    }

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aStringBuilderOrStringBufferIsRestoredAsAnObject(Toolchain tc, Mode m) {
        assertEquals("xz", run(tc, m, "builderOrBuffer", true));
        assertEquals("yz", run(tc, m, "builderOrBuffer", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void publicShapesOverAPackagePrivateClassAreRestoredAsTheirPublicSuperclass(Toolchain tc, Mode m) {
        assertEquals("Circle area @1", run(tc, m, "circleOrSquareAsAnInterface", true));
        assertEquals("Square area @1", run(tc, m, "circleOrSquareAsAnInterface", false));
        assertEquals("base Circle @2", run(tc, m, "circleOrSquareAsAPublicSuperclass", true));
        assertEquals("base Square @2", run(tc, m, "circleOrSquareAsAPublicSuperclass", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aPackagePrivateReturnTypeIsRestoredAsItsPublicSuperclass(Toolchain tc, Mode m) {
        assertEquals("Circle area @3", run(tc, m, "packagePrivateReturnType", true));
        assertEquals("Square area @3", run(tc, m, "packagePrivateReturnType", false));
        assertEquals("Circle area, Square area @4", run(tc, m, "packagePrivateArrayOnTheStack"));
    }
}
