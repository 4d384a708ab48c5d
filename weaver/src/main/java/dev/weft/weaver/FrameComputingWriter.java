package dev.weft.weaver;

import org.objectweb.asm.ClassWriter;

/** A class writer that computes stack map frames from the bytes-based hierarchy, never loading classes. */
final class FrameComputingWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;

    FrameComputingWriter(ClassHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }

    @Override
    protected ClassLoader getClassLoader() {
        throw new UnsupportedOperationException("the weaver never loads classes");
    }
}
