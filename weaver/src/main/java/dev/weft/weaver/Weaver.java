package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Weaves classes: every {@code @Async} method (and every lambda that awaits and returns a task)
 * becomes a resumable state machine. Thread-safe; it loads no classes and does no I/O beyond the
 * {@link ClassBytesLookup} it is given. Weaving is deterministic, and a woven class is recognised
 * and left alone.
 *
 * <pre>{@code
 * Weaver weaver = new Weaver(ClassBytesLookup.ofClassLoader(loader));
 * WeaveResult r = weaver.weave(classBytes);
 * r.diagnostics().forEach(System.err::println);
 * if (r.isWoven()) { write(r.bytes()); r.generatedClasses().forEach(this::write); }
 * }</pre>
 */
public final class Weaver {
    private final ClassHierarchy hierarchy;
    private final ForgottenAwaitCheck forgottenAwaits;
    private final WeaveOptions options;

    /**
     * A weaver with the {@linkplain WeaveOptions#defaults() default options} that reads the classes it
     * needs to know about through {@code lookup}.
     *
     * @param lookup finds the class files of the woven classes' supertypes and callees
     */
    public Weaver(ClassBytesLookup lookup) {
        this(lookup, WeaveOptions.defaults());
    }

    /**
     * A weaver with {@code options} that reads the classes it needs to know about through {@code lookup}.
     *
     * @param lookup  finds the class files of the woven classes' supertypes and callees
     * @param options how to weave, such as {@link WeaveOptions#withKeepLocals keeping every local}
     */
    public Weaver(ClassBytesLookup lookup, WeaveOptions options) {
        this.hierarchy = new ClassHierarchy(lookup);
        this.forgottenAwaits = new ForgottenAwaitCheck(lookup);
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    /**
     * The options this weaver weaves with.
     *
     * @return its options
     */
    public WeaveOptions options() {
        return options;
    }

    /**
     * Weaves one class file. Never throws for bad input: problems come back as diagnostics. Classes
     * out of {@link WeavingScope} (the runtime's own, and those that name nothing to weave or check)
     * come back unchanged without diagnostics.
     *
     * @param classBytes a class file
     * @return the woven class, or the input unchanged, with diagnostics
     */
    public WeaveResult weave(byte[] classBytes) {
        if (!WeavingScope.mayNeedWeaving(classBytes)) {
            return unchanged(classBytes, List.of());
        }
        ClassNode cls = new ClassNode();
        try {
            new ClassReader(classBytes).accept(cls, 0);
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = new Diagnostic(Diagnostic.Kind.ERROR, nameInHeader(classBytes), null, null, -1,
                    "not a valid class file: " + e, "check that the file is a class file and not truncated");
            return new WeaveResult(WeaveResult.Status.FAILED, classBytes, new TreeMap<>(), List.of(d));
        }
        if (isWoven(cls) || WeavingScope.isRuntimeClass(cls.name)) {
            return unchanged(classBytes, List.of());
        }
        Diagnostics diagnostics = new Diagnostics(cls);
        if (hasAnnotation(cls, RuntimeContract.UNVERSIONED_WOVEN)) {
            diagnostics.error(null, null, cls.name.replace('/', '.') + " was woven by Weft 0.x (marked @dev.weft.Woven),"
                    + " for a runtime contract without a version that this runtime does not implement",
                    "weave the original class files again with this Weft version");
            return failed(classBytes, diagnostics);
        }
        try {
            return weave(cls, classBytes, diagnostics);
        } catch (RuntimeException | StackOverflowError e) {
            diagnostics.error(null, null, "internal weaver error in " + cls.name.replace('/', '.') + ": " + e,
                    "please report this with the class file");
            return failed(classBytes, diagnostics);
        }
    }

    private WeaveResult weave(ClassNode cls, byte[] original, Diagnostics diagnostics) {
        hierarchy.register(cls.name, cls.superName, cls.interfaces, cls.access);
        forgottenAwaits.check(cls, diagnostics);
        // Weave even after errors, so that one build reports every problem of the class at once.
        List<MethodNode> selected = AsyncMethods.select(cls, diagnostics);
        if (selected.isEmpty() && !diagnostics.hasErrors()) {
            return unchanged(original, diagnostics.all());
        }
        SortedMap<String, byte[]> generated = new TreeMap<>();
        Map<MethodNode, MethodNode> bodies = new HashMap<>();
        Map<MethodNode, String> frameNames = new HashMap<>();
        List<TaskStarts.Site> starts = TaskStarts.find(cls, selected); // before weaving moves the code
        java.util.Set<MethodNode> startable = TaskStarts.targets(starts);
        int index = 0;
        for (MethodNode m : selected) {
            String frameName = cls.name + RuntimeContract.FRAME_CLASS_INFIX + m.name.replace('<', '_').replace('>', '_')
                    + "$" + index++;
            try {
                MethodWeaver.WovenMethod w = new MethodWeaver(cls, m, hierarchy, options.isKeepLocals())
                        .weave(frameName, startable.contains(m));
                if (w.body != null) {
                    bodies.put(m, w.body);
                    if (w.frameClass.arguments != null) {
                        frameNames.put(m, frameName); // a frame that starts from its arguments
                    }
                    hierarchy.register(frameName, RuntimeContract.COROUTINE, List.of(), FrameClass.ACCESS);
                    generated.put(frameName, w.frameClass.generate(cls.version, cls.sourceFile, w.layout, w.table));
                }
            } catch (WeaveFailure f) {
                diagnostics.error(m, f.insn, f.getMessage() + " in " + diagnostics.describe(m), f.hint);
            } catch (ClassHierarchy.UnknownClassException e) {
                unknownClass(diagnostics, m, null, e);
            } catch (AnalyzerException e) {
                ClassHierarchy.UnknownClassException unknown = unknownClassIn(e);
                if (unknown != null) {
                    unknownClass(diagnostics, m, e.node, unknown);
                } else {
                    diagnostics.error(m, e.node, "cannot analyse " + diagnostics.describe(m) + ": " + e.getMessage(),
                            "the method's bytecode does not verify; recompile it");
                }
            }
        }
        if (diagnostics.hasErrors()) {
            return failed(original, diagnostics);
        }
        DirectAwaits.redirect(cls, bodies);
        TaskStarts.rewrite(cls.name, starts, bodies, frameNames);
        SleepAwaits.rewrite(bodies.values());
        ValueReturns.rewrite(bodies.values());
        try {
            byte[] bytes = write(cls, original, selected, bodies, diagnostics);
            return new WeaveResult(WeaveResult.Status.WOVEN, bytes, generated, diagnostics.all());
        } catch (MethodTooLargeException e) {
            MethodNode m = find(cls, bodies, e.getMethodName(), e.getDescriptor());
            diagnostics.error(m, null, (m != null ? diagnostics.describe(m) : e.getMethodName())
                            + " would exceed the JVM's 64 KB code size limit after weaving",
                    "split the method into smaller @Async methods");
        } catch (ClassTooLargeException e) {
            diagnostics.error(null, null, cls.name.replace('/', '.') + " would exceed the JVM's constant pool limit after weaving",
                    "split the class");
        } catch (ClassHierarchy.UnknownClassException e) {
            diagnostics.error(null, null, "cannot weave " + cls.name.replace('/', '.') + ": "
                    + e.getMessage() + " (needed to compute stack map frames)", "put it on the weaving classpath");
        }
        return failed(original, diagnostics);
    }

    /**
     * Computes frames only for the woven methods (a class writer computing frames for everything
     * would need the whole hierarchy of code we did not touch), then writes the class with the
     * untouched methods copied as they were.
     */
    private byte[] write(ClassNode cls, byte[] original, List<MethodNode> selected, Map<MethodNode, MethodNode> bodies,
            Diagnostics diagnostics) {
        ContractMark.mark(cls);
        SerialVersion.keep(cls, original, hierarchy, diagnostics);
        List<MethodNode> unwritten = cls.methods;
        try {
            return write(cls, selected, bodies, false);
        } catch (ArrayIndexOutOfBoundsException e) {
            // ASM 9.11 widens the jumps of a method over 32 KB wrongly, and then always fails (it reads
            // a backward jump as one past the end of the code): write them without any to widen
            cls.methods = unwritten;
            return write(cls, selected, bodies, true);
        }
    }

    private byte[] write(ClassNode cls, List<MethodNode> selected, Map<MethodNode, MethodNode> bodies,
                         boolean rewriteFarJumps) {
        ClassNode changed = new ClassNode();
        changed.version = cls.version;
        changed.access = cls.access;
        changed.name = cls.name;
        changed.superName = cls.superName;
        changed.interfaces = cls.interfaces;
        for (MethodNode m : selected) {
            changed.methods.add(m);
            if (bodies.containsKey(m)) {
                changed.methods.add(bodies.get(m));
            }
        }
        if (rewriteFarJumps) {
            for (MethodNode m : changed.methods) {
                FarJumps.rewrite(m);
            }
        }
        ClassNode computed = new ClassNode();
        new ClassReader(writeWithFrames(changed)).accept(computed, 0);

        List<MethodNode> methods = new ArrayList<>(cls.methods.size() + bodies.size());
        int next = 0;
        for (MethodNode m : cls.methods) {
            if (selected.contains(m)) {
                methods.add(computed.methods.get(next++));
                if (bodies.containsKey(m)) {
                    methods.add(computed.methods.get(next++));
                }
            } else {
                methods.add(m);
            }
        }
        cls.methods = methods;
        // this writes the woven methods again: ASM could widen their jumps here too
        ClassWriter out = new ClassWriter(0);
        cls.accept(out);
        return out.toByteArray();
    }

    private byte[] writeWithFrames(ClassNode changed) {
        FrameComputingWriter frames = new FrameComputingWriter(hierarchy);
        changed.accept(frames);
        byte[] bytes = frames.toByteArray();
        if (frames.guessed() != null) {
            checkGuessedMerges(bytes);
        }
        return bytes;
    }

    /**
     * Where the frames took a merge of classes the weaver cannot see for an Object, checks that the
     * woven methods use every such value as an Object only (else the JVM would reject the class):
     * the same analysis as before weaving, now over the woven code, whose merges are the frames'.
     */
    private void checkGuessedMerges(byte[] bytes) {
        ClassNode woven = new ClassNode();
        new ClassReader(bytes).accept(woven, 0);
        for (MethodNode m : woven.methods) {
            if (m.instructions.size() == 0) {
                continue;
            }
            try {
                new FlowAnalyzer(hierarchy).run(woven.name, m);
            } catch (AnalyzerException e) {
                ClassHierarchy.UnknownClassException unknown = unknownClassIn(e);
                if (unknown != null) {
                    throw unknown;
                }
                throw new IllegalStateException("woven " + m.name + " does not analyse: " + e.getMessage(), e);
            }
        }
    }

    /** The method named in a {@link MethodTooLargeException}: the body of an {@code @Async} method names that method. */
    private static MethodNode find(ClassNode cls, Map<MethodNode, MethodNode> bodies, String name, String desc) {
        for (Map.Entry<MethodNode, MethodNode> e : bodies.entrySet()) {
            if (e.getValue().name.equals(name) && e.getValue().desc.equals(desc)) {
                return e.getKey();
            }
        }
        for (MethodNode m : cls.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    /** A class the type analysis needed and could not find, wrapped by ASM's analyzer; or null. */
    private static ClassHierarchy.UnknownClassException unknownClassIn(Throwable t) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof ClassHierarchy.UnknownClassException) {
                return (ClassHierarchy.UnknownClassException) t;
            }
        }
        return null;
    }

