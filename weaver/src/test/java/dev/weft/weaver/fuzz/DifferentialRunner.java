package dev.weft.weaver.fuzz;

import dev.weft.Weft;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.harness.ChildFirstClassLoader;
import dev.weft.weaver.harness.ClassVerifier;
import dev.weft.weaver.harness.CompilationFailedError;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.Weaving;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Runs one generated program twice and compares: woven, with tasks completing on the seeded
 * schedule, and as a reference, from the same compiled bytes with every {@code Weft.await(Task)}
 * call replaced by a call of the program's {@code ref(Task)}, which takes the value of a task that
 * is already done (in the reference run {@code t(v)} only returns done tasks, and the unwoven
 * async methods return done tasks too). The reference is thus plain sequential Java; the woven run
 * must give the same value or failure (type and message) and the same trace.
 */
final class DifferentialRunner {
    /** What went wrong; {@link #OK} when nothing did. */
    /**
     * How a program fared. {@code MISCOMPILED}: the compiler's own classes, unwoven, fail the JVM's
     * verifier (ecj 3.40 on some constant-folded conditions): nothing to compare the woven run with,
     * and no fault of the weaver's (which recomputes the frames it writes).
     */
    enum Verdict { OK, COMPILE, MISCOMPILED, WEAVER_THREW, WEAVE_ERROR, VERIFY, MISMATCH, TIMEOUT }

    static final class Result {
        final Verdict verdict;
        final String detail;
        /** How many tasks and stages the program awaited (or created to await), in an OK run. */
        long awaited;

