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
 * are neither woven nor rewritten (nor, when their size and time match, even read); and the unwoven
 * bytes of each class it weaves are kept beside the state, so that a run with other weaving options
 * (such as {@code keepLocals}) weaves the classes an earlier run wove again from them, instead of
 * leaving them as they were woven (the compiler does not recompile a class whose source is unchanged).
 *
 * <p>Not thread-safe: one instance is used by one Mojo execution, on one thread.
 */
final class ClassDirectoryWeaver {
    private final Path directory;
    private final ClassTransformer transformer;
    private final AntPatternFilter filter;
    private final Path stateFile;
    private final String fingerprint;
    /** The weaving options, as the state records them. */
    private final String options;
    /** Where the unwoven bytes of the woven classes are kept (by relative path), or null without a state. */
    private final Path originals;
    private long racyWindowMillis = IncrementalState.DEFAULT_RACY_WINDOW_MILLIS;

    /**
     * @param stateFile where to keep the incremental state, or null to weave everything every time
     * @param fingerprint identifies the weaver; a state saved with another one (or for another
     *     directory) is ignored
     */
    ClassDirectoryWeaver(Path directory, ClassTransformer transformer, AntPatternFilter filter,
                         Path stateFile, String fingerprint) {
        this(directory, transformer, filter, stateFile, fingerprint, "");
    }

    /**
     * @param options the options {@code transformer} weaves with, as text: classes an earlier run
     *     wove with others are woven again
     */
    ClassDirectoryWeaver(Path directory, ClassTransformer transformer, AntPatternFilter filter,
                         Path stateFile, String fingerprint, String options) {
        this.directory = directory.toAbsolutePath().normalize();
        this.transformer = Objects.requireNonNull(transformer);
        this.filter = filter != null ? filter : AntPatternFilter.all();
        this.stateFile = stateFile;
        this.fingerprint = (fingerprint != null ? fingerprint : "") + "|" + this.directory;
        this.options = Objects.requireNonNull(options);
        String name = stateFile == null ? null : stateFile.getFileName().toString().replaceFirst("\\.state$", "");
        this.originals = stateFile == null ? null : stateFile.toAbsolutePath().normalize().resolveSibling(name + "-unwoven");
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
        /** Of those, classes an earlier run wove with other options, woven again from their unwoven bytes. */
        int rewoven;
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
                    + unchanged + " unchanged" + (rewoven > 0 ? ", " + rewoven + " woven again for other options" : "");
            return failed > 0 ? s + ", " + failed + " with errors" : s;
        }
    }

    Report run() throws IOException {
        long start = System.nanoTime();
        Report report = new Report();
        if (Files.isDirectory(directory)) {
            IncrementalState old = stateFile != null ? IncrementalState.load(stateFile, fingerprint, options)
                    : new IncrementalState(fingerprint, options);
            Pass pass = new Pass(report, old);
            List<String> files = listClassFiles();
            for (String rel : files) {
                pass.weaveIfChanged(rel);
            }
            pass.deleteFramesOfRemovedClasses(new HashSet<>(files));
            if (stateFile != null) {
                if (pass.keepsOldOptions) {
                    pass.next.options(old.options()); // so that the next run finds the class still to do
                }
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
        final IncrementalState next = new IncrementalState(fingerprint, options);
        /** Files written in this run: a frame class met later in the listing is not woven again. */
        final Set<String> writtenNow = new HashSet<>();
        /** A class woven with the old options could not be woven again: the state keeps naming those options. */
        boolean keepsOldOptions;

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
            // woven with frames under other options: frames are what the options change
            boolean otherOptions = before != null && !before.frames.isEmpty() && !old.options().equals(options);
            if (!otherOptions && before != null && old.trustsStamp(before, size, lastModified, racyWindowMillis)) {
                keep(rel, before, file);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            report.read++;
            byte[] hash = IncrementalState.hash(bytes);
            if (before != null && before.hashMatches(hash)) {
                if (otherOptions) {
                    weaveAgain(rel, file, size, lastModified, before);
                } else {
                    keep(rel, before.withStamp(size, lastModified), file);
                }
                return;
            }
            weave(rel, file, size, lastModified, bytes, hash, before);
        }

        /**
         * Weaves again, from its unwoven bytes, a class an earlier run wove with other options and the
         * compiler has not rewritten since. Without those bytes it is an error: the class stays as it
         * was woven, and compiling it again is the remedy.
         */
        private void weaveAgain(String rel, Path file, long size, long lastModified, IncrementalState.Entry before)
                throws IOException {
            Path original = originals == null ? null : original(rel);
            if (original == null || !Files.isRegularFile(original)) {
                report.problems.add(new Reported(file, new Diagnostic(Diagnostic.Kind.ERROR, classNameOf(rel), null, null, -1,
                        "Weft: " + classNameOf(rel) + " was woven by an earlier build with " + old.options()
                                + ", and its unwoven bytes are not kept to weave it with " + options,
                        "compile it again: mvn clean, then build")));
                report.failed++;
                next.put(rel, before);
                keepsOldOptions = true;
                return;
            }
            int wovenBefore = report.woven;
            weave(rel, file, size, lastModified, Files.readAllBytes(original), before.hash, before);
            if (report.woven > wovenBefore) {
                report.rewoven++;
            } else {
                next.put(rel, before); // still woven the old way (its errors are reported): tried again next time
                keepsOldOptions = true;
            }
        }

        /**
         * Weaves {@code bytes}, the class's unwoven bytes, and writes the result; records the class
         * for the next run ({@code size}, {@code lastModified} and {@code hash}: of the class file as it is now).
         */
        private void weave(String rel, Path file, long size, long lastModified, byte[] bytes, byte[] hash,
                           IncrementalState.Entry before) throws IOException {
            WeaveResult result = transform(rel, file, bytes);
            if (result == null || result.hasErrors() || result.status() == WeaveResult.Status.FAILED) {
                // Not written and not recorded: it is woven (and its errors reported) again next time.
                report.failed++;
                return;
            }
            if (result.isWoven()) {
                writeWoven(rel, file, result, before, bytes);
            } else {
                deleteStaleFrames(before, List.of());
                if (before != null) {
                    // recompiled with nothing to weave; without a state a woven class reads as this too
                    deleteOriginal(rel);
                }
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
        private void writeWoven(String rel, Path file, WeaveResult result, IncrementalState.Entry before,
                                byte[] unwoven) throws IOException {
            if (originals != null) {
                AtomicFiles.write(original(rel), unwoven); // first: a woven class always has its unwoven bytes kept
            }
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
                    deleteOriginal(e.getKey());
                }
            }
        }

        /** Forgets the unwoven bytes of a class that is no longer woven. */
        private void deleteOriginal(String rel) throws IOException {
            if (originals != null) {
                Files.deleteIfExists(original(rel));
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

    /** Where the unwoven bytes of {@code rel} are kept; refuses names that would leave that directory. */
    private Path original(String rel) throws IOException {
        Path p = originals.resolve(rel).normalize();
        if (!p.startsWith(originals) || p.equals(originals)) {
            throw new IOException("refusing to write outside " + originals + ": " + rel);
        }
        return p;
    }

    /** {@code com/acme/Foo$1.class} gives {@code com.acme.Foo$1}. */
    static String classNameOf(String rel) {
        String s = rel.endsWith(".class") ? rel.substring(0, rel.length() - ".class".length()) : rel;
        return s.replace('/', '.');
    }
}
