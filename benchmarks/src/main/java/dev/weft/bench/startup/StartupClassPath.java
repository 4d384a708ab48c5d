package dev.weft.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the start-up workload's jars: an application of {@code n} generated classes (ASM, no
 * {@code @Async}; one in ten returns a {@code dev.weft.Task}, as classes around async code do)
 * plus {@link LoadAll}, and the jar of {@link NoopAgent}.
 */
final class StartupClassPath {
    private static final int METHODS = 8;

    private StartupClassPath() {}

    static Path application(Path dir, int n) throws IOException {
        Path jar = dir.resolve("app.jar");
        Manifest manifest = manifest();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (int i = 0; i < n; i++) {
                add(out, "gen/C" + i + ".class", generated(i, i % 10 == 0));
            }
            copy(out, LoadAll.class);
        }
        return jar;
    }

    static Path noopAgent(Path dir) throws IOException {
        Path jar = dir.resolve("noop-agent.jar");
        Manifest manifest = manifest();
        manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            copy(out, NoopAgent.class);
            copy(out, NoopAgent.Nothing.class);
        }
        return jar;
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    private static void copy(JarOutputStream out, Class<?> c) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file for " + c.getName());
            }
            add(out, resource, in.readAllBytes());
        }
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /**
     * {@code public class gen.C<i>} with a list and a counter, a constructor, and {@link #METHODS}
     * methods {@code int m<k>(int x) { count += x * k; items.add("C<i>.m<k>"); return count; }}.
     */
    static byte[] generated(int i, boolean returnsTask) {
        String name = "gen/C" + i;
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "items", "Ljava/util/List;", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "count", "I", null, null).visitEnd();

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitTypeInsn(Opcodes.NEW, "java/util/ArrayList");
        init.visitInsn(Opcodes.DUP);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/ArrayList", "<init>", "()V", false);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, "items", "Ljava/util/List;");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (int k = 0; k < METHODS; k++) {
            MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "m" + k, "(I)I", null, null);
            m.visitCode();
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitInsn(Opcodes.DUP);
            m.visitFieldInsn(Opcodes.GETFIELD, name, "count", "I");
            m.visitVarInsn(Opcodes.ILOAD, 1);
            m.visitLdcInsn(k);
            m.visitInsn(Opcodes.IMUL);
            m.visitInsn(Opcodes.IADD);
            m.visitFieldInsn(Opcodes.PUTFIELD, name, "count", "I");
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitFieldInsn(Opcodes.GETFIELD, name, "items", "Ljava/util/List;");
            m.visitLdcInsn("C" + i + ".m" + k);
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/List", "add", "(Ljava/lang/Object;)Z", true);
            m.visitInsn(Opcodes.POP);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitFieldInsn(Opcodes.GETFIELD, name, "count", "I");
            m.visitInsn(Opcodes.IRETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        if (returnsTask) {
            MethodVisitor t = cw.visitMethod(Opcodes.ACC_PUBLIC, "task", "()Ldev/weft/Task;", null, null);
            t.visitCode();
            t.visitVarInsn(Opcodes.ALOAD, 0);
            t.visitFieldInsn(Opcodes.GETFIELD, name, "count", "I");
            t.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            t.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Task", "of", "(Ljava/lang/Object;)Ldev/weft/Task;", false);
            t.visitInsn(Opcodes.ARETURN);
            t.visitMaxs(0, 0);
            t.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
