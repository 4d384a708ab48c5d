package dev.weft.weaver.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.hostile.UninitializedShapes.Shape;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uninitialized objects (after {@code new}, before {@code <init>}) live across an await in shapes
 * other than javac's {@code new; dup}: each is woven, verifies, and gives the unwoven method's value
 * or failure with the awaited task done, pending and failing.
 */
public class UninitializedObjectsTest {
    private static final UninitializedShapes SHAPES = new UninitializedShapes("dev/weft/weaver/hostile/UninitializedObjectsTest");

    enum Mode { DONE, PENDING, FAILING }

    private static volatile Mode mode = Mode.DONE;

    /** The task every shape awaits: its value, done now or on the next loop turn, or failing so. */
    public static Task<Object> t(Object v) {
        switch (mode) {
            case DONE:
                return Task.of(v);
            case PENDING:
                return Weft.createTask(() -> Task.of(v));
            default:
                return Weft.createTask(() -> Task.failed(new IllegalArgumentException("no " + v)));
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Shape s : Shape.values()) {
            for (Mode m : Mode.values()) {
                b.add(Arguments.of(s, m));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void wovenAndRunLikeTheUnwovenMethod(Shape s, Mode m) {
        String name = "u/" + s.name();
        byte[] input = SHAPES.build(s, name);
        WeaveResult r = Hostile.weave(input);
        assertEquals(WeaveResult.Status.WOVEN, r.status(), r.diagnostics().toString());
        Class<?> c = Hostile.load(name, r);
        mode = m;
        try {
            if (m == Mode.FAILING) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hostile.run(c));
                assertEquals("no " + s.firstAwaited, e.getMessage());
            } else {
                assertEquals(s.expected, Hostile.run(c));
            }
        } finally {
            mode = Mode.DONE;
        }
    }

    @Test
    void comparingAnUninitializedObjectIsRefusedNamingTheShape() {
        byte[] input = SHAPES.comparedWithNull("u/Compared");
        WeaveResult r = Hostile.weave(input);
        Hostile.assertClearFailure(r, input);
        Hostile.assertMessageContains(r, "the uninitialized object of 'new StringBuilder' is used by ifnonnull"
                + " while an await() is pending before its constructor call");
    }
}
