package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the last run saw of each class file: size, modification time and a hash of its bytes after
 * weaving, the frame classes it generated and the warnings it got. Only a cache for speed: the
 * weaver recognises woven classes by itself, so a lost or stale state costs time, never
 * correctness. It also records the weaving options (such as {@code keepLocals}) the classes were
 * woven with: a run with other options finds the classes an earlier run wove and weaves them again.
 * Not thread-safe; one instance belongs to one Mojo execution.
 */
final class IncrementalState {
    private static final int MAGIC = 0x57454654; // "WEFT"
    private static final int FORMAT = 2;

    /**
     * Modification times this close to (or after) the moment the state was saved are not trusted:
     * on a file system with coarse timestamps, a file rewritten right after we recorded it can keep
     * the same time and size (the "racy git" problem). Such files are read and hashed again.
     */
    static final long DEFAULT_RACY_WINDOW_MILLIS = 2_000;

    /** One class file as last seen. */
    static final class Entry {
        final long size;
        final long lastModified;
        final byte[] hash;
        /** True for a frame class written by the plugin, false for a class of the project. */
        final boolean generated;
        /** Relative paths of the frame classes written for this class. */
        final List<String> frames;
        /** Warnings the weaver gave; replayed while the class is unchanged. */
        final List<Diagnostic> warnings;

        Entry(long size, long lastModified, byte[] hash, boolean generated, List<String> frames,
              List<Diagnostic> warnings) {
            this.size = size;
            this.lastModified = lastModified;
            this.hash = hash.clone();
            this.generated = generated;
            this.frames = List.copyOf(frames);
            this.warnings = List.copyOf(warnings);
        }

        Entry withStamp(long size, long lastModified) {
            return new Entry(size, lastModified, hash, generated, frames, warnings);
        }

        boolean hashMatches(byte[] otherHash) {
            return Arrays.equals(hash, otherHash);
        }
    }

    private final String fingerprint;
    /** The options the recorded classes were woven with. */
    private String options;
    private final long savedAt;
    private final Map<String, Entry> entries = new TreeMap<>();

    /** An empty state for a weaver identified by {@code fingerprint}. */
    IncrementalState(String fingerprint) {
        this(fingerprint, "");
    }

    /** An empty state for a weaver identified by {@code fingerprint}, weaving with {@code options}. */
    IncrementalState(String fingerprint, String options) {
        this(fingerprint, options, Long.MIN_VALUE);
    }

    private IncrementalState(String fingerprint, String options, long savedAt) {
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.options = Objects.requireNonNull(options);
        this.savedAt = savedAt;
    }

    /** {@link #load(Path, String, String)} with no options. */
    static IncrementalState load(Path file, String fingerprint) {
        return load(file, fingerprint, "");
    }

    /**
     * Reads the state saved at {@code file}; an empty state if there is none, it cannot be read, or
     * it was written for another weaver (another {@code fingerprint}). A state saved by a run with
     * other options keeps its entries and tells those options ({@link #options()}).
     */
    static IncrementalState load(Path file, String fingerprint, String options) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(fingerprint)) {
                return new IncrementalState(fingerprint, options);
            }
            String saved = in.readUTF();
            IncrementalState state = new IncrementalState(fingerprint, saved, in.readLong());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                long size = in.readLong();
                long lastModified = in.readLong();
                byte[] hash = new byte[in.readUnsignedByte()];
                in.readFully(hash);
                boolean generated = in.readBoolean();
                int f = in.readInt();
                List<String> frames = new ArrayList<>(f);
                for (int j = 0; j < f; j++) {
                    frames.add(in.readUTF());
                }
                int w = in.readInt();
                List<Diagnostic> warnings = new ArrayList<>(w);
                for (int j = 0; j < w; j++) {
                    warnings.add(new Diagnostic(in.readBoolean() ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING, in.readUTF(), readNullable(in), readNullable(in),
                            in.readInt(), in.readUTF(), readNullable(in)));
                }
                state.entries.put(path, new Entry(size, lastModified, hash, generated, frames, warnings));
            }
            return state;
        } catch (NoSuchFileException e) {
            return new IncrementalState(fingerprint, options);
        } catch (IOException | RuntimeException e) {
            // Corrupt or truncated: start over; the state is only a cache.
            return new IncrementalState(fingerprint, options);
        }
    }

    /** Writes the state to {@code file} (via a temporary file and a move). */
    void save(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(fingerprint);
            out.writeUTF(options);
            out.writeLong(System.currentTimeMillis());
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                out.writeUTF(e.getKey());
                out.writeLong(entry.size);
                out.writeLong(entry.lastModified);
                out.writeByte(entry.hash.length);
                out.write(entry.hash);
                out.writeBoolean(entry.generated);
                out.writeInt(entry.frames.size());
                for (String f : entry.frames) {
                    out.writeUTF(f);
                }
                out.writeInt(entry.warnings.size());
                for (Diagnostic p : entry.warnings) {
                    out.writeBoolean(p.isError());
                    out.writeUTF(p.className());
                    writeNullable(out, p.methodName());
                    writeNullable(out, p.sourceFile());
                    out.writeInt(p.line());
                    out.writeUTF(p.message());
                    writeNullable(out, p.hint());
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The options the recorded classes were woven with. */
    String options() {
        return options;
    }

    /** Records that the classes were woven with {@code options}. */
    void options(String options) {
        this.options = Objects.requireNonNull(options);
    }

    Entry get(String relativePath) {
        return entries.get(relativePath);
    }

    void put(String relativePath, Entry entry) {
        entries.put(relativePath, entry);
    }

    void remove(String relativePath) {
        entries.remove(relativePath);
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /**
     * Whether a file whose size and modification time equal {@code entry}'s can be taken as unchanged
     * without reading it.
     */
    boolean trustsStamp(Entry entry, long size, long lastModified, long racyWindowMillis) {
        return entry.size == size && entry.lastModified == lastModified
                && savedAt != Long.MIN_VALUE && lastModified < savedAt - racyWindowMillis;
    }

    /** SHA-256 of {@code bytes}. */
    static byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
