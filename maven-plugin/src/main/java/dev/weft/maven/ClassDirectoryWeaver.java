package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Weaves every class file of one directory in place: woven bytes replace the class file, and each
 * generated frame class is written as {@code <internalName>.class} under the same directory. Files
 * are visited in sorted order and written through a temporary file and a move. A class with errors
 * is not written. With an {@link IncrementalState}, classes that did not change since the last run
 * are neither woven nor rewritten (nor, when their size and time match, even read).
 *
 * <p>Not thread-safe: one instance is used by one Mojo execution, on one thread.
 */
final class ClassDirectoryWeaver {
    private final Path directory;
    private final ClassTransformer transformer;
    private final AntPatternFilter filter;
    private final Path stateFile;
    private final String fingerprint;
    private long racyWindowMillis = IncrementalState.DEFAULT_RACY_WINDOW_MILLIS;

    /**
     * @param stateFile where to keep the incremental state, or null to weave everything every time
     * @param fingerprint identifies the weaver; a state saved with another one (or for another
     *     directory) is ignored
     */
    ClassDirectoryWeaver(Path directory, ClassTransformer transformer, AntPatternFilter filter,
                         Path stateFile, String fingerprint) {
        this.directory = directory.toAbsolutePath().normalize();
        this.transformer = Objects.requireNonNull(transformer);
        this.filter = filter != null ? filter : AntPatternFilter.all();
        this.stateFile = stateFile;
        this.fingerprint = (fingerprint != null ? fingerprint : "") + "|" + this.directory;
    }

    /** For tests: how recent a modification time may be and still be trusted. */
    ClassDirectoryWeaver racyWindowMillis(long millis) {
        this.racyWindowMillis = millis;
        return this;
    }

    /** A problem of one class file. */
    static final class Reported {
        final Path classFile;
        final Diagnostic problem;

        Reported(Path classFile, Diagnostic problem) {
            this.classFile = classFile;
            this.problem = problem;
        }
    }

    /** What one run did. */
    static final class Report {
        /** Classes woven (written) in this run. */
        int woven;
        /** Frame classes written in this run. */
        int frames;
        /** Classes left as they were: nothing to weave, woven already, or unchanged since the last run. */
        int unchanged;
        /** Classes with errors, left as they were. */
        int failed;
        /** Class files whose bytes were read (the rest were known unchanged from size and time). */
        int read;
        /** Stale frame classes deleted. */
        int deleted;
        /** Milliseconds the run took. */
        long millis;
        final List<Reported> problems = new ArrayList<>();
        /** Relative paths of the files written, in order. */
        final List<String> written = new ArrayList<>();

        long errorCount() {
            return problems.stream().filter(p -> p.problem.isError()).count();
        }

        long warningCount() {
            return problems.stream().filter(p -> !p.problem.isError()).count();
        }

        String summary() {
            String s = "Weft: wove " + woven + " classes (" + frames + " frame classes) in " + millis + " ms, "
                    + unchanged + " unchanged";
            return failed > 0 ? s + ", " + failed + " with errors" : s;
        }
    }

    Report run() throws IOException {
        long start = System.nanoTime();
        Report report = new Report();
        if (Files.isDirectory(directory)) {
            IncrementalState old = stateFile != null ? IncrementalState.load(stateFile, fingerprint)
                    : new IncrementalState(fingerprint);
            Pass pass = new Pass(report, old);
            List<String> files = listClassFiles();
            for (String rel : files) {
                pass.weaveIfChanged(rel);
            }
            pass.deleteFramesOfRemovedClasses(new HashSet<>(files));
            if (stateFile != null) {
                pass.next.save(stateFile);
            }
        }
        report.millis = (System.nanoTime() - start) / 1_000_000;
        return report;
    }

    /** One run over the directory: what it reports, what it wrote, and the state it leaves for the next. */
    private final class Pass {
        final Report report;
        final IncrementalState old;
        final IncrementalState next = new IncrementalState(fingerprint);
        /** Files written in this run: a frame class met later in the listing is not woven again. */
        final Set<String> writtenNow = new HashSet<>();

        Pass(Report report, IncrementalState old) {
            this.report = report;
            this.old = old;
        }

