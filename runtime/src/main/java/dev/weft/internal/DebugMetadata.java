package dev.weft.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The debug table the weaver writes on every frame class it generates, for debuggers, profilers and
 * other tools, and read by the runtime for async stack traces and task dumps (the role Kotlin's
 * {@code @DebugMetadata} plays for its continuations).
 *
 * <p>A frame class (a {@link Coroutine} subclass named {@code Owner$weft$method$N}) holds the values of
 * one suspended invocation of the woven method {@link #declaringClass()}{@code .}{@link #method()}. The
 * invocation is suspended at suspension point {@code Coroutine.label} (1-based: the first
 * {@code await} in the method's bytecode is 1); entry {@code label - 1} of {@link #awaitLines()} and
 * {@link #nextLines()} describes it. The locals saved at suspension point {@code p} are the entries
 * {@code j} with {@code localPoints()[j] == p}: local {@code localNames()[j]} (declared type
 * {@code localDescriptors()[j]}) is held in the frame's field {@code localFields()[j]} while the
 * invocation is suspended there. The receiver is named {@code this} and held in the field
 * {@code self}. A local the method no longer reads after an await is listed only when the class was
 * woven with every local kept (the plugin's {@code keepLocals}, the agent's {@code keepLocals}).
 *
 * <p>The arrays of one kind have equal lengths; a line is 0 where the class has no line numbers.
 * The table is not part of the runtime contract (see the package): a runtime that does not know it
 * ignores it, and a tool must check {@link #version()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DebugMetadata {
    /**
     * The layout of this table; 1 for the one described here.
     *
     * @return the table's version
     */
    int version();

    /**
     * The source file of the woven method, as its class names it ({@code Fetcher.java}), or "".
     *
     * @return the source file name
     */
    String sourceFile();

    /**
     * The binary name of the class that declares the woven method ({@code app.Fetcher}).
     *
     * @return the declaring class
     */
    String declaringClass();

    /**
     * The woven method's name ({@code fetchData}; {@code lambda$main$0} for a lambda body).
     *
     * @return the method name
     */
    String method();

    /**
     * The woven method's descriptor as the user's class declares it.
     *
     * @return the method descriptor
     */
    String descriptor();

    /**
     * For each suspension point, the source line of its {@code await}.
     *
     * @return the await lines, by label - 1
     */
    int[] awaitLines();

    /**
     * For each suspension point, the first source line after the await's own line that the method
     * reaches next (where a debugger stepping over the await would stop), or 0 if none.
     *
     * @return the next lines, by label - 1
     */
    int[] nextLines();

    /**
     * For each saved local, the suspension point (label) it belongs to.
     *
     * @return the labels of the local entries
     */
    int[] localPoints();

    /**
     * For each saved local, its source name ({@code this} for the receiver).
     *
     * @return the local names
     */
    String[] localNames();

    /**
     * For each saved local, the descriptor of its declared type ({@code I}, {@code Ljava/lang/String;}).
     *
     * @return the local type descriptors
     */
    String[] localDescriptors();

    /**
     * For each saved local, the name of the frame field that holds it while suspended at its point.
     *
     * @return the field names
     */
    String[] localFields();
}
