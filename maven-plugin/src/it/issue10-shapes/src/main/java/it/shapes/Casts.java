package it.shapes;

import static dev.weft.Weft.await;
import static it.shapes.Main.value;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import it.shapes.geo.Circle;
import it.shapes.geo.Shape;
import it.shapes.geo.Shapes;
import it.shapes.geo.Square;

/** Item 5: values whose inferred type the woven class may not name, live across an await. */
final class Casts {
    private Casts() {
    }

    /** Inferred type java.lang.AbstractStringBuilder, package-private in java.base. */
    @Async
    static Task<String> appendable(boolean fast) {
        Appendable out = fast ? new StringBuilder("x") : new StringBuffer("y");
        String v = await(value("1"));
        return Task.of(out.toString() + v);
    }

    /** Inferred type it.shapes.geo.AbstractShape, package-private in another package. */
    @Async
    static Task<String> shape(boolean round) {
        Shape s = round ? new Circle(2) : new Square(3);
        int scale = await(value(10));
        return Task.of(s.describe(scale));
    }

    /** The declared return type of Shapes.unit() is package-private in another package. */
    @Async
    static Task<String> packagePrivateReturn() {
        Object unit = Shapes.unit();
        String v = await(value("!"));
        return Task.of(unit + v);
    }
}
