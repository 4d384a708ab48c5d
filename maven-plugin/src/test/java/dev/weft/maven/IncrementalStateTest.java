package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalStateTest {
    @TempDir
    Path tmp;

    @Test
    void roundTrips() throws IOException {
        Path file = tmp.resolve("deep/dir/weave.state");
        IncrementalState s = new IncrementalState("fp");
        Diagnostic warning = new Diagnostic(Diagnostic.Kind.WARNING, "a.B$C", null, null, -1, "dropped task", null);
        Diagnostic full = new Diagnostic(Diagnostic.Kind.WARNING, "a.B", "run", "B.java", 12, "m", "h");
        s.put("a/B.class", new IncrementalState.Entry(10, 20, IncrementalState.hash(new byte[] {1}), false,
                List.of("a/B$weft$0.class"), List.of(warning, full)));
        s.put("a/B$weft$0.class", new IncrementalState.Entry(3, 4, IncrementalState.hash(new byte[] {2}), true,
                List.of(), List.of()));
        s.save(file);

        IncrementalState loaded = IncrementalState.load(file, "fp");
        IncrementalState.Entry e = loaded.get("a/B.class");
        assertEquals(10, e.size);
        assertEquals(20, e.lastModified);
        assertArrayEquals(IncrementalState.hash(new byte[] {1}), e.hash);
        assertFalse(e.generated);
        assertEquals(List.of("a/B$weft$0.class"), e.frames);
        assertEquals(List.of(warning, full), e.warnings);
        assertTrue(loaded.get("a/B$weft$0.class").generated);
        assertEquals(2, loaded.entries().size());
    }

    @Test
    void aStateSavedWithOtherOptionsKeepsItsEntriesAndNamesThoseOptions() throws IOException {
        Path file = tmp.resolve("weave.state");
        IncrementalState s = new IncrementalState("fp", "keepLocals=false");
        s.put("X.class", new IncrementalState.Entry(1, 2, new byte[32], false, List.of("X$weft$0.class"), List.of()));
        s.save(file);

        IncrementalState loaded = IncrementalState.load(file, "fp", "keepLocals=true");
        assertEquals("keepLocals=false", loaded.options());
        assertEquals(List.of("X$weft$0.class"), loaded.get("X.class").frames);
        assertEquals("keepLocals=false", IncrementalState.load(file, "fp", "keepLocals=false").options());
        // another weaver's state is dropped: the current options, no entries
        IncrementalState other = IncrementalState.load(file, "fp2", "keepLocals=true");
        assertEquals("keepLocals=true", other.options());
        assertTrue(other.entries().isEmpty());
    }

    @Test
    void otherFingerprintMissingOrCorruptFileGiveAnEmptyState() throws IOException {
        Path file = tmp.resolve("weave.state");
        assertTrue(IncrementalState.load(file, "fp").entries().isEmpty());

        IncrementalState s = new IncrementalState("fp");
        s.put("X.class", new IncrementalState.Entry(1, 2, new byte[32], false, List.of(), List.of()));
        s.save(file);
        assertEquals(1, IncrementalState.load(file, "fp").entries().size());
        assertTrue(IncrementalState.load(file, "fp2").entries().isEmpty());

        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertTrue(IncrementalState.load(file, "fp").entries().isEmpty());
    }

    @Test
    void stampIsTrustedOnlyWhenOlderThanTheRacyWindow() throws IOException {
        Path file = tmp.resolve("weave.state");
        long now = System.currentTimeMillis();
        IncrementalState s = new IncrementalState("fp");
        IncrementalState.Entry old = new IncrementalState.Entry(5, now - 60_000, new byte[32], false, List.of(), List.of());
        IncrementalState.Entry recent = new IncrementalState.Entry(5, now, new byte[32], false, List.of(), List.of());
        assertFalse(s.trustsStamp(old, 5, now - 60_000, 2_000), "a state never saved trusts nothing");
        s.save(file);
        IncrementalState loaded = IncrementalState.load(file, "fp");
        assertTrue(loaded.trustsStamp(old, 5, now - 60_000, 2_000));
        assertFalse(loaded.trustsStamp(old, 6, now - 60_000, 2_000), "size differs");
        assertFalse(loaded.trustsStamp(old, 5, now - 59_000, 2_000), "time differs");
        assertFalse(loaded.trustsStamp(recent, 5, now, 2_000), "too recent to trust");
    }
}
