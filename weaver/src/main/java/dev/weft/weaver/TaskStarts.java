package dev.weft.weaver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Lets {@code createTask(() -> m(a, b))} start {@code m} from a frame made with its arguments
 * (contract 4): the lambda becomes {@code Frame.withArguments(a, b)}, a frame of {@code m} that
 * is the task's {@code Supplier} ({@code Coroutine.get()} runs the body from label 0, where the
 * arguments wait). The task then costs no lambda, and its coroutine no second frame at its first
 * suspension: the frame made here is the one it suspends in.
 *
 * <p>Only a supplier that goes straight into {@code Weft.createTask}, {@code Weft.createLocalTask}
 * or {@code TaskGroup.createTask} (each called once with it, by the runtime, on the task's first
 * step) is rewritten: a supplier kept in a variable may be called any number of times. Its lambda
 * must call a woven {@code Task}-returning method of the same class that cannot be overridden
 * (static, private or final, or the class is final) with exactly its own parameters, in order, and
 * return its task; or be such a method (a method reference, or a lambda that awaits). And saving the
 * method's arguments in its frame must not make the frame bigger (an argument that no await keeps
 * needs a field of its own, which every frame of the method would carry). The meaning
 * stays: {@code get()} does what the entry does (runs the body in the task's first step until its
 * first suspension, and turns an early failure into a failed task), with the same arguments,
 * evaluated where the lambda captured them.
 */
final class TaskStarts {
    /** The static factory each startable frame class has: the frame of an invocation not yet begun. */
    static final String FACTORY = "withArguments";
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final String SUPPLIER = "java/util/function/Supplier";

    /**
     * One rewritable site: the lambda's creation, in {@code method}, that starts {@code target} with
     * the values it captured, then {@code constants} (the lambda's constant arguments, in order).
     */
    static final class Site {
        final MethodNode method;
        final InvokeDynamicInsnNode lambda;
        final MethodNode target;
        final List<AbstractInsnNode> constants;

        Site(MethodNode method, InvokeDynamicInsnNode lambda, MethodNode target, List<AbstractInsnNode> constants) {
            this.method = method;
            this.lambda = lambda;
            this.target = target;
            this.constants = constants;
        }

    }

    /**
     * The descriptor of {@link #FACTORY} for a method of {@code owner} with {@code parameters}: its
     * receiver, if it is not static, and its parameters, to a Supplier.
     */
    static String factoryDesc(String owner, boolean isStatic, Type[] parameters) {
        StringBuilder d = new StringBuilder("(");
        if (!isStatic) {
            d.append('L').append(owner).append(';');
        }
        for (Type t : parameters) {
            d.append(t.getDescriptor());
        }
        return d.append(")L").append(SUPPLIER).append(';').toString();
    }

    private TaskStarts() {
    }

