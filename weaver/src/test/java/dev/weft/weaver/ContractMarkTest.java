package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.Contract;
import dev.weft.weaver.harness.WovenProgram;
import java.io.ObjectStreamClass;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Every woven class records the runtime contract it was woven for: {@code @Woven(contract = 4)} on
 * it and on its frame classes, and {@code Contract.check(4, TheClass.class)} first in its static
 * initializer (made when it has none, interfaces too), which changes no serialVersionUID. Its frames
 * name the woven method for reports with a constant.
 */
class ContractMarkTest {
    static final String SOURCE = """
            package p;
            import dev.weft.*;
            import static dev.weft.Weft.*;
            public class C implements java.io.Serializable {
                static final java.util.List<String> LOG = new java.util.ArrayList<>();
                static { LOG.add("clinit ran"); }
                @Async static Task<Integer> twice(Task<Integer> t) { return Task.of(2 * await(t)); }
                public static class NoInit implements java.io.Serializable {
                    public int n;
                    @Async public Task<Integer> same(Task<Integer> t) { return Task.of(await(t)); }
                }
                public interface Api {
                    @Async default Task<Integer> plusOne(Task<Integer> t) { return Task.of(await(t) + 1); }
                }
                private static final class Impl implements Api { }
                static Api api() { return new Impl(); }
            }
            """;

    private static WovenProgram woven() {
        return WovenProgram.builder().source("p.C", SOURCE).buildCached();
    }

    @Test
    void wovenClassesAndTheirFramesSayWhichContractTheyWereWovenFor() {
        WovenProgram w = woven();
        List<String> marked = new ArrayList<>(List.of("p.C", "p.C$NoInit", "p.C$Api"));
        marked.addAll(w.generatedClasses());
        assertEquals(6, marked.size(), "three woven classes, three frames: " + marked);
        for (String name : marked) {
            AnnotationNode a = wovenMarker(node(w.bytes(name)));
            assertNotNull(a, name);
            assertEquals(List.of("contract", Contract.VERSION), a.values, name);
        }
        assertEquals(4, Contract.VERSION);
    }

    @Test
    void theStaticInitializerChecksTheContractFirstAndIsMadeWhereThereWasNone() {
        WovenProgram w = woven();
        for (String name : List.of("p.C", "p.C$NoInit", "p.C$Api")) {
            MethodNode clinit = clinit(node(w.bytes(name)));
            assertNotNull(clinit, name);
            List<AbstractInsnNode> first = new ArrayList<>();
            for (AbstractInsnNode i = clinit.instructions.getFirst(); first.size() < 3; i = i.getNext()) {
                first.add(i);
            }
            assertEquals(4, ((LdcInsnNode) first.get(0)).cst, name);
            assertEquals(Type.getObjectType(name.replace('.', '/')), ((LdcInsnNode) first.get(1)).cst, name);
            MethodInsnNode check = (MethodInsnNode) first.get(2);
            assertEquals(Opcodes.INVOKESTATIC, check.getOpcode());
            assertEquals("dev/weft/internal/Contract.check(ILjava/lang/Class;)V", check.owner + "." + check.name + check.desc);
        }
        assertNotNull(clinit(node(w.compiledBytes("p.C"))), "p.C had an initializer of its own");
        assertEquals(null, clinit(node(w.compiledBytes("p.C$NoInit"))));
        assertEquals(null, clinit(node(w.compiledBytes("p.C$Api"))));
        // the class's own initializer still runs after the check, and woven code runs
        assertEquals(List.of("clinit ran"), w.getStatic("p.C", "LOG"));
        assertEquals(42, (int) w.run("p.C", "twice", dev.weft.Task.of(21)));
        Object api = w.call("p.C", "api");
        assertEquals(8, (int) dev.weft.Weft.run(() -> WovenProgram.<Integer>asTask(w.callOn(api, "plusOne", dev.weft.Task.of(7)))));
    }

