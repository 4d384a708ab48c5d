package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may call {@link Weft#await}: the weaver rewrites it into a resumable
 * state machine. The method must return {@link Task}, {@link java.util.concurrent.CompletionStage}
 * or {@link java.util.concurrent.CompletableFuture}.
 *
 * <pre>{@code
 * @Async Task<String> fetch(String name) {
 *     await(sleep(Duration.ofSeconds(1)));
 *     return Task.of(name + " data");
 * }
 * }</pre>
 *
 * <p>Calling the method runs it at once until its first real suspension and then returns its task;
 * it never throws at the call site: an exception thrown in it fails the task.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
