package it.shapes.geo;

public final class Square extends AbstractShape {
    public Square(int side) {
        super("square", side);
    }
}
