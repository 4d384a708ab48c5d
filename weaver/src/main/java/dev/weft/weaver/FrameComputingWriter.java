package dev.weft.weaver;

import org.objectweb.asm.ClassWriter;

/**
 * A class writer that computes stack map frames from the bytes-based hierarchy, never loading
 * classes. A merge of classes the hierarchy cannot see gives {@code Object}, and is remembered:
 * the frames are then right only where such values are used as Objects, which the writer's user
 * must check (as {@link TypeInterpreter} does).
 */
final class FrameComputingWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;
    private ClassHierarchy.UnknownClassException guessed;

    FrameComputingWriter(ClassHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        try {
            return hierarchy.commonSuperClass(type1, type2);
        } catch (ClassHierarchy.UnknownClassException e) {
            guessed = e;
            return RuntimeContract.OBJECT;
        }
    }

    /** The missing class of the last merge that gave Object for want of it, or null if none did. */
    ClassHierarchy.UnknownClassException guessed() {
        return guessed;
    }

    @Override
    protected ClassLoader getClassLoader() {
        throw new UnsupportedOperationException("the weaver never loads classes");
    }
}
