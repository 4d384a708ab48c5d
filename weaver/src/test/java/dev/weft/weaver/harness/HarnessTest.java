package dev.weft.weaver.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveResult;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Tests of the harness itself: it must work before the weaver does. */
class HarnessTest {
    static final String PLAIN = String.join("\n",
            "package h;",
            "import dev.weft.*;",
            "import java.util.function.*;",
            "public class Plain {",
            "    static int counter;",
            "    final int base;",
            "    Plain(int base) { this.base = base; }",
            "    static int add(int a, int b) { return a + b; }",
            "    private static String join(String sep, String... parts) { return String.join(sep, parts); }",
            "    int plus(int x) { return base + x; }",
            "    static Task<Integer> ready(int v) { return Task.of(v); }",
            "    static Task<Integer> later(int v) { return Weft.createTask(() -> Task.of(v * 2)); }",
            "    static java.util.concurrent.CompletableFuture<String> future() {",
            "        return java.util.concurrent.CompletableFuture.completedFuture(\"f\"); }",
            "    static void fail() throws IOException { throw new IOException(\"io\"); }",
            "    static Supplier<Integer> lambda() { return () -> new Object() { int v() { return 7; } }.v(); }",
            "    static int line() { return new Throwable().getStackTrace()[0].getLineNumber(); } // LINE",
            "    interface Shape { default int sides() { return 0; } }",
            "    enum Color implements Shape { RED, GREEN; public int sides() { return ordinal() + 3; } }",
            "    static int sides(String c) { return Color.valueOf(c).sides(); }",
            "    static java.io.IOException IOEXC;",
            "}",
            "class IOException extends java.io.IOException { IOException(String m) { super(m); } }",
            "");

