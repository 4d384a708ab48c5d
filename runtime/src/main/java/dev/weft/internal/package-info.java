/**
 * Not API: the binary contract woven code links against, version {@value dev.weft.internal.Contract#VERSION}.
 * Users never call anything here; the weaver writes the calls.
 *
 * <p>The contract is what a woven class file names of the runtime: the frame base class
 * {@link dev.weft.internal.Coroutine} (its constructor, {@code label}, {@code step()},
 * {@code method()}, {@code suspend}, {@code resumeValue}, {@code suspendedFuture}, and the static
 * {@code isDone}, {@code valueOf}, {@code failedTask}, {@code failedFuture}, and since contract 2
 * {@code sleepAwaited}, which an {@code await(sleep(d))} calls instead of {@code Weft.sleep}, and
 * since contract 3 {@code returned}, which a {@code return Task.of(x)} calls instead of
 * {@code Task.of}; since contract 4 a frame is the {@code Supplier} of its own task, {@code get}, which
 * {@code createTask} calls on a frame woven code made for it), the marker
 * {@link dev.weft.internal.Woven}, and {@link dev.weft.internal.Contract#check}, which every woven
 * class's static initializer calls first with the version it was woven for (besides the public API
 * of {@code dev.weft} that the user's own code calls).
 *
 * <p>Compatibility: a class woven for contract N runs unchanged on every runtime implementing N,
 * whatever Weft version wove it. A runtime that changes a member above implements a new contract
 * version; one that only adds members (contract 2 added {@code sleepAwaited} to 1, contract 3 {@code returned} to 2, contract 4 {@code get} to 3) also implements
 * the versions before ({@code Contract.OLDEST} to {@code Contract.VERSION}). It refuses a class woven for a version it does not implement with an
 * {@link java.lang.IncompatibleClassChangeError} that names the class, both versions and what to do
 * (weave it again, or use a matching runtime), instead of failing at the class's first await.
 * {@code Contract.check(int, Class)} itself never changes. The JVM verifies a class before it runs
 * its static initializer, so a runtime that drops a contract keeps the classes that contract's woven
 * code names loadable (members may go), or the JVM's own {@code NoClassDefFoundError} comes first.
 *
 * <p>How the frame reaches the runtime's internals: a frame subclasses {@link dev.weft.Task}, which
 * lives in {@code dev.weft}, and must stay one object that is its own task, its own completion and
 * its own entry in its loop's queue (frames are resumed millions of times a second, so no adapter
 * object per frame or per suspension). So:
 * <ul>
 *   <li>the runtime calls the frame through protected hooks that {@code Task} declares (hidden from
 *       its documentation) and {@code Coroutine} overrides: {@code awaitedDone}, {@code resumeHere},
 *       {@code dropPendingCancel}, {@code describe}. Nothing about them is public, and {@code Task}'s
 *       one protected constructor refuses every caller but {@code Coroutine}, so users can neither
 *       call the hooks nor subclass {@code Task};</li>
 *   <li>the frame calls the runtime's package-private internals (the event loop, its trampoline,
 *       kept cancellations, debug state) through {@link dev.weft.internal.RuntimeAccess}, as the JDK
 *       does with its {@code SharedSecrets}: an abstract class here whose one implementation lives
 *       package-private in {@code dev.weft} and is installed when {@code Task} is initialized, before
 *       any frame. It is not part of the contract: woven code never calls it.</li>
 * </ul>
 */
package dev.weft.internal;
