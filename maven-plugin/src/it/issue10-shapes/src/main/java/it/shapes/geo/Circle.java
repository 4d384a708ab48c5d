package it.shapes.geo;

public final class Circle extends AbstractShape {
    public Circle(int radius) {
        super("circle", radius);
    }
}
