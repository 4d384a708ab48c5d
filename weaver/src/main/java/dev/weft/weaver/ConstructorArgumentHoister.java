package dev.weft.weaver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Takes uninitialized objects out of the way of awaits. An object between its {@code NEW} and its
 * constructor call cannot be saved in a field, and a resumed path cannot recreate the same one, so
 * when one is live at an await (on the operand stack or in a local, in any number of copies, as
 * javac's {@code new Foo(a, await(x))} and other generators' shapes have it) the {@code NEW} becomes
 * a {@code null} placeholder, which every copy then carries, and each constructor call of it
 * becomes: keep the arguments in fresh locals, drop the placeholder receiver, {@code NEW; DUP},
 * reload the arguments, call the constructor, and put the object where the original had copies of
 * the uninitialized one (stack entries below, and locals). The only observable change: class
 * {@code Foo} is initialized at the constructor call instead of at the {@code new}.
 *
 * <p>A shape in which the uninitialized object is used other than by moving it around and calling
 * its constructor (compared, locked) is refused, naming the instruction. After the rewrite,
 * {@link #check} compares the analyser's frames with the original's: a difference is an internal
 * error, reported, never woven.
 */
final class ConstructorArgumentHoister {
    private static final Map<Integer, String> OPCODE_NAMES = Map.of(Opcodes.IFNULL, "ifnull", Opcodes.IFNONNULL, "ifnonnull",
            Opcodes.MONITORENTER, "monitorenter", Opcodes.MONITOREXIT, "monitorexit", Opcodes.AASTORE, "aastore",
            Opcodes.IF_ACMPEQ, "if_acmpeq", Opcodes.IF_ACMPNE, "if_acmpne");
    private final MethodNode method;
    /** The method's instructions and frames before the rewrite. */
    private final AbstractInsnNode[] original;
    private final Frame<BasicValue>[] originalFrames;
    /** The rewritten {@code NEW} sites. */
    private final Set<AbstractInsnNode> sites = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The rewritten {@code NEW} sites that have a constructor call. */
    private final Set<AbstractInsnNode> constructed = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The rewritten constructor calls, with the {@code NEW} now right before each. */
    private final Map<MethodInsnNode, TypeInsnNode> inits = new IdentityHashMap<>();

    private ConstructorArgumentHoister(Flow flow) {
        this.method = flow.method;
        this.original = flow.method.instructions.toArray();
        this.originalFrames = flow.frames;
    }

    /**
     * Rewrites every {@code NEW} whose uninitialized object is live at one of the awaits; returns
     * null if there is none, else the rewrite, whose {@link #check} takes the method's new flow.
     */
    static ConstructorArgumentHoister hoist(Flow flow, List<Integer> awaitIndexes) throws WeaveFailure {
        Set<AbstractInsnNode> live = new LinkedHashSet<>();
        for (int i : awaitIndexes) {
            Frame<BasicValue> f = flow.frames[i];
            if (f == null) {
                continue;
            }
            for (int s = 0; s < f.getStackSize(); s++) {
                addUninitialized(live, f.getStack(s));
            }
            for (int l = 0; l < f.getLocals(); l++) {
                addUninitialized(live, f.getLocal(l));
            }
        }
        if (live.isEmpty()) {
            return null;
        }
        ConstructorArgumentHoister h = new ConstructorArgumentHoister(flow);
        h.rewrite(live);
        return h;
    }

    private static void addUninitialized(Set<AbstractInsnNode> live, BasicValue v) {
        if (v instanceof UninitializedValue) {
            live.add(((UninitializedValue) v).newInsn);
        }
    }

    private void rewrite(Set<AbstractInsnNode> live) throws WeaveFailure {
        // Find every constructor call and refused use first: frames are indexed by the unchanged list.
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < original.length; i++) {
            Frame<BasicValue> f = originalFrames[i];
            if (f == null) {
                continue;
            }
            AbstractInsnNode insn = original[i];
            if (TypeInterpreter.isInit(insn)) {
                if (live.contains(newOf(receiverOf(f, (MethodInsnNode) insn)))) {
                    calls.add(i);
                }
            } else {
                refuseOtherUses(insn, f, live);
            }
        }
        int temps = method.maxLocals;
        int maxLocals = temps;
        for (int i : calls) {
            maxLocals = Math.max(maxLocals, rewriteInit((MethodInsnNode) original[i], originalFrames[i], temps));
        }
        method.maxLocals = maxLocals;
        // a constructor call now has one more copy on the stack than the placeholder it replaces
        method.maxStack += 1;
        InsnList insns = method.instructions;
        for (AbstractInsnNode n : live) {
            TypeInsnNode site = (TypeInsnNode) n;
            if (!constructed.contains(site)) {
                // never constructed: still initialize the class where the original did
                insns.insertBefore(site, new TypeInsnNode(Opcodes.NEW, site.desc));
                insns.insertBefore(site, new InsnNode(Opcodes.POP));
            }
            insns.set(site, new InsnNode(Opcodes.ACONST_NULL));
            sites.add(site);
        }
    }

    /** Compared with null or another reference, or locked: a placeholder would behave differently. */
    private static void refuseOtherUses(AbstractInsnNode insn, Frame<BasicValue> f, Set<AbstractInsnNode> live)
            throws WeaveFailure {
        int operands;
        switch (insn.getOpcode()) {
            case Opcodes.IFNULL:
            case Opcodes.IFNONNULL:
            case Opcodes.MONITORENTER:
            case Opcodes.MONITOREXIT:
            case Opcodes.AASTORE:
                operands = 1;
                break;
            case Opcodes.IF_ACMPEQ:
            case Opcodes.IF_ACMPNE:
                operands = 2;
                break;
            default:
                return;
        }
        for (int k = 1; k <= operands && k <= f.getStackSize(); k++) {
            BasicValue v = f.getStack(f.getStackSize() - k);
            if (live.contains(newOf(v))) {
                throw new WeaveFailure(insn, "the uninitialized object of 'new "
                        + Diagnostics.simpleName(v.getType().getInternalName()) + "' is used by " + OPCODE_NAMES.get(insn.getOpcode())
                        + " while an await() is pending before its constructor call",
                        "call the constructor before the await, or use the object only after it is constructed");
            }
        }
    }

    /**
     * {@code args -> temps; pop placeholder; NEW; DUP; temps -> args; <init>}, then the new object
     * replaces the other copies. Returns the first local slot it did not use.
     */
    private int rewriteInit(MethodInsnNode init, Frame<BasicValue> f, int temps) throws WeaveFailure {
        UninitializedValue receiver = (UninitializedValue) receiverOf(f, init);
        TypeInsnNode site = (TypeInsnNode) receiver.newInsn;
        Type[] args = Type.getArgumentTypes(init.desc);
        int receiverIndex = f.getStackSize() - 1 - args.length;
        List<Integer> stackCopies = new ArrayList<>();
        for (int s = 0; s < receiverIndex; s++) {
            if (receiver.equals(f.getStack(s))) {
                stackCopies.add(s);
            }
        }
        List<Integer> localCopies = new ArrayList<>();
        for (int l = 0; l < f.getLocals(); l++) {
            if (receiver.equals(f.getLocal(l))) {
                localCopies.add(l);
            }
        }
        boolean copies = !stackCopies.isEmpty() || !localCopies.isEmpty();

        int next = temps;
        int[] argSlots = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            argSlots[a] = next;
            next += args[a].getSize();
        }
        InsnList before = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), argSlots[a]));
        }
        before.add(new InsnNode(Opcodes.POP));
        TypeInsnNode fresh = new TypeInsnNode(Opcodes.NEW, site.desc);
        before.add(fresh);
        if (copies) {
            before.add(new InsnNode(Opcodes.DUP));
        }
        for (int a = 0; a < args.length; a++) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), argSlots[a]));
        }
        InsnList insns = method.instructions;
        insns.insertBefore(init, before);
        inits.put(init, fresh);
        constructed.add(site);
        if (!copies) {
            return next;
        }

        InsnList after = new InsnList();
        if (stackCopies.size() == 1 && stackCopies.get(0) == receiverIndex - 1) {
            // javac's new; dup: the one copy is right below
            for (int l : localCopies) {
                after.add(new InsnNode(Opcodes.DUP));
                after.add(new VarInsnNode(Opcodes.ASTORE, l));
            }
            after.add(new InsnNode(Opcodes.SWAP));
            after.add(new InsnNode(Opcodes.POP));
        } else {
            int object = next++;
            after.add(new VarInsnNode(Opcodes.ASTORE, object));
            for (int l : localCopies) {
                after.add(new VarInsnNode(Opcodes.ALOAD, object));
                after.add(new VarInsnNode(Opcodes.ASTORE, l));
            }
            if (!stackCopies.isEmpty()) {
                next = replaceStackCopies(after, f, receiver, stackCopies.get(0), receiverIndex, object, next);
            }
        }
        insns.insert(init, after);
        return next;
    }

    /** Spills the stack from below the receiver down to {@code deepest}, and reloads it with the object for each copy. */
    private int replaceStackCopies(InsnList after, Frame<BasicValue> f, UninitializedValue receiver, int deepest,
            int receiverIndex, int object, int next) throws WeaveFailure {
        int[] slots = new int[receiverIndex];
        for (int s = receiverIndex - 1; s >= deepest; s--) {
            BasicValue v = f.getStack(s);
            if (receiver.equals(v)) {
                after.add(new InsnNode(Opcodes.POP));
                continue;
            }
            Type t = v.getType();
            if (t == null || t.getSort() == Type.VOID) {
                throw new WeaveFailure(receiver.newInsn,
                        "an unusable value lies on the operand stack between copies of the uninitialized object of 'new "
                                + Diagnostics.simpleName(receiver.getType().getInternalName()) + "' across await()",
                        "call the constructor before the await");
            }
            slots[s] = next;
            next += t.getSize();
            after.add(new VarInsnNode(t.getOpcode(Opcodes.ISTORE), slots[s]));
        }
        for (int s = deepest; s < receiverIndex; s++) {
            BasicValue v = f.getStack(s);
            after.add(receiver.equals(v) ? new VarInsnNode(Opcodes.ALOAD, object)
                    : new VarInsnNode(v.getType().getOpcode(Opcodes.ILOAD), slots[s]));
        }
        return next;
    }

    /**
     * The guard: at every instruction of the original method, the rewritten method's frame holds
     * the same values, except a placeholder where the original had a rewritten uninitialized
     * object; so no uninitialized object appears where there was none, none is lost, and the
     * stack is neither deeper nor shallower. At a rewritten constructor call, the receiver must be
     * the object its new {@code NEW} made.
     */
    void check(Flow woven) throws WeaveFailure {
        Map<AbstractInsnNode, Integer> index = new IdentityHashMap<>();
        AbstractInsnNode[] now = woven.method.instructions.toArray();
        for (int i = 0; i < now.length; i++) {
            index.put(now[i], i);
        }
        for (int i = 0; i < original.length; i++) {
            Frame<BasicValue> before = originalFrames[i];
            Integer j = index.get(original[i]);
            if (before == null || j == null) {
                continue; // unreachable, or a NEW that became a placeholder
            }
            Frame<BasicValue> after = woven.frames[j];
            if (after == null) {
                throw internal(original[i], "an instruction became unreachable");
            }
            TypeInsnNode fresh = inits.get(original[i]);
            if (fresh != null) {
                BasicValue r = receiverOf(after, (MethodInsnNode) original[i]);
                if (!(r instanceof UninitializedValue) || ((UninitializedValue) r).newInsn != fresh) {
                    throw internal(original[i], "a constructor call lost its receiver");
                }
                continue;
            }
            if (before.getStackSize() != after.getStackSize()) {
                throw internal(original[i], "the operand stack changed depth");
            }
            for (int s = 0; s < before.getStackSize(); s++) {
                same(original[i], before.getStack(s), after.getStack(s));
            }
            for (int l = 0; l < before.getLocals(); l++) {
                same(original[i], before.getLocal(l), after.getLocal(l));
            }
        }
    }

    private void same(AbstractInsnNode at, BasicValue before, BasicValue after) throws WeaveFailure {
        if (before instanceof UninitializedValue && sites.contains(((UninitializedValue) before).newInsn)) {
            if (!TypeInterpreter.NULL.equals(after)) {
                throw internal(at, "a copy of an uninitialized object is not its placeholder");
            }
        } else if (before instanceof UninitializedValue || after instanceof UninitializedValue) {
            if (!before.equals(after)) {
                throw internal(at, "an uninitialized object appeared or vanished");
            }
        } else if (ValueKind.of(before) != null && category(before) != category(after)) {
            throw internal(at, "a value changed kind (" + before + " became " + after + ")");
        }
    }

    /** A value's size and whether it is a reference: the verifier's view of it, for the guard. */
    private static int category(BasicValue v) {
        ValueKind k = ValueKind.of(v);
        return k == null ? -1 : k == ValueKind.NULL ? ValueKind.REF.ordinal() : k.ordinal();
    }

    private WeaveFailure internal(AbstractInsnNode at, String what) {
        return new WeaveFailure(at, "internal weaver error: moving uninitialized objects out of the way of await() went wrong ("
                + what + ")", "please report this with the class file");
    }

    private static BasicValue receiverOf(Frame<BasicValue> f, MethodInsnNode init) {
        return f.getStack(f.getStackSize() - 1 - Type.getArgumentTypes(init.desc).length);
    }

    private static AbstractInsnNode newOf(BasicValue v) {
        return v instanceof UninitializedValue ? ((UninitializedValue) v).newInsn : null;
    }
}
