package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDirectoryWeaverTest {
    @TempDir
    Path tmp;
    Path classes;
    Path state;
    FakeTransformer fake;

    @BeforeEach
    void setUp() throws IOException {
        classes = Files.createDirectories(tmp.resolve("classes"));
        state = tmp.resolve("weft/weave.state");
        fake = new FakeTransformer();
    }

    private ClassDirectoryWeaver weaver() {
        return weaver(AntPatternFilter.all());
    }

    private ClassDirectoryWeaver weaver(AntPatternFilter filter) {
        // Trust every recorded time, however recent: the tests run faster than timestamps tick.
        return new ClassDirectoryWeaver(classes, fake, filter, state, "test").racyWindowMillis(-60_000);
    }

    /** A weaver with {@code options}; the fake marks its output with them. */
    private ClassDirectoryWeaver weaver(String options) {
        fake.mark = options.isEmpty() ? "" : " " + options;
        return new ClassDirectoryWeaver(classes, fake, AntPatternFilter.all(), state, "test", options)
                .racyWindowMillis(-60_000);
    }

    private void put(String rel, String content) throws IOException {
        Path p = classes.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private String read(String rel) throws IOException {
        return Files.readString(classes.resolve(rel));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.walk(classes)) {
            return s.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void weavesInPlaceAndWritesFrameClasses() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher frames=2");
        put("com/acme/Plain.class", "plain");
        put("com/acme/notes.txt", "async not/AClass");

        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals(1, r.woven);
        assertEquals(2, r.frames);
        assertEquals(1, r.unchanged);
        assertEquals(0, r.failed);
        assertEquals("woven com/acme/Fetcher", read("com/acme/Fetcher.class"));
        assertEquals("frame com/acme/Fetcher 0", read("com/acme/Fetcher$weft$0.class"));
        assertEquals("frame com/acme/Fetcher 1", read("com/acme/Fetcher$weft$1.class"));
        assertEquals("plain", read("com/acme/Plain.class"));
        assertEquals(List.of("com/acme/Fetcher$weft$0.class", "com/acme/Fetcher$weft$1.class",
                "com/acme/Fetcher.class", "com/acme/Plain.class", "com/acme/notes.txt"), files());
        assertTrue(Files.isRegularFile(state));
        assertTrue(r.summary().matches("Weft: wove 1 classes \\(2 frame classes\\) in \\d+ ms, 1 unchanged"),
                r.summary());
    }

    @Test
    void visitsClassFilesInSortedOrder() throws IOException {
        put("b/B.class", "plain b/B");
        put("a/Z.class", "plain a/Z");
        put("a/A.class", "plain a/A");
        put("A.class", "plain A");
        weaver().run();
        assertEquals(List.of("plain A", "plain a/A", "plain a/Z", "plain b/B"), fake.seen);
    }

    @Test
    void secondRunReadsNothingAndWritesNothing() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        put("com/acme/Plain.class", "plain");
        weaver().run();
        FileTime wovenTime = Files.getLastModifiedTime(classes.resolve("com/acme/Fetcher.class"));
        fake.seen.clear();

        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals(List.of(), fake.seen);
        assertEquals(0, r.read);
        assertEquals(0, r.woven);
        assertEquals(0, r.frames);
        assertEquals(2, r.unchanged, "frame classes are not counted");
        assertEquals(List.of(), r.written);
        assertEquals(wovenTime, Files.getLastModifiedTime(classes.resolve("com/acme/Fetcher.class")));
    }

    @Test
    void recentTimestampsAreReadAgainButNotRewoven() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        new ClassDirectoryWeaver(classes, fake, null, state, "test").run();
        fake.seen.clear();

        // Default racy window: files written a moment ago are read and hashed, not trusted by time.
        ClassDirectoryWeaver.Report r = new ClassDirectoryWeaver(classes, fake, null, state, "test").run();

        assertEquals(2, r.read);
        assertEquals(List.of(), fake.seen);
        assertEquals(0, r.woven);
        assertEquals(List.of(), r.written);
    }

    @Test
    void touchedButIdenticalClassIsReadButNotWoven() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver().run();
        fake.seen.clear();
        Path woven = classes.resolve("com/acme/Fetcher.class");
        Files.setLastModifiedTime(woven, FileTime.fromMillis(Files.getLastModifiedTime(woven).toMillis() - 10_000));

        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals(1, r.read);
        assertEquals(List.of(), fake.seen);
        assertEquals(1, r.unchanged);
        assertEquals(List.of(), r.written);
    }

    @Test
    void recompiledClassIsWovenAgain() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver().run();
        fake.seen.clear();
        put("com/acme/Fetcher.class", "async com/acme/Fetcher frames=1 "); // new size: recompiled

        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals(List.of("async com/acme/Fetcher frames=1 "), fake.seen);
        assertEquals(1, r.woven);
        assertEquals(1, r.frames);
        assertEquals("woven com/acme/Fetcher", read("com/acme/Fetcher.class"));
    }

    @Test
    void worksWithoutStateAndWithLostState() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        ClassDirectoryWeaver.Report first = new ClassDirectoryWeaver(classes, fake, null, null, "x").run();
        assertEquals(1, first.woven);
        fake.seen.clear();

        // No state: everything is handed to the weaver, which leaves woven classes alone.
        ClassDirectoryWeaver.Report second = new ClassDirectoryWeaver(classes, fake, null, null, "x").run();
        assertEquals(0, second.woven);
        assertEquals(2, second.unchanged);
        assertEquals(List.of("frame com/acme/Fetcher 0", "woven com/acme/Fetcher"), fake.seen);
    }

    @Test
    void corruptStateOrOtherWeaverMeansReadEverything() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver().run();

        ClassDirectoryWeaver.Report other = new ClassDirectoryWeaver(classes, fake, null, state, "other weaver")
                .racyWindowMillis(-60_000).run();
        assertEquals(2, other.read);

        Files.write(state, new byte[] {1, 2, 3});
        ClassDirectoryWeaver.Report corrupt = weaver().run();
        assertEquals(2, corrupt.read);
        assertEquals(0, corrupt.woven);
    }

    @Test
    void classWithErrorsIsNotWrittenAndReportedEveryTime() throws IOException {
        put("com/acme/Bad.class", "bad com/acme/Bad");
        put("com/acme/Good.class", "async com/acme/Good");

        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals("bad com/acme/Bad", read("com/acme/Bad.class"));
        assertEquals("woven com/acme/Good", read("com/acme/Good.class"), "other classes are still woven");
        assertEquals(1, r.failed);
        assertEquals(1, r.errorCount());
        ClassDirectoryWeaver.Reported error = r.problems.get(0);
        assertEquals(classes.resolve("com/acme/Bad.class"), error.classFile);
        assertEquals(42, error.problem.line());
        assertTrue(r.summary().endsWith(", 1 with errors"), r.summary());
        assertFalse(r.written.contains("com/acme/Bad.class"));

        ClassDirectoryWeaver.Report again = weaver().run();
        assertEquals(1, again.errorCount(), "errors are not forgotten by the incremental state");
        assertEquals(1, again.failed);
    }

    @Test
    void warningsAreReplayedWhileTheClassIsUnchanged() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher warn");
        ClassDirectoryWeaver.Report r = weaver().run();
        assertEquals(1, r.warningCount());
        assertEquals(1, r.woven, "warnings do not keep a class from being woven");
        fake.seen.clear();

        ClassDirectoryWeaver.Report again = weaver().run();
        assertEquals(List.of(), fake.seen);
        assertEquals(1, again.warningCount());
        assertEquals(r.problems.get(0).problem, again.problems.get(0).problem);
    }

    @Test
    void transformerFailureIsAnErrorOfThatClass() throws IOException {
        put("com/acme/Boom.class", "throw");
        ClassDirectoryWeaver.Report r = weaver().run();
        assertEquals(1, r.failed);
        assertEquals("com.acme.Boom", r.problems.get(0).problem.className());
        assertTrue(r.problems.get(0).problem.message().contains("boom"));
        assertEquals("throw", read("com/acme/Boom.class"));
    }

    @Test
    void includesAndExcludes() throws IOException {
        put("com/acme/api/A.class", "async com/acme/api/A");
        put("com/acme/impl/B.class", "async com/acme/impl/B");
        put("com/acme/impl/BTest.class", "async com/acme/impl/BTest");
        put("org/other/C.class", "async org/other/C");

        ClassDirectoryWeaver.Report r = weaver(new AntPatternFilter(List.of("com/acme/**/*.class"),
                List.of("**/*Test.class"))).run();

        assertEquals(2, r.woven);
        assertEquals("woven com/acme/api/A", read("com/acme/api/A.class"));
        assertEquals("woven com/acme/impl/B", read("com/acme/impl/B.class"));
        assertEquals("async com/acme/impl/BTest", read("com/acme/impl/BTest.class"));
        assertEquals("async org/other/C", read("org/other/C.class"));
    }

    @Test
    void staleFramesAreDeleted() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher frames=3");
        put("com/acme/Gone.class", "async com/acme/Gone");
        weaver().run();
        assertTrue(Files.exists(classes.resolve("com/acme/Fetcher$weft$2.class")));

        put("com/acme/Fetcher.class", "async com/acme/Fetcher frames=1");
        Files.delete(classes.resolve("com/acme/Gone.class"));
        ClassDirectoryWeaver.Report r = weaver().run();

        assertEquals(3, r.deleted);
        assertEquals(List.of("com/acme/Fetcher$weft$0.class", "com/acme/Fetcher.class"), files());
    }

    @Test
    void frameOfAClassThatBecameUnchangedIsDeleted() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver().run();
        put("com/acme/Fetcher.class", "plain, @Async removed");
        ClassDirectoryWeaver.Report r = weaver().run();
        assertEquals(1, r.deleted);
        assertEquals(List.of("com/acme/Fetcher.class"), files());
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        for (int i = 0; i < 20; i++) {
            put("p/C" + i + ".class", "async p/C" + i);
        }
        weaver().run();
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".weft-tmp")).collect(Collectors.toList()));
        }
        assertEquals(40, files().size());
    }

    @Test
    void missingDirectoryIsNothingToDo() throws IOException {
        ClassDirectoryWeaver.Report r = new ClassDirectoryWeaver(tmp.resolve("nope"), fake, null, state, "t").run();
        assertEquals(0, r.woven + r.unchanged + r.failed);
        assertFalse(Files.exists(state));
    }

    @Test
    void refusesGeneratedNamesOutsideTheDirectory() throws IOException {
        put("p/Evil.class", "evil");
        ClassTransformer evil = bytes -> dev.weft.weaver.WeaveResults.woven(bytes,
                java.util.Map.of("../../escape", "x".getBytes(StandardCharsets.UTF_8)), List.of());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new ClassDirectoryWeaver(classes, evil, null, state, "t").run());
        assertFalse(Files.exists(tmp.resolve("escape.class")));
    }

    // ---- options changed between builds ---------------------------------------------------------

    /**
     * Bug: a class woven by an earlier build stayed woven with that build's options (keepLocals):
     * the compiler does not recompile an unchanged source, and woven bytes read as woven already.
     */
    @Test
    void aClassWovenWithOtherOptionsIsWovenAgainFromItsUnwovenBytes() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher frames=2");
        put("com/acme/Plain.class", "plain");
        assertEquals(1, weaver("keepLocals=false").run().woven);
        assertEquals("woven com/acme/Fetcher keepLocals=false", read("com/acme/Fetcher.class"));

        ClassDirectoryWeaver.Report r = weaver("keepLocals=true").run();

        assertEquals(1, r.woven);
        assertEquals(1, r.rewoven);
        assertEquals(2, r.frames);
        assertEquals(0, r.failed);
        assertEquals("woven com/acme/Fetcher keepLocals=true", read("com/acme/Fetcher.class"));
        assertEquals("frame com/acme/Fetcher 0 keepLocals=true", read("com/acme/Fetcher$weft$0.class"));
        assertEquals("frame com/acme/Fetcher 1 keepLocals=true", read("com/acme/Fetcher$weft$1.class"));
        assertEquals("plain", read("com/acme/Plain.class"));
        assertTrue(r.summary().endsWith(", 1 unchanged, 1 woven again for other options"), r.summary());

        ClassDirectoryWeaver.Report again = weaver("keepLocals=true").run();
        assertEquals(0, again.woven);
        assertEquals("woven com/acme/Fetcher keepLocals=true", read("com/acme/Fetcher.class"));

        // back: woven from the same unwoven bytes
        assertEquals(1, weaver("keepLocals=false").run().rewoven);
        assertEquals("woven com/acme/Fetcher keepLocals=false", read("com/acme/Fetcher.class"));
    }

    @Test
    void aClassRecompiledWithoutAsyncLeavesNoUnwovenBytesBehind() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver("keepLocals=false").run();
        Path kept = tmp.resolve("weft/weave-unwoven/com/acme/Fetcher.class");
        assertEquals("async com/acme/Fetcher", Files.readString(kept));

        put("com/acme/Fetcher.class", "plain now");
        weaver("keepLocals=false").run();
        assertFalse(Files.exists(kept));
    }

    @Test
    void aClassWovenWithOtherOptionsWhoseUnwovenBytesAreGoneIsAnErrorUntilRecompiled() throws IOException {
        put("com/acme/Fetcher.class", "async com/acme/Fetcher");
        weaver("keepLocals=false").run();
        Files.delete(tmp.resolve("weft/weave-unwoven/com/acme/Fetcher.class"));

        for (int run = 0; run < 2; run++) { // the next build still says so
            ClassDirectoryWeaver.Report r = weaver("keepLocals=true").run();
            assertEquals(1, r.failed);
            assertEquals(1, r.errorCount());
            assertEquals("Weft: com.acme.Fetcher was woven by an earlier build with keepLocals=false, and its unwoven"
                    + " bytes are not kept to weave it with keepLocals=true", r.problems.get(0).problem.message());
            assertEquals("woven com/acme/Fetcher keepLocals=false", read("com/acme/Fetcher.class"));
        }

        put("com/acme/Fetcher.class", "async com/acme/Fetcher"); // compiled again
        ClassDirectoryWeaver.Report r = weaver("keepLocals=true").run();
        assertEquals(0, r.failed);
        assertEquals(1, r.woven);
        assertEquals("woven com/acme/Fetcher keepLocals=true", read("com/acme/Fetcher.class"));
    }
}
