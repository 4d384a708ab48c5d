package dev.weft.runtime.conformance;

/** The scenarios' own failure, the twin of {@code harness.Boom}; traced as {@code Boom(message)}. */
final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom(String message) {
        super(message);
    }
}
