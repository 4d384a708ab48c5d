package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Weaves one class file. The Mojos use the real {@link dev.weft.weaver.Weaver} through
 * {@link WeaverTransformer}; tests use fakes. Implementations must be safe to call from the thread
 * running the Mojo; {@link ClassDirectoryWeaver} calls them one class at a time.
 */
interface ClassTransformer {

    Result transform(byte[] classBytes);

    /** What weaving one class gave; mirrors {@link dev.weft.weaver.WeaveResult}. */
    final class Result {
        enum Status { UNCHANGED, WOVEN, FAILED }

        private final Status status;
        private final byte[] bytes;
        private final SortedMap<String, byte[]> generated;
        private final List<Diagnostic> problems;

        Result(Status status, byte[] bytes, Map<String, byte[]> generated, List<Diagnostic> problems) {
            this.status = Objects.requireNonNull(status);
            this.bytes = Objects.requireNonNull(bytes);
            this.generated = new TreeMap<>(generated);
            this.problems = List.copyOf(problems);
        }

        static Result unchanged(byte[] bytes, List<Diagnostic> problems) {
            return new Result(Status.UNCHANGED, bytes, Map.of(), problems);
        }

        static Result woven(byte[] bytes, Map<String, byte[]> generated, List<Diagnostic> problems) {
            return new Result(Status.WOVEN, bytes, generated, problems);
        }

        static Result failed(byte[] input, List<Diagnostic> problems) {
            return new Result(Status.FAILED, input, Map.of(), problems);
        }

        Status status() {
            return status;
        }

        /** Woven bytes if {@link Status#WOVEN}, otherwise the input. */
        byte[] bytes() {
            return bytes;
        }

        /** Generated classes by internal name (such as {@code com/acme/Foo$weft$1}). */
        SortedMap<String, byte[]> generated() {
            return generated;
        }

        List<Diagnostic> problems() {
            return problems;
        }
    }
}
