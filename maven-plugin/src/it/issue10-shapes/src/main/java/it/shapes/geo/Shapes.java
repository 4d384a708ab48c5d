package it.shapes.geo;

public final class Shapes {
    private Shapes() {
    }

    /** A public method whose declared return type is package-private. */
    public static AbstractShape unit() {
        return new Square(1);
    }
}
