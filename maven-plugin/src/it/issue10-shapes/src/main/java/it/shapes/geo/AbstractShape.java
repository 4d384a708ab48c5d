package it.shapes.geo;

/** Package-private: code outside it.shapes.geo may not name it, woven code included. */
abstract class AbstractShape implements Shape {
    private final String name;
    private final int size;

    AbstractShape(String name, int size) {
        this.name = name;
        this.size = size;
    }

    @Override
    public String describe(int scale) {
        return name + " " + size * scale;
    }

    @Override
    public String toString() {
        return name + "(" + size + ")";
    }
}