    @Test
    void theInitializerAddedForTheCheckKeepsTheSerialVersionUid() throws Exception {
        WovenProgram plain = WovenProgram.builder().source("p.C", SOURCE).weave(false).buildCached();
        WovenProgram w = woven();
        for (String name : List.of("p.C", "p.C$NoInit")) {
            long compiled = ObjectStreamClass.lookupAny(plain.load(name)).getSerialVersionUID();
            assertEquals(compiled, ObjectStreamClass.lookupAny(w.load(name)).getSerialVersionUID(), name);
        }
        // without the kept field, the added initializer alone would change p.C$NoInit's default
        ClassNode noInit = node(w.bytes("p.C$NoInit"));
        noInit.fields.removeIf(f -> f.name.equals("serialVersionUID"));
        noInit.methods.removeIf(m -> !m.name.equals("<clinit>") && !m.name.equals("<init>") && !m.name.equals("same"));
        ClassNode compiled = node(w.compiledBytes("p.C$NoInit"));
        assertFalse(SerialVersion.defaultOf(compiled) == SerialVersion.defaultOf(noInit),
                "the added <clinit> changes the default hash");
    }

    @Test
    void framesNameTheWovenMethodWithAConstant() throws Exception {
        WovenProgram w = woven();
        List<String> names = new ArrayList<>();
        for (String frame : w.generatedClasses()) {
            Method m = w.load(frame).getDeclaredMethod("method");
            assertTrue(java.lang.reflect.Modifier.isFinal(m.getModifiers()));
            m.setAccessible(true);
            Object instance = null;
            for (MethodNode mn : node(w.bytes(frame)).methods) {
                if (mn.name.equals("method")) {
                    assertEquals(List.of(Opcodes.LDC, Opcodes.ARETURN), opcodes(mn));
                    instance = ((LdcInsnNode) mn.instructions.getFirst()).cst;
                }
            }
            names.add((String) instance);
        }
        names.sort(null);
        assertEquals(List.of("p.C$Api.plusOne", "p.C$NoInit.same", "p.C.twice"), names);
    }

    @Test
    void aClassWovenBeforeTheContractHadAVersionIsRefused() {
        ClassNode old = node(woven().compiledBytes("p.C$NoInit"));
        old.invisibleAnnotations = new ArrayList<>(List.of(new AnnotationNode("Ldev/weft/Woven;")));
        org.objectweb.asm.ClassWriter out = new org.objectweb.asm.ClassWriter(0);
        old.accept(out);
        WeaveResult r = new Weaver(ClassBytesLookup.ofClassLoader(getClass().getClassLoader())).weave(out.toByteArray());
        assertEquals(WeaveResult.Status.FAILED, r.status());
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("p.C$NoInit was woven by Weft 0.x (marked @dev.weft.Woven), for a runtime contract without a"
                + " version that this runtime does not implement", d.message());
        assertEquals("weave the original class files again with this Weft version", d.hint());
        assertEquals("C.java", d.sourceFile());
    }

    private static List<Integer> opcodes(MethodNode m) {
        List<Integer> ops = new ArrayList<>();
        for (AbstractInsnNode i : m.instructions) {
            if (i.getOpcode() >= 0) {
                ops.add(i.getOpcode());
            }
        }
        return ops;
    }

    private static AnnotationNode wovenMarker(ClassNode c) {
        if (c.invisibleAnnotations != null) {
            for (AnnotationNode a : c.invisibleAnnotations) {
                if (a.desc.equals("Ldev/weft/internal/Woven;")) {
                    return a;
                }
            }
        }
        return null;
    }

    private static MethodNode clinit(ClassNode c) {
        for (MethodNode m : c.methods) {
            if (m.name.equals("<clinit>")) {
                return m;
            }
        }
        return null;
    }

    private static ClassNode node(byte[] bytes) {
        ClassNode n = new ClassNode();
        new ClassReader(bytes).accept(n, 0);
        return n;
    }
}
