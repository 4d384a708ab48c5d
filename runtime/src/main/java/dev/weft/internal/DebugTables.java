package dev.weft.internal;

/** The {@link DebugMetadata} of each frame class, read once per class (reflection is slow, reports are rare). */
final class DebugTables {
    private static final ClassValue<DebugMetadata> TABLES = new ClassValue<>() {
        @Override
        protected DebugMetadata computeValue(Class<?> frameClass) {
            DebugMetadata t = frameClass.getAnnotation(DebugMetadata.class);
            return t != null && t.version() == 1 ? t : null;
        }
    };

    private DebugTables() {
    }

    /** The table of {@code frameClass}, or null if it has none (woven by an older weaver) or one of another layout. */
    static DebugMetadata of(Class<?> frameClass) {
        return TABLES.get(frameClass);
    }

    /**
     * Where a frame of {@code frameClass} suspended at {@code label} waits: the await's class, method,
     * file and line, or null if the class has no table or the label is out of its range.
     */
    static StackTraceElement awaitSite(Class<?> frameClass, int label) {
        DebugMetadata t = of(frameClass);
        if (t == null || label < 1 || label > t.awaitLines().length) {
            return null;
        }
        String file = t.sourceFile().isEmpty() ? null : t.sourceFile();
        int line = t.awaitLines()[label - 1];
        return new StackTraceElement(t.declaringClass(), t.method(), file, line > 0 ? line : -1);
    }
}
