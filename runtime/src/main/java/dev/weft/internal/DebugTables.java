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

    /** The await site of each label (index label - 1) of each frame class: made once, shared (they are immutable). */
    private static final ClassValue<StackTraceElement[]> SITES = new ClassValue<>() {
        @Override
        protected StackTraceElement[] computeValue(Class<?> frameClass) {
            DebugMetadata t = of(frameClass);
            if (t == null) {
                return new StackTraceElement[0];
            }
            String file = t.sourceFile().isEmpty() ? null : t.sourceFile();
            int[] lines = t.awaitLines();
            StackTraceElement[] sites = new StackTraceElement[lines.length];
            for (int i = 0; i < lines.length; i++) {
                sites[i] = new StackTraceElement(t.declaringClass(), t.method(), file, lines[i] > 0 ? lines[i] : -1);
            }
            return sites;
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
        StackTraceElement[] sites = SITES.get(frameClass);
        return label < 1 || label > sites.length ? null : sites[label - 1];
    }
}
