package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.WovenProgram;

import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weaving adds non-private synthetic methods, which would change the default serialVersionUID of a
 * Serializable class: the woven class keeps the one of the class as compiled, for plain, nested,
 * Externalizable classes and ones with a static initializer; a class that declares its own, and
 * enums and records (whose serialVersionUID the JVM ignores), are left as they are.
 */
class SerialVersionTest {
    static final String SOURCE = """
            package p;
            import dev.weft.*;
            import static dev.weft.Weft.*;
            import java.io.*;
            public class Ser implements Serializable {
                public int count;
                protected transient String name = "n";
                private static final java.util.List<String> NAMES = new java.util.ArrayList<>();
                static { NAMES.add("x"); }
                public Ser() { }
                Ser(int count) { this.count = count; }
                @Async public Task<Integer> twice(Task<Integer> t) { return Task.of(2 * await(t)); }
                @Async private Task<Integer> hidden(Task<Integer> t) { return Task.of(await(t)); }
                public static class Nested implements Serializable {
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
                private static class Hidden implements Serializable {
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                    Runnable lambda() { return () -> { }; }
                }
                protected static final class Ext implements Externalizable {
                    public Ext() { }
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                    public void writeExternal(ObjectOutput out) { }
                    public void readExternal(ObjectInput in) { }
                }
                static class Declared implements Serializable {
                    private static final long serialVersionUID = 42L;
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
                static class Sub extends Ser {
                    @Async static Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
                enum Color {
                    RED;
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
                record Point(int x) implements Serializable {
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
                static class NotSerializable {
                    @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                }
            }
            """;

    static final List<String> KEPT = List.of("p.Ser", "p.Ser$Nested", "p.Ser$Hidden", "p.Ser$Ext", "p.Ser$Sub");
    static final List<String> LEFT = List.of("p.Ser$Declared", "p.Ser$Color", "p.Ser$Point", "p.Ser$NotSerializable");

    @ParameterizedTest
    @EnumSource(SourceCompiler.class)
    void wovenSerializableClassesKeepTheDefaultSerialVersionUidOfTheClassAsCompiled(SourceCompiler compiler)
            throws Exception {
        WovenProgram plain = WovenProgram.builder().compiler(compiler).release(17).source("p.Ser", SOURCE).weave(false).build();
        WovenProgram woven = WovenProgram.builder().compiler(compiler).release(17).source("p.Ser", SOURCE).build();
        List<String> all = new ArrayList<>(KEPT);
        all.addAll(LEFT);
        for (String name : all) {
            assertEquals(WeaveResult.Status.WOVEN, woven.result(name).status(), name);
            assertEquals(suid(plain.load(name)), suid(woven.load(name)), name);
        }
        for (String name : KEPT) {
            Field f = woven.load(name).getDeclaredField("serialVersionUID");
            f.setAccessible(true);
            assertEquals(suid(plain.load(name)), f.getLong(null), name);
        }
        for (String name : LEFT) {
            assertEquals(name.endsWith("Declared") ? 1 : 0, serialVersionUidFields(woven.load(name)), name);
        }
        assertEquals(42L, suid(woven.load("p.Ser$Declared")));
        assertEquals(0L, suid(woven.load("p.Ser$Color")));
        assertEquals(0L, suid(woven.load("p.Ser$Point")));
        // what weaving would have changed: the default computed for the woven class's own members
        assertNotEquals(suid(plain.load("p.Ser")), SerialVersion.defaultOf(node(woven.bytes("p.Ser"))));
    }

    /**
     * A supertype missing from the lookup leaves the weaver unable to tell whether the class is
     * Serializable: it says so (the class is still woven, its frames need nothing from the supertype).
     */
    @org.junit.jupiter.api.Test
    void aClassWhoseSupertypeIsMissingIsWovenWithAWarningAboutItsSerialVersionUid() {
        java.util.Map<String, byte[]> compiled = SourceCompiler.JAVAC.compile(java.util.Map.of(
                "p.Base", "package p; public class Base implements java.io.Serializable { }",
                "p.Child", """
                        package p;
                        import dev.weft.*;
                        import static dev.weft.Weft.*;
                        public class Child extends Base {
                            @Async Task<String> s(Task<String> t) { return Task.of(await(t)); }
                        }
                        """), 17);
        java.util.Map<String, byte[]> withoutBase = new java.util.HashMap<>(compiled);
        withoutBase.remove("p/Base");
        WeaveResult r = new Weaver(ClassBytesLookup.ofMap(withoutBase)
                .orElse(ClassBytesLookup.ofClassLoader(getClass().getClassLoader()))).weave(compiled.get("p/Child"));
        assertEquals(WeaveResult.Status.WOVEN, r.status());
        assertEquals(List.of("WARNING p.Child: cannot tell whether p.Child is Serializable: its supertype p.Base was not"
                + " found, so if it is, weaving changed its default serialVersionUID | put p.Base on the weaving class"
                + " path, or declare 'private static final long serialVersionUID' in p.Child"),
                r.diagnostics().stream().map(d -> d.kind() + " " + d.className() + ": " + d.message() + " | " + d.hint())
                        .collect(java.util.stream.Collectors.toList()));
    }

    private static long suid(Class<?> c) {
        ObjectStreamClass d = ObjectStreamClass.lookupAny(c);
        return d.getSerialVersionUID();
    }

    private static int serialVersionUidFields(Class<?> c) {
        int n = 0;
        for (Field f : c.getDeclaredFields()) {
            n += f.getName().equals("serialVersionUID") ? 1 : 0;
        }
        return n;
    }

    private static org.objectweb.asm.tree.ClassNode node(byte[] bytes) {
        org.objectweb.asm.tree.ClassNode n = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(bytes).accept(n, 0);
        n.fields.removeIf(f -> f.name.equals("serialVersionUID"));
        return n;
    }
}
