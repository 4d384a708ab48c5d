package dev.weft.weaver;

import java.nio.charset.StandardCharsets;

/**
 * Which classes the weaver looks at: the one definition the {@link Weaver}, the agent and the
 * Maven plugin share, so that every route weaves and reports the same classes.
 *
 * <pre>{@code
 * if (!WeavingScope.isRuntimeClass(name) && WeavingScope.mayNeedWeaving(bytes)) {
 *     WeaveResult r = weaver.weave(bytes);   // weave() applies both checks itself too
 * }
 * }</pre>
 */
public final class WeavingScope {
    /** The runtime's own packages: their classes are never woven (user packages under dev/weft/ are). */
    private static final String[] RUNTIME_PACKAGES = {"dev/weft", "dev/weft/internal", "dev/weft/sync", "dev/weft/io"};

    private static final byte[] ASYNC = ascii(RuntimeContract.ASYNC);
    private static final byte[] WEFT = ascii(RuntimeContract.WEFT);

    /** What {@link #scanConstantPool} found. */
    private static final int NAMES_NOTHING = 0;
    private static final int NAMES_TASK_CALL = 1;
    private static final int NAMES_ASYNC_OR_WEFT = 2;
    private static final int MALFORMED = 3;

    private WeavingScope() {
    }

    /**
     * Whether {@code internalName} ({@code dev/weft/Task}) is a class of the runtime's own packages.
     *
     * @param internalName a class's internal name, with slashes
     * @return true for a class of the runtime's own packages, which is never woven
     */
    public static boolean isRuntimeClass(String internalName) {
        int slash = internalName.lastIndexOf('/');
        for (String p : RUNTIME_PACKAGES) {
            if (slash == p.length() && internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether weaving the class could change it or report anything. Only two kinds of class can: one
     * whose constant pool names {@code @Async} (a method to weave or to refuse) or {@code Weft} (the
     * owner of {@code await}), and one that drops the result of a call returning {@code Task},
     * {@code CompletionStage} or {@code CompletableFuture} (warned about as a forgotten await). The
     * constant pool is read without parsing the class; only a class that names such a call is then
     * searched for a dropped result. Bytes that are no class file pass if they name any of these
     * anywhere, so that the weaver reports them.
     *
     * @param classBytes a class file
     * @return false if weaving the class can neither change it nor report anything
     */
    public static boolean mayNeedWeaving(byte[] classBytes) {
        switch (scanConstantPool(classBytes, null)) {
            case NAMES_ASYNC_OR_WEFT:
                return true;
            case NAMES_TASK_CALL: {
                int[] offsets = new int[u2(classBytes, 8)];
                scanConstantPool(classBytes, offsets);
                return DroppedTaskScan.dropsATask(classBytes, offsets);
            }
            case NAMES_NOTHING:
                return false;
            default:
                return contains(classBytes, ASYNC) || contains(classBytes, WEFT)
                        || contains(classBytes, DroppedTaskScan.RETURNS_TASK) || contains(classBytes, DroppedTaskScan.RETURNS_STAGE)
                        || contains(classBytes, DroppedTaskScan.RETURNS_FUTURE);
        }
    }

    /**
     * Walks the constant pool (JVMS 4.4), looking at its UTF-8 entries. With {@code offsets}, also
     * records where each entry starts, and at index 0 where the pool ends.
     */
    private static int scanConstantPool(byte[] b, int[] offsets) {
        if (b.length < 10 || u2(b, 0) != 0xCAFE || u2(b, 2) != 0xBABE) {
            return MALFORMED;
        }
        int count = u2(b, 8);
        int at = 10;
        int found = NAMES_NOTHING;
        for (int i = 1; i < count; i++) {
            if (offsets != null) {
                offsets[i] = at;
            }
            int size;
            switch (at < b.length ? b[at] : -1) {
                case 1: // Utf8
                    if (at + 3 > b.length) {
                        return MALFORMED;
                    }
                    size = 3 + u2(b, at + 1);
                    if (at + size <= b.length) {
                        found = Math.max(found, names(b, at + 3, size - 3));
                        if (found == NAMES_ASYNC_OR_WEFT) {
                            return found;
                        }
                    }
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    size = 3;
                    break;
                case 15: // MethodHandle
                    size = 4;
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    // Integer, Float, Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic, InvokeDynamic
                    size = 5;
                    break;
                case 5: case 6: // Long, Double: they take two entries
                    size = 9;
                    i++;
                    break;
                default:
                    return MALFORMED;
            }
            at += size;
            if (at > b.length) {
                return MALFORMED;
            }
        }
        if (offsets != null) {
            offsets[0] = at;
        }
        return found;
    }

    /** What one UTF-8 entry names: {@code @Async} or {@code Weft}, a method returning a task, or nothing. */
    private static int names(byte[] b, int start, int length) {
        if (length == 0 || b[start + length - 1] != ';' && length != WEFT.length) {
            return NAMES_NOTHING;
        }
        if (equalsAt(b, start, length, ASYNC) || equalsAt(b, start, length, WEFT)) {
            return NAMES_ASYNC_OR_WEFT;
        }
        return DroppedTaskScan.returnsATask(b, start, length) ? NAMES_TASK_CALL : NAMES_NOTHING;
    }

    private static boolean equalsAt(byte[] b, int start, int length, byte[] part) {
        return length == part.length && regionMatches(b, start, part);
    }

    static boolean regionMatches(byte[] b, int at, byte[] part) {
        for (int j = 0; j < part.length; j++) {
            if (b[at + j] != part[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, byte[] part) {
        for (int i = 0, end = b.length - part.length; i <= end; i++) {
            if (b[i] == part[0] && regionMatches(b, i, part)) {
                return true;
            }
        }
        return false;
    }

    static int u2(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