    /** The sites of {@code cls} whose target is one of {@code selected}; found before weaving changes any code. */
    static List<Site> find(ClassNode cls, List<MethodNode> selected) {
        List<Site> sites = new ArrayList<>();
        if ((cls.access & Opcodes.ACC_INTERFACE) != 0) {
            return sites;
        }
        boolean finalClass = (cls.access & Opcodes.ACC_FINAL) != 0;
        for (MethodNode m : cls.methods) {
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof InvokeDynamicInsnNode && goesIntoCreateTask(n)) {
                    Site s = site(cls, selected, m, (InvokeDynamicInsnNode) n, finalClass);
                    if (s != null) {
                        sites.add(s);
                    }
                }
            }
        }
        return sites;
    }

    /** The targets of {@code sites}: the methods whose frames need label 0 and a factory. */
    static Set<MethodNode> targets(List<Site> sites) {
        Set<MethodNode> targets = new LinkedHashSet<>();
        for (Site s : sites) {
            targets.add(s.target);
        }
        return targets;
    }

    /**
     * Replaces each site's lambda by its target's factory, where the target was woven with a body
     * ({@code bodies}) into a frame class that can start from its arguments, which {@code frameNames}
     * gives (not when they would make the method's frames bigger: see {@code MethodWeaver}). A site's
     * instruction is in its method's code, or in that method's body when the method was woven.
     */
    static void rewrite(String owner, List<Site> sites, Map<MethodNode, MethodNode> bodies,
            Map<MethodNode, String> frameNames) {
        for (Site s : sites) {
            String frame = frameNames.get(s.target);
            if (frame == null || !bodies.containsKey(s.target)) {
                continue; // woven without a body (nothing suspends): no frame to start from
            }
            MethodNode holder = bodies.containsKey(s.method) ? bodies.get(s.method) : s.method;
            if (!holder.instructions.contains(s.lambda)) {
                continue;
            }
            InsnList start = new InsnList();
            int size = 0;
            for (AbstractInsnNode c : s.constants) {
                start.add(c.clone(Map.of()));
                size += constantSize(c);
            }
            boolean isStatic = (s.target.access & Opcodes.ACC_STATIC) != 0;
            start.add(new MethodInsnNode(Opcodes.INVOKESTATIC, frame, FACTORY, factoryDesc(owner, isStatic, Type.getArgumentTypes(s.target.desc)), false));
            holder.instructions.insertBefore(s.lambda, start);
            holder.instructions.remove(s.lambda);
            holder.maxStack += size; // the constants sit on the stack above the captured values for a moment
        }
    }

    /** Whether the lambda made by {@code n} goes straight into one of the runtime's createTask calls, once. */
    private static boolean goesIntoCreateTask(AbstractInsnNode n) {
        InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) n;
        if (!indy.name.equals("get") || !Type.getReturnType(indy.desc).getInternalName().equals(SUPPLIER)
                || !indy.bsm.getOwner().equals(METAFACTORY) || !indy.bsm.getName().equals("metafactory")
                || indy.bsmArgs.length != 3 || !(indy.bsmArgs[1] instanceof Handle)) {
            return false;
        }
        AbstractInsnNode next = Instructions.nextReal(indy);
        if (isCreateTask(next, false)) {
            return true;
        }
        // createTask(() -> m(a), name): one instruction pushes the name
        boolean pushesName = next != null && (next.getOpcode() == Opcodes.LDC || next.getOpcode() == Opcodes.ACONST_NULL
                || next.getOpcode() == Opcodes.ALOAD);
        return pushesName && isCreateTask(Instructions.nextReal(next), true);
    }

    private static boolean isCreateTask(AbstractInsnNode n, boolean named) {
        if (!(n instanceof MethodInsnNode)) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) n;
        if (!RuntimeContract.isKeptByRuntime(call.owner, call.name, call.desc)) {
            return false;
        }
        return Type.getArgumentTypes(call.desc).length == (named ? 2 : 1);
    }

    /** The site of {@code indy} in {@code method}, or null if its lambda starts no method this can start. */
    private static Site site(ClassNode cls, List<MethodNode> selected, MethodNode method, InvokeDynamicInsnNode indy,
            boolean finalClass) {
        Handle impl = (Handle) indy.bsmArgs[1];
        if (!impl.getOwner().equals(cls.name) || impl.isInterface()) {
            return null;
        }
        MethodNode implementation = find(cls.methods, impl.getName(), impl.getDesc());
        if (implementation == null) {
            return null;
        }
        Type[] captured = Type.getArgumentTypes(indy.desc);
        if (selected.contains(implementation)) {
            // a method reference to a woven method, or a lambda that awaits: it is the coroutine
            boolean fits = startable(implementation, finalClass) && receiverAndArguments(cls, implementation, captured)
                    && handleCalls(impl, implementation);
            return fits ? new Site(method, indy, implementation, List.of()) : null;
        }
        List<AbstractInsnNode> constants = new ArrayList<>();
        MethodInsnNode call = forwardedCall(implementation, constants);
        if (call == null || !call.owner.equals(cls.name)) {
            return null;
        }
        MethodNode target = find(selected, call.name, call.desc);
        if (target == null || !startable(target, finalClass) || !receiverAndArguments(cls, implementation, captured)
                || !startsWith(receiverAndArguments(cls, target), captured)) {
            return null;
        }
        boolean isStatic = (target.access & Opcodes.ACC_STATIC) != 0;
        boolean opcodeFits = isStatic ? call.getOpcode() == Opcodes.INVOKESTATIC
                : call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKESPECIAL;
        return opcodeFits ? new Site(method, indy, target, constants) : null;
    }

    private static boolean startsWith(List<Type> all, Type[] first) {
        return all.size() >= first.length && all.subList(0, first.length).equals(List.of(first));
    }

    /** Whether the handle invokes {@code m} as {@code m} is: statically, or on its receiver without a subclass's override. */
    private static boolean handleCalls(Handle h, MethodNode m) {
        int tag = h.getTag();
        return (m.access & Opcodes.ACC_STATIC) != 0 ? tag == Opcodes.H_INVOKESTATIC
                : tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKESPECIAL;
    }

    /**
     * A woven method returning a Task that no subclass can override. Not a synchronized one (its
     * entry holds the monitor for the first step, which the frame's start would not; such a method
     * with an await is refused anyway).
     */
    private static boolean startable(MethodNode m, boolean finalClass) {
        if (!Type.getReturnType(m.desc).equals(RuntimeContract.TASK_TYPE) || (m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return false;
        }
        return (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0 || finalClass;
    }

    /** Whether {@code types} are exactly {@code m}'s receiver (if it has one) and parameters. */
    private static boolean receiverAndArguments(ClassNode cls, MethodNode m, Type[] types) {
        return receiverAndArguments(cls, m).equals(List.of(types));
    }

    /** {@code m}'s receiver (if it has one) and parameters. */
    private static List<Type> receiverAndArguments(ClassNode cls, MethodNode m) {
        List<Type> all = new ArrayList<>();
        if ((m.access & Opcodes.ACC_STATIC) == 0) {
            all.add(Type.getObjectType(cls.name));
        }
        all.addAll(List.of(Type.getArgumentTypes(m.desc)));
        return all;
    }

    /**
     * The call {@code lambda} makes if all it does is pass its receiver and parameters, each once and
     * in order, then constants (added to {@code constants}), to one method and return that method's
     * task; else null.
     */
    private static MethodInsnNode forwardedCall(MethodNode lambda, List<AbstractInsnNode> constants) {
        if ((lambda.access & Opcodes.ACC_SYNTHETIC) == 0 || lambda.tryCatchBlocks != null && !lambda.tryCatchBlocks.isEmpty()) {
            return null;
        }
        List<Type> values = new ArrayList<>();
        if ((lambda.access & Opcodes.ACC_STATIC) == 0) {
            values.add(Type.getObjectType("java/lang/Object")); // its receiver: only its slot matters here
        }
        values.addAll(List.of(Type.getArgumentTypes(lambda.desc)));
        AbstractInsnNode n = lambda.instructions.getFirst();
        if (n != null && n.getOpcode() < 0) {
            n = Instructions.nextReal(n);
        }
        int slot = 0;
        for (Type t : values) {
            if (!(n instanceof VarInsnNode) || ((VarInsnNode) n).var != slot || n.getOpcode() != t.getOpcode(Opcodes.ILOAD)) {
                return null;
            }
            slot += t.getSize();
            n = Instructions.nextReal(n);
        }
        while (n != null && constantSize(n) > 0) {
            constants.add(n);
            n = Instructions.nextReal(n);
        }
        if (!(n instanceof MethodInsnNode)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) n;
        AbstractInsnNode ret = Instructions.nextReal(call);
        if (ret == null || ret.getOpcode() != Opcodes.ARETURN || Instructions.nextReal(ret) != null) {
            return null;
        }
        int passed = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        return passed == values.size() + constants.size() && Type.getReturnType(call.desc).equals(RuntimeContract.TASK_TYPE) ? call : null;
    }

    /**
     * The stack size of the constant {@code n} pushes (a number, a string, a class literal or null);
     * 0 if it is no such constant.
     */
    private static int constantSize(AbstractInsnNode n) {
        int op = n.getOpcode();
        if (op == Opcodes.LDC) {
            Object c = ((LdcInsnNode) n).cst;
            if (c instanceof Long || c instanceof Double) {
                return 2;
            }
            boolean plain = c instanceof Integer || c instanceof Float || c instanceof String
                    || c instanceof Type && ((Type) c).getSort() != Type.METHOD;
            return plain ? 1 : 0;
        }
        if (op == Opcodes.LCONST_0 || op == Opcodes.LCONST_1 || op == Opcodes.DCONST_0 || op == Opcodes.DCONST_1) {
            return 2;
        }
        boolean small = op >= Opcodes.ACONST_NULL && op <= Opcodes.FCONST_2 || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH;
        return small ? 1 : 0;
    }

    private static MethodNode find(List<MethodNode> methods, String name, String desc) {
        for (MethodNode m : methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }
}