    private static void unknownClass(Diagnostics diagnostics, MethodNode m, AbstractInsnNode at,
                                     ClassHierarchy.UnknownClassException e) {
        diagnostics.error(m, at, "cannot weave " + diagnostics.describe(m) + ": " + e.getMessage()
                + " (needed to compute stack map frames)", "put it on the weaving classpath");
    }

    /** The class's name from the header of a class file ASM cannot read as a whole, if the header is readable. */
    private static String nameInHeader(byte[] classBytes) {
        try {
            return new ClassReader(classBytes).getClassName().replace('/', '.');
        } catch (RuntimeException e) {
            return "(unknown class)";
        }
    }

    private static boolean isWoven(ClassNode cls) {
        return hasAnnotation(cls, RuntimeContract.WOVEN);
    }

    private static boolean hasAnnotation(ClassNode cls, String desc) {
        if (cls.invisibleAnnotations != null) {
            for (AnnotationNode a : cls.invisibleAnnotations) {
                if (desc.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static WeaveResult unchanged(byte[] bytes, List<Diagnostic> diagnostics) {
        return new WeaveResult(WeaveResult.Status.UNCHANGED, bytes, new TreeMap<>(), diagnostics);
    }

    private static WeaveResult failed(byte[] bytes, Diagnostics diagnostics) {
        return new WeaveResult(WeaveResult.Status.FAILED, bytes, new TreeMap<>(), diagnostics.all());
    }
}
