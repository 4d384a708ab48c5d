package it.shapes.geo;

/** The public face of the shapes; their common class is package-private. */
public interface Shape {
    String describe(int scale);
}
