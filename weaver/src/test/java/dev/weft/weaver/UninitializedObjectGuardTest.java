package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.weaver.hostile.UninitializedShapes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The guard after moving uninitialized objects out of the way of awaits: a rewrite that leaves the
 * frames other than the original's (here, one that leaves an extra value on the stack, as a
 * leftover {@code dup} did) is an internal error, never woven.
 */
class UninitializedObjectGuardTest {
    private static final ClassHierarchy HIERARCHY =
            new ClassHierarchy(ClassBytesLookup.ofClassLoader(UninitializedObjectGuardTest.class.getClassLoader()));

    private static MethodNode run(String name) {
        byte[] b = new UninitializedShapes("p/Owner").build(UninitializedShapes.Shape.DUP_DUP_SWAP, name);
        ClassNode c = new ClassNode();
        new ClassReader(b).accept(c, ClassReader.SKIP_FRAMES);
        return c.methods.stream().filter(m -> m.name.equals("run")).findFirst().orElseThrow();
    }

    private static List<Integer> awaits(MethodNode m) {
        List<Integer> idx = new ArrayList<>();
        for (MethodInsnNode call : AwaitCalls.in(m.instructions)) {
            idx.add(m.instructions.indexOf(call));
        }
        return idx;
    }

    @Test
    void aRewriteThatKeepsTheFramesPasses() throws Exception {
        MethodNode m = run("p/Good");
        ConstructorArgumentHoister h = ConstructorArgumentHoister.hoist(new FlowAnalyzer(HIERARCHY).run("p/Good", m), awaits(m));
        assertNotNull(h);
        h.check(new FlowAnalyzer(HIERARCHY).run("p/Good", m));
    }

    @Test
    void aRewriteThatLeavesAnExtraValueOnTheStackIsAnInternalError() throws Exception {
        MethodNode m = run("p/Bad");
        ConstructorArgumentHoister h = ConstructorArgumentHoister.hoist(new FlowAnalyzer(HIERARCHY).run("p/Bad", m), awaits(m));
        assertNotNull(h);
        // spoil it: an extra int from the placeholder to the await
        AbstractInsnNode placeholder = null;
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n.getOpcode() == Opcodes.ACONST_NULL) {
                placeholder = n;
                break;
            }
        }
        m.instructions.insert(placeholder, new InsnNode(Opcodes.ICONST_0));
        m.instructions.insertBefore(AwaitCalls.in(m.instructions).get(0).getPrevious().getPrevious(),
                new InsnNode(Opcodes.POP));
        m.maxStack += 1;
        Flow spoiled = new FlowAnalyzer(HIERARCHY).run("p/Bad", m);
        WeaveFailure f = assertThrows(WeaveFailure.class, () -> h.check(spoiled));
        assertEquals("internal weaver error: moving uninitialized objects out of the way of await() went wrong"
                + " (the operand stack changed depth)", f.getMessage());
    }
}
