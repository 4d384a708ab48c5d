package dev.weft.weaver;

/**
 * Whether a class may drop the result of a call returning {@code Task}, {@code CompletionStage} or
 * {@code CompletableFuture}: the only thing {@link ForgottenAwaitCheck} warns about. For the many
 * classes that use those types without {@code @Async} or {@code await}, and never drop one, so that
 * they need no parsing at all.
 *
 * <p>It reads no code structure: it finds the constant pool's method references that return such a
 * type, then looks through the bytes after the constant pool for an invoke instruction on one of them
 * followed by {@code pop}. Every real dropped call is such a byte sequence (labels, line numbers and
 * frames are not in the code array), so nothing the check would warn about is missed; bytes that
 * merely look like one cost a parse.
 */
final class DroppedTaskScan {
    static final byte[] RETURNS_TASK = WeavingScope.ascii(")L" + RuntimeContract.TASK + ";");
    static final byte[] RETURNS_STAGE = WeavingScope.ascii(")L" + RuntimeContract.STAGE + ";");
    static final byte[] RETURNS_FUTURE = WeavingScope.ascii(")L" + RuntimeContract.FUTURE + ";");

    private static final int UTF8 = 1;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESTATIC = 0xb8;
    private static final int INVOKEINTERFACE = 0xb9;
    private static final int POP = 0x57;

    private DroppedTaskScan() {
    }

    /** Whether a UTF-8 entry's bytes are a method descriptor returning a task. */
    static boolean returnsATask(byte[] b, int start, int length) {
        return endsWith(b, start, length, RETURNS_TASK) || endsWith(b, start, length, RETURNS_STAGE)
                || endsWith(b, start, length, RETURNS_FUTURE);
    }

    /**
     * Whether the class may drop such a result.
     *
     * @param offsets where each constant pool entry starts, by index (the second slot of a long or
     *     double: 0), and at index 0 the offset just after the constant pool
     */
    static boolean dropsATask(byte[] b, int[] offsets) {
        int count = offsets.length;
        // which entries return a task: descriptors, then the name-and-types using them, then the method refs
        boolean[] returnsTask = new boolean[count];
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && b[at] == UTF8) {
                returnsTask[i] = returnsATask(b, at + 3, WeavingScope.u2(b, at + 1));
            }
        }
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && b[at] == NAME_AND_TYPE) {
                returnsTask[i] = isMarked(returnsTask, WeavingScope.u2(b, at + 3));
            }
        }
        boolean anyCall = false;
        for (int i = 1; i < count; i++) {
            int at = offsets[i];
            if (at != 0 && isMethodRef(b[at])) {
                returnsTask[i] = isMarked(returnsTask, WeavingScope.u2(b, at + 3));
                anyCall |= returnsTask[i];
            }
        }
        return anyCall && anyInvokeThenPop(b, offsets, returnsTask);
    }

    /** invokevirtual/special/static #ref, pop; or invokeinterface #ref count 0, pop. */
    private static boolean anyInvokeThenPop(byte[] b, int[] offsets, boolean[] returnsTask) {
        for (int i = offsets[0]; i + 3 < b.length; i++) {
            int op = b[i] & 0xff;
            if (op >= INVOKEVIRTUAL && op <= INVOKESTATIC && (b[i + 3] & 0xff) == POP
                    || op == INVOKEINTERFACE && i + 5 < b.length && (b[i + 5] & 0xff) == POP) {
                int ref = WeavingScope.u2(b, i + 1);
                if (isMarked(returnsTask, ref) && isMethodRef(b[offsets[ref]])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMethodRef(byte tag) {
        return tag == METHODREF || tag == INTERFACE_METHODREF;
    }

    private static boolean isMarked(boolean[] marks, int index) {
        return index < marks.length && marks[index];
    }

    private static boolean endsWith(byte[] b, int start, int length, byte[] part) {
        return length >= part.length && WeavingScope.regionMatches(b, start + length - part.length, part);
    }
}