        /** Weaves one class file, unless the last run's state shows that it has not changed. */
        void weaveIfChanged(String rel) throws IOException {
            if (writtenNow.contains(rel)) {
                return; // a frame class this run wrote already
            }
            Path file = resolve(rel);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            long size = attrs.size();
            long lastModified = attrs.lastModifiedTime().toMillis();
            IncrementalState.Entry before = old.get(rel);
            if (before != null && old.trustsStamp(before, size, lastModified, racyWindowMillis)) {
                keep(rel, before, file);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            report.read++;
            byte[] hash = IncrementalState.hash(bytes);
            if (before != null && before.hashMatches(hash)) {
                keep(rel, before.withStamp(size, lastModified), file);
                return;
            }
            WeaveResult result = transform(rel, file, bytes);
            if (result == null || result.hasErrors() || result.status() == WeaveResult.Status.FAILED) {
                // Not written and not recorded: it is woven (and its errors reported) again next time.
                report.failed++;
                return;
            }
            if (result.isWoven()) {
                writeWoven(rel, file, result, before);
            } else {
                deleteStaleFrames(before, List.of());
                next.put(rel, new IncrementalState.Entry(size, lastModified, hash,
                        before != null && before.generated, List.of(), result.diagnostics()));
                if (before == null || !before.generated) {
                    report.unchanged++;
                }
            }
        }

        /** Weaves the bytes and reports every diagnostic; null if the transformer threw (reported as an error). */
        private WeaveResult transform(String rel, Path file, byte[] bytes) {
            try {
                WeaveResult result = transformer.transform(bytes);
                for (Diagnostic d : result.diagnostics()) {
                    report.problems.add(new Reported(file, d));
                }
                return result;
            } catch (RuntimeException | LinkageError e) {
                report.problems.add(new Reported(file, new Diagnostic(Diagnostic.Kind.ERROR, classNameOf(rel), null, null, -1,
                        "Weft failed on " + rel + ": " + e, null)));
                return null;
            }
        }

        /** Writes the frame classes, then the woven class: a reader that sees the woven class also finds its frames. */
        private void writeWoven(String rel, Path file, WeaveResult result, IncrementalState.Entry before)
                throws IOException {
            List<String> frames = new ArrayList<>();
            for (Map.Entry<String, byte[]> g : result.generatedClasses().entrySet()) {
                String frameRel = g.getKey() + ".class";
                Path frameFile = resolve(frameRel);
                AtomicFiles.write(frameFile, g.getValue());
                writtenNow.add(frameRel);
                report.written.add(frameRel);
                frames.add(frameRel);
                next.put(frameRel, entryFor(frameFile, g.getValue(), true, List.of(), List.of()));
                report.frames++;
            }
            AtomicFiles.write(file, result.bytes());
            writtenNow.add(rel);
            report.written.add(rel);
            deleteStaleFrames(before, frames);
            next.put(rel, entryFor(file, result.bytes(), false, frames, result.diagnostics()));
            report.woven++;
        }

        /** Records an unchanged class as it was, replaying its warnings. */
        private void keep(String rel, IncrementalState.Entry entry, Path file) {
            next.put(rel, entry);
            for (Diagnostic w : entry.warnings) {
                report.problems.add(new Reported(file, w));
            }
            if (!entry.generated) {
                report.unchanged++;
            }
        }

        /** Frame classes of classes that are gone (deleted sources) are gone too. */
        void deleteFramesOfRemovedClasses(Set<String> present) throws IOException {
            for (Map.Entry<String, IncrementalState.Entry> e : old.entries().entrySet()) {
                if (!e.getValue().frames.isEmpty() && !present.contains(e.getKey())
                        && !Files.exists(resolve(e.getKey()))) {
                    deleteStaleFrames(e.getValue(), List.of());
                }
            }
        }

        /** Deletes the frames {@code before} had and the new weaving no longer generates. */
        private void deleteStaleFrames(IncrementalState.Entry before, List<String> keep) throws IOException {
            if (before == null) {
                return;
            }
            for (String frame : before.frames) {
                IncrementalState.Entry frameEntry = old.get(frame);
                if (keep.contains(frame) || writtenNow.contains(frame) || frameEntry == null || !frameEntry.generated) {
                    continue;
                }
                if (Files.deleteIfExists(resolve(frame))) {
                    report.deleted++;
                }
                next.remove(frame);
            }
        }
    }

    private IncrementalState.Entry entryFor(Path file, byte[] bytes, boolean generated, List<String> frames,
                                            List<Diagnostic> warnings) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        return new IncrementalState.Entry(attrs.size(), attrs.lastModifiedTime().toMillis(),
                IncrementalState.hash(bytes), generated, frames, warnings);
    }

    /** The class files to weave, as sorted relative paths with {@code /} separators. */
    List<String> listClassFiles() throws IOException {
        List<String> out;
        try (Stream<Path> walk = Files.walk(directory)) {
            out = walk.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .filter(Files::isRegularFile)
                    .map(p -> relative(p))
                    .filter(filter::matches)
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        Collections.sort(out);
        return out;
    }

    private String relative(Path p) {
        String rel = directory.relativize(p).toString();
        return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
    }

    /** {@code rel} under the directory; refuses names that would leave it. */
    private Path resolve(String rel) throws IOException {
        Path p = directory.resolve(rel).normalize();
        if (!p.startsWith(directory) || p.equals(directory)) {
            throw new IOException("refusing to write outside " + directory + ": " + rel);
        }
        return p;
    }

    /** {@code com/acme/Foo$1.class} gives {@code com.acme.Foo$1}. */
    static String classNameOf(String rel) {
        String s = rel.endsWith(".class") ? rel.substring(0, rel.length() - ".class".length()) : rel;
        return s.replace('/', '.');
    }
}
