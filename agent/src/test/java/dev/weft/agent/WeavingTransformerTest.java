package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import dev.weft.weaver.WeavingScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeavingTransformerTest {
    private static final String HELLO = "package p;\n"
            + "import dev.weft.*;\n"
            + "import static dev.weft.Weft.*;\n"
            + "public class Hello {\n"
            + "    @Async Task<String> hello() {\n"
            + "        await(sleep(1));\n"
            + "        return Task.of(\"hello\");\n"
            + "    }\n"
            + "}\n";
    private static final String BAD = "package p;\n"
            + "import dev.weft.*;\n"
            + "import static dev.weft.Weft.*;\n"
            + "public class Bad {\n"
            + "    @Async Task<Void> locked() {\n"
            + "        synchronized (this) {\n"
            + "            await(sleep(1));\n"
            + "        }\n"
            + "        return Task.done();\n"
            + "    }\n"
            + "}\n";
    private static final String PLAIN = "package p;\n"
            + "public class Plain { int answer() { return 42; } }\n";
    /** Uses the runtime, without @Async or await: needs no weaving. */
    private static final String USER = "package p;\n"
            + "public class User { dev.weft.Task<Integer> answer() { return dev.weft.Task.of(42); } }\n";

    /** The user's own Task, a CompletableFuture, returned by an @Async method. */
    private static final String OWN_TASK = "package q;\n"
            + "public class Task<T> extends java.util.concurrent.CompletableFuture<T> { }\n";
    private static final String JOBS = "package q;\n"
            + "import dev.weft.Async;\n"
            + "import static dev.weft.Weft.*;\n"
            + "public class Jobs {\n"
            + "    @Async Task<String> make() {\n"
            + "        Task<String> t = new Task<>();\n"
            + "        t.complete(\"v\" + await(dev.weft.Task.of(1)));\n"
            + "        return t;\n"
            + "    }\n"
            + "}\n";

    @TempDir
    static Path classes;
    private static ClassLoader loader;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Reporter reporter = new Reporter(() -> new PrintStream(err, true, StandardCharsets.UTF_8));
    private final List<String> defined = new ArrayList<>();
    private final Map<String, byte[]> definedBytes = new LinkedHashMap<>();
    private final ClassDefiner recorder = (l, domain, name, bytes) -> {
        defined.add(name);
        definedBytes.put(name, bytes);
    };

    @BeforeAll
    static void compile() throws IOException {
        Javac.compile(Map.of("p.Hello", HELLO, "p.Bad", BAD, "p.Plain", PLAIN, "p.User", USER, "q.Task", OWN_TASK,
                "q.Jobs", JOBS), classes, List.of(Javac.runtime()));
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, WeavingTransformerTest.class.getClassLoader());
    }

    private byte[] transform(WeavingTransformer t, String name) {
        return t.transform(loader, name, null, null, Javac.read(classes, name));
    }

    @Test
    void weavesLikeTheWeaverAndDefinesTheFrameClassesFirst() {
        byte[] original = Javac.read(classes, "p/Hello");
        WeaveResult direct = new Weaver(ClassBytesLookup.ofClassLoader(loader)).weave(original);

        byte[] woven = new WeavingTransformer(recorder, reporter, null).transform(loader, "p/Hello", null, null, original);

        assertTrue(direct.isWoven());
        assertArrayEquals(direct.bytes(), woven, "the agent must produce the weaver's (and so the plugin's) bytes");
        assertEquals(List.of("p.Hello$weft$hello$0"), defined);
        assertArrayEquals(direct.generatedClasses().get("p/Hello$weft$hello$0"), definedBytes.get("p.Hello$weft$hello$0"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void weavesAClassDefinedWithoutAName() {
        // ClassLoader.defineClass(null, bytes, ...): the JVM passes a null name; the name is in the bytes
        byte[] original = Javac.read(classes, "p/Hello");
        WeaveResult direct = new Weaver(ClassBytesLookup.ofClassLoader(loader)).weave(original);

        byte[] woven = new WeavingTransformer(recorder, reporter, null).transform(loader, null, null, null, original);

        assertArrayEquals(direct.bytes(), woven);
        assertEquals(List.of("p.Hello$weft$hello$0"), defined);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void leavesBytesWithoutANameThatAreNoClassToTheJvm() {
        byte[] garbage = "CAFEBABE dev/weft/Weft but not a class".getBytes(StandardCharsets.US_ASCII);
        assertNull(new WeavingTransformer(recorder, reporter, null).transform(loader, null, null, null, garbage));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void leavesClassesWithoutAsyncAlone() {
        WeavingTransformer t = new WeavingTransformer(recorder, reporter, null);
        assertNull(transform(t, "p/Plain"));
        assertNull(transform(t, "p/User"));
        assertEquals(List.of(), defined);
        assertEquals(0, t.weavers().size(), "skipped by the byte scan, before any weaver is made");
    }

    @Test
    void leavesBootClassesAndRedefinitionsAlone() {
        WeavingTransformer t = new WeavingTransformer(recorder, reporter, null);
        byte[] hello = Javac.read(classes, "p/Hello");
        assertNull(t.transform(null, "p/Hello", null, null, hello));
        assertNull(t.transform(loader, "p/Hello", Object.class, null, hello));
        assertEquals(List.of(), defined);
    }

    @Test
    void leavesTheRuntimeAlone() throws IOException {
        byte[] weft;
        try (var in = dev.weft.Weft.class.getResourceAsStream("Weft.class")) {
            weft = in.readAllBytes();
        }
        assertNull(new WeavingTransformer(recorder, reporter, null).transform(loader, "dev/weft/Weft", null, null, weft));
        assertTrue(WeavingScope.isRuntimeClass("dev/weft/Task"));
        assertFalse(WeavingScope.isRuntimeClass("dev/weft/samples/Hello"));
        assertFalse(WeavingScope.isRuntimeClass("com/acme/Weft"));
    }

    @Test
    void reportsAWeavingErrorOnceWithFileAndLineAndLeavesTheClassUnwoven() {
        WeavingTransformer t = new WeavingTransformer(recorder, reporter, null);
        assertNull(transform(t, "p/Bad"));
        assertNull(transform(t, "p/Bad"));

        String[] lines = err.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("[weft] Bad.java:7: error: "), lines[0]);
        assertEquals("[weft] left p.Bad unwoven; its await() calls will throw", lines[1]);
    }

    @Test
    void recordsWhyItLeftAClassUnwovenForTheRuntimesNotWovenError() {
        assertNull(transform(new WeavingTransformer(recorder, reporter, null), "p/Bad"));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(lines[0].substring("[weft] ".length()), Refusals.reasonFor("p.Bad"));
        assertNull(Refusals.reasonFor("p.Hello"));
    }

    @Test
    void namesTheUsersOwnTaskTypeInFull() {
        assertNull(transform(new WeavingTransformer(recorder, reporter, null), "q/Jobs"));
        assertEquals("[weft] Jobs.java:6: error: @Async method must return Task, CompletionStage or CompletableFuture:"
                + " Jobs.make() returns q.Task, not dev.weft.Task; declare it to return dev.weft.Task<T>,"
                + " java.util.concurrent.CompletableFuture<T> or java.util.concurrent.CompletionStage<T>; a method declared"
                + " CompletableFuture<T> or CompletionStage<T> can still return a q.Task that is one\n"
                + "[weft] left q.Jobs unwoven; its await() calls will throw\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void leavesTheClassUnwovenWhenItsFrameClassesCannotBeDefined() {
        ClassDefiner refusing = (l, domain, name, bytes) -> {
            throw new SecurityException("no");
        };
        assertNull(transform(new WeavingTransformer(refusing, reporter, null), "p/Hello"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "[weft] left p.Hello unwoven: cannot define its frame classes in "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void neverThrowsAtTheJvm() {
        byte[] garbage = "CAFEBABE dev/weft/Weft but not a class".getBytes(StandardCharsets.US_ASCII);
        assertNull(new WeavingTransformer(recorder, reporter, null).transform(loader, "p/Garbage", null, null, garbage));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("[weft] "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void doesNotWeaveClassesLoadedWhileWeaving() {
        byte[][] inner = new byte[1][];
        WeavingTransformer[] self = new WeavingTransformer[1];
        ClassDefiner reentering = (l, domain, name, bytes) -> {
            // Defining a frame class runs the transformers again, on this thread.
            inner[0] = self[0].transform(loader, "p/Hello", null, null, Javac.read(classes, "p/Hello"));
        };
        self[0] = new WeavingTransformer(reentering, reporter, null);
        assertNotNull(transform(self[0], "p/Hello"));
        assertNull(inner[0]);
    }

    @Test
    void dumpsWovenAndFrameClasses(@TempDir Path dump) throws IOException {
        byte[] woven = transform(new WeavingTransformer(recorder, reporter, new ClassDump(dump)), "p/Hello");

        assertArrayEquals(woven, Files.readAllBytes(dump.resolve("p/Hello.class")));
        assertArrayEquals(definedBytes.get("p.Hello$weft$hello$0"), Files.readAllBytes(dump.resolve("p/Hello$weft$hello$0.class")));
    }

    @Test
    void keepsOneWeaverPerClassLoader() {
        WeavingTransformer t = new WeavingTransformer(recorder, reporter, null);
        transform(t, "p/Hello");
        transform(t, "p/Bad");
        assertEquals(1, t.weavers().size());
    }
}
