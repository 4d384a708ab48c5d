package dev.weft.weaver.harness;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Sources compiled, woven, verified and loaded in a fresh class loader: the one object a weaving
 * test needs.
 *
 * <pre>{@code
 * WovenProgram w = WovenProgram.compile("p.Foo", source);    // javac --release 17, woven
 * w.setStatic("p.Foo", "LATER", true);
 * int r = w.run("p.Foo", "sum", 10);                         // Weft.run(() -> p.Foo.sum(10))
 * Object t = w.call("p.Foo", "sum", 10);                     // a plain static call, no loop
 * w.errors(); w.warnings(); w.result("p.Foo").status();      // what the weaver said
 *
 * WovenProgram e = WovenProgram.builder().source("p.Foo", source)
 *         .compiler(SourceCompiler.ECJ).release(8)
 *         .allowWeaveErrors()                                // for diagnostics tests
 *         .build();
 * }</pre>
 *
 * <p>Building one: the sources are compiled ({@link SourceCompiler}, with {@code -g}), every class
 * is woven ({@link Weaving}), every resulting class (woven or not, plus generated frame classes) is
 * checked with ASM's verifier ({@link ClassVerifier}), then all of them are defined in a new
 * {@link ChildFirstClassLoader} whose parent is the test's loader, and linked, so the JVM's
 * verifier runs on each of them before any test code does. A weaver error diagnostic fails the
 * build unless {@link Builder#allowWeaveErrors()} was asked for.
 *
 * <p>Reflective calls ({@link #call}, {@link #callOn}, {@link #newInstance}, {@link #run}) find the
 * method by name and by the arguments given (boxed primitives match primitive parameters; pass a
 * varargs parameter as an array), make it accessible, and throw what the method threw, as it is
 * (checked exceptions included, undeclared), so {@code assertThrows(IOException.class, ...)} works.
 *
 * <p>A {@code WovenProgram} holds live classes with their static state: tests that share one (see
 * {@link Builder#buildCached()}) must set the statics they depend on.
 */
public final class WovenProgram {
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private final SourceCompiler compiler;
    private final int release;
    private final Map<String, String> sources;
    private final Map<String, byte[]> compiled;
    private final Map<String, WeaveResult> results;
    private final Map<String, byte[]> classes;
    private final List<Diagnostic> diagnostics;
    private final ChildFirstClassLoader loader;

    private WovenProgram(Builder b) {
        this.compiler = b.compiler;
        this.release = b.release;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
        this.compiled = Collections.unmodifiableMap(compiler.compile(sources, release, b.options));
        if (b.weave) {
            Weaving w = Weaving.weaveAll(compiled, Weaving.weaverFor(compiled, b.options()));
            this.results = w.results();
            this.classes = w.classes();
            this.diagnostics = w.diagnostics();
        } else {
            this.results = Map.of();
            this.classes = compiled;
            this.diagnostics = List.of();
        }
        if (!b.allowWeaveErrors && !errors().isEmpty()) {
            throw new AssertionError("the weaver reported errors:\n" + errors().stream()
                    .map(Diagnostic::toString).collect(Collectors.joining("\n")));
        }
        this.loader = new ChildFirstClassLoader(classes, WovenProgram.class.getClassLoader());
        if (b.verify) {
            ClassVerifier.verifyAll(classes, loader);
        }
        linkAll();
    }

    // ---- building -----------------------------------------------------------------------------

    /** Compiles one source with javac {@code --release 17}, weaves, verifies and loads it. */
    public static WovenProgram compile(String className, String source) {
        return builder().source(className, source).build();
    }

    /** Compiles one source with {@code compiler} at {@code release}, weaves, verifies and loads it. */
    public static WovenProgram compile(SourceCompiler compiler, int release, String className, String source) {
        return builder().compiler(compiler).release(release).source(className, source).build();
    }

    /** A builder: javac, {@code --release} {@value Releases#DEFAULT}, woven, verified, errors fail. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link WovenProgram}. */
    public static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private SourceCompiler compiler = SourceCompiler.JAVAC;
        private int release = Releases.DEFAULT;
        private final List<String> options = new ArrayList<>();
        private boolean weave = true;
        private boolean allowWeaveErrors;
        private boolean verify = true;
        private boolean keepLocals;

        private Builder() {
        }

        /** Whether to weave keeping every local in scope across awaits (default false). */
        public Builder keepLocals(boolean keepLocals) {
            this.keepLocals = keepLocals;
            return this;
        }

        private WeaveOptions options() {
            return WeaveOptions.defaults().withKeepLocals(keepLocals);
        }

        /** Adds a source file; {@code className} is its top-level class's binary name ({@code p.Foo}). */
        public Builder source(String className, String source) {
            if (sources.putIfAbsent(className, source) != null) {
                throw new IllegalArgumentException("two sources for " + className);
            }
            return this;
        }

        /** javac (the default) or ecj. */
        public Builder compiler(SourceCompiler compiler) {
            this.compiler = Objects.requireNonNull(compiler);
            return this;
        }

        /** The {@code --release} to compile for; {@value Releases#DEFAULT} by default. */
        public Builder release(int release) {
            this.release = release;
            return this;
        }

        /** Extra compiler options. */
        public Builder options(String... options) {
            this.options.addAll(List.of(options));
            return this;
        }

        /** Whether to weave (default true); false loads the classes as compiled. */
        public Builder weave(boolean weave) {
            this.weave = weave;
            return this;
        }

        /** Keeps going when the weaver reports errors (the failed classes stay as compiled). */
        public Builder allowWeaveErrors() {
            this.allowWeaveErrors = true;
            return this;
        }

        /** Whether to run ASM's verifier on every class (default true). */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Compiles, weaves, verifies and loads. */
        public WovenProgram build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("no sources");
            }
            return new WovenProgram(this);
        }

        /**
         * Like {@link #build()}, but returns the same {@code WovenProgram} for the same configuration within
         * this JVM, so test classes can share one compilation among many cases. A build that failed
         * fails the same way again without being redone (a broken weaver costs one build, not one per
         * case).
         */
        public WovenProgram buildCached() {
            String key = compiler + "|" + release + "|" + options + "|" + weave + "|" + keepLocals + "|" + allowWeaveErrors
                    + "|" + verify + "|" + sources;
            Object built = CACHE.computeIfAbsent(key, k -> {
                try {
                    return build();
                } catch (RuntimeException | Error e) {
                    return e;
                }
            });
            if (built instanceof Throwable) {
                throw sneaky((Throwable) built);
            }
            return (WovenProgram) built;
        }
    }

    // ---- what was built -----------------------------------------------------------------------

    public SourceCompiler compiler() {
        return compiler;
    }

    public int release() {
        return release;
    }

    /** The sources, by top-level class name. */
    public Map<String, String> sources() {
        return sources;
    }

    /** The class files as the compiler wrote them, by internal name ({@code p/Foo}). */
    public Map<String, byte[]> compiledClasses() {
        return compiled;
    }

    /** The class files as loaded: woven or unchanged, plus generated frame classes, by internal name. */
    public Map<String, byte[]> classes() {
        return classes;
    }

    /** The compiled bytes of one class, by binary ({@code p.Foo$1}) or internal name. */
    public byte[] compiledBytes(String className) {
        return require(compiled, className);
    }

    /** The bytes loaded for one class (woven, if it was), by binary or internal name. */
    public byte[] bytes(String className) {
        return require(classes, className);
    }

    /** The weaver's result for one compiled class, by binary or internal name (weaving must be on). */
    public WeaveResult result(String className) {
        WeaveResult r = results.get(internal(className));
        if (r == null) {
            throw new IllegalArgumentException("no weave result for " + className + "; have " + results.keySet());
        }
        return r;
    }

    /** The weaver's result for every compiled class, by internal name; empty if weaving was off. */
    public Map<String, WeaveResult> results() {
        return results;
    }

    /** The internal names of the classes the weaver generated. */
    public Set<String> generatedClasses() {
        Set<String> s = new LinkedHashSet<>();
        results.values().forEach(r -> s.addAll(r.generatedClasses().keySet()));
        return s;
    }

    /** All diagnostics the weaver reported. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The error diagnostics. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).collect(Collectors.toUnmodifiableList());
    }

    /** The warning diagnostics. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).collect(Collectors.toUnmodifiableList());
    }

    /** A readable listing of the loaded bytes of a class, for failure messages. */
    public String textify(String className) {
        return ClassVerifier.textify(bytes(className));
    }

    // ---- loading and running ------------------------------------------------------------------

    /** The loader that defines these classes; its parent is the test's loader. */
    public ClassLoader loader() {
        return loader;
    }

    /** The loaded class, by binary name ({@code p.Foo$Inner}) or internal name. */
    public Class<?> load(String className) {
        try {
            return Class.forName(internal(className).replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + className + "; have " + classes.keySet(), e);
        }
    }

    /** Calls a static method (any access) and returns its result; throws what it throws. */
    public Object call(String className, String method, Object... args) {
        Method m = findMethod(load(className), method, true, args);
        return invoke(m, null, args);
    }

    /** Calls an instance method (any access, declared in the target's class or a super type). */
    public Object callOn(Object target, String method, Object... args) {
        Method m = findMethod(target.getClass(), method, false, args);
        return invoke(m, target, args);
    }

    /** Creates an instance with the constructor matching {@code args} (any access). */
    public Object newInstance(String className, Object... args) {
        Class<?> c = load(className);
        List<Constructor<?>> found = new ArrayList<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (accepts(k, args)) {
                found.add(k);
            }
        }
        Constructor<?> k = single(found, c.getName() + ".<init>", args);
        try {
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + c.getName(), e);
        }
    }

    /**
     * Runs a static method that returns a {@link Task} or a {@link CompletionStage} on a new event
     * loop on this thread ({@link Weft#run}) until its task is done, and returns the task's value or
     * throws its failure as it is.
     */
    public <T> T run(String className, String method, Object... args) {
        return Weft.run(() -> WovenProgram.<T>asTask(call(className, method, args)));
    }

    /** Like {@link #run}, for an instance method of {@code target}. */
    public <T> T runOn(Object target, String method, Object... args) {
        return Weft.run(() -> WovenProgram.<T>asTask(callOn(target, method, args)));
    }

    /** A task for what an async method returned: a task as it is, a stage through {@link Task#from}. */
    @SuppressWarnings("unchecked")
    public static <T> Task<T> asTask(Object returned) {
        if (returned instanceof Task) {
            return (Task<T>) returned;
        }
        if (returned instanceof CompletionStage) {
            return Task.from((CompletionStage<T>) returned);
        }
        throw new AssertionError("expected a Task or CompletionStage, got "
                + (returned == null ? "null" : returned.getClass().getName() + ": " + returned));
    }

    /** Reads a static field (any access). */
    public Object getStatic(String className, String field) {
        try {
            return staticField(className, field).get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes a static field (any access, not final). */
    public void setStatic(String className, String field, Object value) {
        try {
            staticField(className, field).set(null, value);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    /** Links every class so the JVM verifies it now (reflection links; nothing is initialised). */
    private void linkAll() {
        for (String name : classes.keySet()) {
            Class<?> c = load(name);
            try {
                c.getDeclaredMethods();
            } catch (LinkageError e) {
                AssertionError failure = new AssertionError("the JVM rejected " + name + ": " + e
                        + "\n--- " + name + " ---\n" + ClassVerifier.textify(classes.get(name)));
                failure.initCause(e);
                throw failure;
            }
        }
    }

    private Field staticField(String className, String field) {
        try {
            Field f = load(className).getDeclaredField(field);
            if (!Modifier.isStatic(f.getModifiers())) {
                throw new IllegalArgumentException(className + "." + field + " is not static");
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException("no field " + className + "." + field, e);
        }
    }

    private static Method findMethod(Class<?> start, String name, boolean wantStatic, Object[] args) {
        List<Method> found = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == wantStatic
                        && !m.isBridge() && accepts(m, args)
                        && found.stream().noneMatch(f -> sameSignature(f, m))) {
                    found.add(m);
                }
            }
            if (wantStatic) {
                break; // static methods: the named class only
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return single(found, start.getName() + "." + name, args);
    }

    private static boolean sameSignature(Method a, Method b) {
        return java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    private static <E extends Executable> E single(List<E> found, String what, Object[] args) {
        if (found.size() == 1) {
            return found.get(0);
        }
        String argTypes = java.util.Arrays.stream(args)
                .map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", "));
        throw new IllegalArgumentException((found.isEmpty() ? "no method " : "ambiguous method ")
                + what + "(" + argTypes + ")" + (found.isEmpty() ? "" : ": " + found));
    }

    private static boolean accepts(Executable e, Object[] args) {
        Class<?>[] params = e.getParameterTypes();
        if (params.length != args.length) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Class<?> p = params[i];
            Object a = args[i];
            if (a == null) {
                if (p.isPrimitive()) {
                    return false;
                }
            } else if (!box(p).isInstance(a)) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        } else if (c == long.class) {
            return Long.class;
        } else if (c == boolean.class) {
            return Boolean.class;
        } else if (c == double.class) {
            return Double.class;
        } else if (c == float.class) {
            return Float.class;
        } else if (c == char.class) {
            return Character.class;
        } else if (c == byte.class) {
            return Byte.class;
        } else if (c == short.class) {
            return Short.class;
        }
        return Void.class;
    }

    private static Object invoke(Method m, Object target, Object[] args) {
        try {
            m.setAccessible(true);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m, e);
        }
    }

    private static String internal(String className) {
        return className.replace('.', '/');
    }

    private static byte[] require(Map<String, byte[]> map, String className) {
        byte[] b = map.get(internal(className));
        if (b == null) {
            throw new IllegalArgumentException("no class " + className + "; have " + map.keySet());
        }
        return b;
    }

    /** Throws {@code t} as it is, checked or not, without declaring it. */
    static RuntimeException sneaky(Throwable t) {
        throw WovenProgram.<RuntimeException>sneaky0(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky0(Throwable t) throws E {
        throw (E) t;
    }
}
