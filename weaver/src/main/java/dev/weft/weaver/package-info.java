/**
 * The weaver: class file bytes in, woven class file bytes and diagnostics out. Each
 * {@code @Async} method (and each lambda that awaits and returns a task) becomes a resumable state
 * machine: a frame class beside it holds the locals across awaits, and the method resumes where it
 * suspended. The Maven plugin and the agent both call {@link dev.weft.weaver.Weaver}, so they
 * produce the same bytes; tools that weave classes another way use it the same way.
 *
 * <pre>{@code
 * Weaver weaver = new Weaver(ClassBytesLookup.ofClassLoader(loader));
 * WeaveResult r = weaver.weave(classBytes);
 * r.diagnostics().forEach(System.err::println);     // Foo.java:42: error: ...; hint
 * if (r.isWoven()) { write(r.bytes()); r.generatedClasses().forEach(this::write); }
 * }</pre>
 *
 * <p>The weaver never changes what a class means: a method it cannot weave faithfully (such as an
 * await inside {@code synchronized}) is refused with a {@link dev.weft.weaver.Diagnostic} naming the
 * source file and line, and the class is left as it was. It loads no classes: it learns the type
 * hierarchy from class files found through a {@link dev.weft.weaver.ClassBytesLookup}.
 */
package dev.weft.weaver;
