package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Weaves one async method. The original method keeps its name, signature and annotations and
 * becomes the entry: it calls the body and turns an early failure into a failed task. The body is
 * a synthetic overload taking the frame as an extra last parameter:
 *
 * <pre>
 *   Task&lt;R&gt; m(A a)                    entry: try { return m(a, null); } catch (Throwable t) { return failed(t); }
 *   Task&lt;R&gt; m(A a, Frame f)           body:  if (f != null) switch (f.label) { restore; goto resume_k }
 *                                          ... original code, with each await(x) turned into:
 *                                          x.isDone() ? x.value : { save; f.suspend(x, k); return f }
 *                                          resume_k: f.resumeValue()
 * </pre>
 *
 * Both keep the method's name, so stack traces name the user's method and line. The work is done
 * in passes: {@link SuspendPointFinder} finds the suspend points, {@link ResumableBodyEmitter}
 * emits the body and {@link EntryEmitter} the entry; {@link Refusals} says where it cannot be done.
 */
final class MethodWeaver {
    private final TargetMethod target;
    private final ClassHierarchy hierarchy;
    private final boolean keepLocals;

    MethodWeaver(ClassNode owner, MethodNode method, ClassHierarchy hierarchy, boolean keepLocals) {
        this.target = new TargetMethod(owner, method);
        this.hierarchy = hierarchy;
        this.keepLocals = keepLocals;
    }

    /** What weaving produced: the new body (null if the method has no await) and its frame class. */
    static final class WovenMethod {
        static final WovenMethod WITHOUT_BODY = new WovenMethod(null, null, null, null);

        final MethodNode body;
        final FrameClass frameClass;
        final FrameLayout layout;
        final DebugTable table;

        WovenMethod(MethodNode body, FrameClass frameClass, FrameLayout layout, DebugTable table) {
            this.body = body;
            this.frameClass = frameClass;
            this.layout = layout;
            this.table = table;
        }
    }

    /**
     * Weaves the method into frame class {@code frameClassName}; if {@code startable}, the frame can
     * also be made before the invocation runs, holding its arguments at label 0 ({@link TaskStarts}).
     */
    WovenMethod weave(String frameClassName, boolean startable) throws WeaveFailure, AnalyzerException {
        MethodNode method = target.method;
        Instructions.stripFrames(method.instructions);
        List<MethodInsnNode> awaits = AwaitCalls.in(method.instructions);
        AwaitCalls.dropDeclaredExceptionClasses(method.instructions, awaits);
        EntryEmitter entry = new EntryEmitter(target);
        List<SuspendPoint> points = awaits.isEmpty() ? List.of() : new SuspendPointFinder(target, hierarchy, keepLocals).find(awaits);
        if (points.isEmpty()) {
            // no await, or every one unreachable (ecj writes code after a throw that a constant
            // condition makes certain): nothing can suspend, so weave as a method without awaits
            entry.catchEarlyFailures();
            return WovenMethod.WITHOUT_BODY;
        }
        Refusals.checkParameterSlots(target.frameSlot, points.get(0).call);
        FrameLayout layout = FrameLayout.assign(points);
        List<SavedValue> arguments = startable ? arguments() : null;
        if (arguments != null) {
            // Saving the arguments at label 0 may need fields no await needs (arguments dead after the
            // first one); every frame of the method would carry them. Only where they fit the frame's
            // size as it is: a started task then saves its lambda, and no frame grows.
            FrameLayout withArguments = FrameLayout.assign(points, arguments);
            if (withArguments.frameBytes(!target.isStatic) == layout.frameBytes(!target.isStatic)) {
                layout = withArguments;
            } else {
                arguments = null;
            }
        }
        DebugTable table = DebugTable.of(target, points); // before the body replaces the awaits
        String bodyDesc = method.desc.replace(")", "L" + frameClassName + ";)");
        FrameClass frameClass = new FrameClass(frameClassName, target.owner, target.ownerIsInterface, target.isStatic,
                method.name, bodyDesc, arguments);
        // before the body: the body's resume code carries line numbers of its own (line 1 where the
        // method has none), and the entry shares the method's instructions until it replaces them
        int firstLine = Diagnostics.firstLine(method.instructions);
        MethodNode body = new ResumableBodyEmitter(target).emit(bodyDesc, frameClass, points, arguments, firstLine);
        entry.callBody(bodyDesc, firstLine);
        return new WovenMethod(body, frameClass, layout, table);
    }

    /** The method's parameters as saved at label 0: each in its own slot, typed as declared. */
    private List<SavedValue> arguments() {
        List<SavedValue> values = new ArrayList<>();
        int slot = target.isStatic ? 0 : 1;
        for (Type t : Type.getArgumentTypes(target.method.desc)) {
            values.add(new SavedValue(ValueKind.ofType(t), t, slot));
            slot += t.getSize();
        }
        return values;
    }
}