    static Stream<Arguments> toolchains() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (SourceCompiler c : SourceCompiler.values()) {
            for (int r : Releases.all(c)) {
                b.add(Arguments.of(c, r));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} --release {1}")
    @MethodSource("toolchains")
    void compilesLoadsAndRunsUnwovenCode(SourceCompiler compiler, int release) {
        WovenProgram w = WovenProgram.compile(compiler, release, "h.Plain", PLAIN);
        int major = new ClassReader(w.compiledBytes("h.Plain")).readUnsignedShort(6);
        assertEquals(release + 44, major, "class file version");
        assertEquals(3, w.call("h.Plain", "add", 1, 2));
        assertEquals("a-b", w.call("h.Plain", "join", "-", new String[] {"a", "b"}));
        Object p = w.newInstance("h.Plain", 10);
        assertEquals(15, w.callOn(p, "plus", 5));
        assertEquals(4, (int) w.run("h.Plain", "ready", 4));
        assertEquals(8, (int) w.run("h.Plain", "later", 4));
        assertEquals("f", w.run("h.Plain", "future"));
        assertEquals(4, w.call("h.Plain", "sides", "GREEN"));
        IOException e = assertThrows(IOException.class, () -> w.call("h.Plain", "fail"));
        assertEquals("io", e.getMessage());
        assertEquals("h.IOException", e.getClass().getName(), "the source's own class, not java.io's");
        assertEquals(Sources.lineOf(PLAIN, "// LINE"), w.call("h.Plain", "line"), "compiled with -g");
        assertSame(w.loader(), w.load("h.Plain").getClassLoader());
        assertSame(Task.class, w.load("dev.weft.Task"), "runtime shared with the test");
        assertTrue(w.compiledClasses().containsKey("h/Plain$Color"));
        // PLAIN has no @Async method and no await: the weaver leaves every class as compiled and says nothing
        assertEquals(w.compiledClasses().keySet(), w.results().keySet(), "one result per compiled class");
        assertEquals(w.compiledClasses().keySet(), w.classes().keySet(), "no generated classes");
        w.results().forEach((name, r) -> {
            assertEquals(WeaveResult.Status.UNCHANGED, r.status(), name);
            assertArrayEquals(w.compiledBytes(name), r.bytes(), name);
            assertArrayEquals(w.compiledBytes(name), w.bytes(name), name);
            assertEquals(Map.of(), r.generatedClasses(), name);
            assertEquals(List.of(), r.diagnostics(), name);
        });
    }

    @Test
    void staticStateIsPerCompilation() {
        WovenProgram a = WovenProgram.compile("h.Plain", PLAIN);
        WovenProgram b = WovenProgram.compile("h.Plain", PLAIN);
        assertNotSame(a.load("h.Plain"), b.load("h.Plain"));
        a.setStatic("h.Plain", "counter", 5);
        assertEquals(5, a.getStatic("h.Plain", "counter"));
        assertEquals(0, b.getStatic("h.Plain", "counter"));
        assertSame(WovenProgram.builder().source("h.Plain", PLAIN).buildCached(),
                WovenProgram.builder().source("h.Plain", PLAIN).buildCached());
    }

    @Test
    void classFilesAreResourcesOfTheLoader() throws Exception {
        WovenProgram w = WovenProgram.compile("h.Plain", PLAIN);
        try (InputStream in = w.loader().getResourceAsStream("h/Plain.class")) {
            assertArrayEquals(w.bytes("h.Plain"), in.readAllBytes());
        }
        try (InputStream in = w.loader().getResource("h/Plain$Color.class").openStream()) {
            assertArrayEquals(w.bytes("h.Plain$Color"), in.readAllBytes());
        }
        assertArrayEquals(w.bytes("h.Plain"), ClassBytesLookup.ofClassLoader(w.loader()).find("h/Plain"));
    }

    @Test
    void compilationErrorsCarryTheCompilersMessages() {
        String bad = "package h; public class Bad { int f() { return \"s\"; } }";
        for (SourceCompiler c : SourceCompiler.values()) {
            CompilationFailedError e = assertThrows(CompilationFailedError.class,
                    () -> WovenProgram.compile(c, 17, "h.Bad", bad));
            assertTrue(e.getMessage().contains("h/Bad.java:1"), e.getMessage());
            assertTrue(e.getMessage().contains("String"), e.getMessage());
        }
    }

    @Test
    void awaitInUnwovenCodeSaysSo() {
        String src = String.join("\n",
                "package h;",
                "import dev.weft.*;",
                "import static dev.weft.Weft.*;",
                "public class Unwoven {",
                "    @Async static Task<Integer> f() { return Task.of(await(Task.of(1)) + 1); }",
                "}");
        WovenProgram w = WovenProgram.builder().source("h.Unwoven", src).weave(false).build();
        dev.weft.NotWovenError e = assertThrows(dev.weft.NotWovenError.class, () -> w.run("h.Unwoven", "f"));
        assertTrue(e.getMessage().contains("not woven"), e.getMessage());
        assertTrue(e.getMessage().contains("h.Unwoven.f"), e.getMessage());
    }

    @Test
    void asmVerifierRejectsBrokenBytes() {
        WovenProgram w = WovenProgram.builder().source("h.Plain", PLAIN).weave(false).build();
        byte[] broken = breakMethod(w.compiledBytes("h.Plain"), "add");
        AssertionError e = assertThrows(AssertionError.class,
                () -> ClassVerifier.verify(broken, new ChildFirstClassLoader(Map.of("h/Plain", broken),
                        getClass().getClassLoader())));
        assertTrue(e.getMessage().contains("ASM verification of h/Plain failed"), e.getMessage());
        assertTrue(e.getMessage().contains("add"), e.getMessage());
    }

    @Test
    void jvmVerifierRunsOnLoadedClasses() {
        WovenProgram w = WovenProgram.builder().source("h.Plain", PLAIN).weave(false).build();
        byte[] broken = breakMethod(w.compiledBytes("h.Plain"), "add");
        ChildFirstClassLoader l = new ChildFirstClassLoader(Map.of("h/Plain", broken), getClass().getClassLoader());
        assertThrows(VerifyError.class, () -> Class.forName("h.Plain", true, l));
    }

    /** Replaces {@code name}'s body with one that adds an int to a string: bad types, consistent frames. */
    private static byte[] breakMethod(byte[] bytes, String name) {
        ClassWriter cw = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, cw) {
            @Override
            public MethodVisitor visitMethod(int access, String n, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(access, n, desc, sig, ex);
                if (!n.equals(name)) {
                    return mv;
                }
                mv.visitCode();
                mv.visitLdcInsn("x");
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitInsn(Opcodes.IADD);
                mv.visitInsn(Opcodes.IRETURN);
                mv.visitMaxs(2, 2);
                mv.visitEnd();
                return null;
            }
        }, 0);
        return cw.toByteArray();
    }
}
