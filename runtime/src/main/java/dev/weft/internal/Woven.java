package dev.weft.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the weaver on every class it wove and on the frame classes it generated: a class carrying
 * it is woven already and is left alone. Not for users.
 *
 * <p>{@link #contract()} records the version of the binary contract the class was woven for (see
 * {@link Contract}); the woven class's static initializer hands the same number to
 * {@link Contract#check}, which refuses the class on a runtime that does not implement it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Woven {
    /** The contract version the class was woven for: {@link Contract#VERSION} of the weaver's runtime. */
    int contract();
}