        Result(Verdict verdict, String detail) {
            this.verdict = verdict;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return verdict + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private static final String AWAIT_DESC = "(Ldev/weft/Task;)Ljava/lang/Object;";
    private static final String AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";
    private static final long TIMEOUT_SECONDS = 10;

    /** Sources compiled for hand-built programs, which share a few: by compiler, release and source. */
    private static final Map<String, Map<String, byte[]>> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private final SourceCompiler compiler;
    private final int release;
    private final String className;
    private final WeaveOptions options;

    DifferentialRunner(SourceCompiler compiler, int release, String className) {
        this(compiler, release, className, WeaveOptions.defaults());
    }

    DifferentialRunner(SourceCompiler compiler, int release, String className, WeaveOptions options) {
        this.compiler = compiler;
        this.release = release;
        this.className = className;
        this.options = options;
    }

    Result run(String source, long scheduleSeed, int failPercent) {
        return run(source, Map.of(), scheduleSeed, failPercent);
    }

    /** As {@link #run(String, long, int)}, with classes built otherwise (by internal name) next to the compiled ones. */
    Result run(String source, Map<String, byte[]> handBuilt, long scheduleSeed, int failPercent) {
        Map<String, byte[]> compiled;
        try {
            compiled = new TreeMap<>(handBuilt.isEmpty() ? compiler.compile(Map.of("p." + className, source), release)
                    : COMPILED.computeIfAbsent(compiler + " " + release + "\n" + source,
                            k -> compiler.compile(Map.of("p." + className, source), release)));
        } catch (CompilationFailedError e) {
            return new Result(Verdict.COMPILE, e.getMessage());
        }
        compiled.putAll(handBuilt);
        Map<String, byte[]> woven;
        try {
            Weaving w = Weaving.weaveAll(compiled, Weaving.weaverFor(compiled, options));
            String errors = w.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)
                    .collect(Collectors.joining("\n"));
            if (!errors.isEmpty()) {
                return new Result(Verdict.WEAVE_ERROR, errors);
            }
            woven = w.classes();
        } catch (AssertionError e) {
            return new Result(Verdict.WEAVER_THREW, String.valueOf(e.getCause() != null ? e.getCause() : e));
        }
        ClassLoader parent = DifferentialRunner.class.getClassLoader();
        ChildFirstClassLoader wovenLoader = new ChildFirstClassLoader(woven, parent);
        try {
            ClassVerifier.verifyAll(woven, wovenLoader);
            for (String name : woven.keySet()) {
                Class.forName(name.replace('/', '.'), false, wovenLoader).getDeclaredMethods();
            }
        } catch (AssertionError | LinkageError | ClassNotFoundException e) {
            return new Result(Verdict.VERIFY, e.toString());
        }
        String expected = execute(new ChildFirstClassLoader(reference(compiled), parent), false, scheduleSeed, failPercent);
        String unverifiable = VerifyError.class.getName();
        if (expected != null && (expected.startsWith("threw " + unverifiable)
                || expected.startsWith("harness failure " + unverifiable))) {
            // the reference is the compiled program with its awaits renamed, frames untouched
            int end = expected.indexOf('\n');
            return new Result(Verdict.MISCOMPILED, compiler + " --release " + release + ": "
                    + (end < 0 ? expected : expected.substring(0, end)));
        }
        String actual = execute(wovenLoader, true, scheduleSeed, failPercent);
        if (actual == null) {
            return new Result(Verdict.TIMEOUT, "woven run did not finish in " + TIMEOUT_SECONDS + " s; reference: " + expected);
        }
        if (!actual.equals(expected)) {
            return new Result(Verdict.MISMATCH, "\nreference: " + expected + "\nwoven:     " + actual);
        }
        Result ok = new Result(Verdict.OK, "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("awaited tasks: (\\d+)").matcher(actual);
        ok.awaited = m.find() ? Long.parseLong(m.group(1)) : 0;
        return ok;
    }

    /** The compiled classes with each {@code Weft.await(Task)} turned into {@code ref(Task)}. */
    private Map<String, byte[]> reference(Map<String, byte[]> compiled) {
        String owner = "p/" + className;
        Map<String, byte[]> out = new TreeMap<>();
        compiled.forEach((name, bytes) -> {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String n, String d, String s, String[] e) {
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, n, d, s, e)) {
                        @Override
                        public void visitMethodInsn(int op, String o, String mn, String md, boolean itf) {
                            if (op == Opcodes.INVOKESTATIC && o.equals("dev/weft/Weft") && mn.equals("await")
                                    && md.equals(AWAIT_DESC)) {
                                super.visitMethodInsn(op, owner, "ref", AWAIT_DESC, false);
                            } else if (op == Opcodes.INVOKESTATIC && o.equals("dev/weft/Weft") && mn.equals("await")
                                    && md.equals(AWAIT_STAGE_DESC)) {
                                super.visitMethodInsn(op, owner, "refStage", AWAIT_STAGE_DESC, false);
                            } else {
                                super.visitMethodInsn(op, o, mn, md, itf);
                            }
                        }
                    };
                }
            }, 0);
            out.put(name, writer.toByteArray());
        });
        return out;
    }

    /** Runs main() on its own thread; its value or failure and the trace, or null on a timeout. */
    private String execute(ClassLoader loader, boolean real, long seed, int failPercent) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Class<?> c = Class.forName("p." + className, true, loader);
                set(c, "REAL", real);
                set(c, "SEED", seed);
                set(c, "FAIL", failPercent);
                Method main = c.getDeclaredMethod("main");
                main.setAccessible(true);
                String outcome;
                try {
                    Object v = Weft.run(() -> {
                        try {
                            return (dev.weft.Task<Object>) main.invoke(null);
                        } catch (InvocationTargetException e) {
                            throw sneaky(e.getCause());
                        } catch (IllegalAccessException e) {
                            throw new AssertionError(e);
                        }
                    });
                    outcome = "value " + v;
                } catch (Throwable t) {
                    outcome = "threw " + t.getClass().getName() + ": " + t.getMessage();
                }
                Field log = c.getDeclaredField("L");
                log.setAccessible(true);
                Field count = c.getDeclaredField("N");
                count.setAccessible(true);
                done.complete(outcome + "\nawaited tasks: " + count.get(null) + "\ntrace: " + log.get(null));
            } catch (Throwable t) {
                done.complete("harness failure " + t);
            }
        }, "fuzz-" + className + (real ? "-woven" : "-reference"));
        thread.setDaemon(true);
        thread.start();
        try {
            return done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (Exception e) {
            return "harness failure " + e;
        }
    }

    private static void set(Class<?> c, String field, Object value) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(field);
        f.setAccessible(true);
        f.set(null, value);
    }

    private static RuntimeException sneaky(Throwable t) {
        throw DifferentialRunner.<RuntimeException>sneaky0(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky0(Throwable t) throws E {
        throw (E) t;
    }
}
