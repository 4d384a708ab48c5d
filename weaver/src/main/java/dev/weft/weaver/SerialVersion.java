package dev.weft.weaver;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Keeps a serializable class's default {@code serialVersionUID} through weaving. The default is a
 * hash of the class's non-private members, and weaving adds non-private synthetic methods, so a
 * woven class that declares none gets {@code private static final long serialVersionUID} set to what
 * {@code java.io.ObjectStreamClass} computes for the class as compiled (Java Object Serialization
 * Specification, section 4.6): instances serialized by either version read in the other.
 */
final class SerialVersion {
    private static final int CLASS_MODIFIERS = Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_INTERFACE
            | Opcodes.ACC_ABSTRACT;
    private static final int FIELD_MODIFIERS = Opcodes.ACC_PUBLIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED
            | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_VOLATILE | Opcodes.ACC_TRANSIENT;
    private static final int METHOD_MODIFIERS = Opcodes.ACC_PUBLIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED
            | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_NATIVE
            | Opcodes.ACC_ABSTRACT | Opcodes.ACC_STRICT;
    static final String FIELD = "serialVersionUID";

    private SerialVersion() {
    }

    /**
     * Adds the field to {@code woven} if the class is serializable, uses a default serialVersionUID
     * (not an enum or a record, which ignore it, nor an interface) and declares none. Weaving changes
     * no flag, supertype or field, so {@code woven} answers those; {@code original} (the class as
     * compiled) is read for its members only when the field is added. A supertype the weaver cannot
     * find leaves it unable to tell: that is warned about, never passed over in silence.
     */
    static void keep(ClassNode woven, byte[] original, ClassHierarchy hierarchy, Diagnostics diagnostics) {
        if ((woven.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ENUM)) != 0
                || "java/lang/Record".equals(woven.superName) || declares(woven)) {
            return;
        }
        boolean serializable;
        try {
            serializable = hierarchy.isAssignable("java/io/Serializable", woven.name);
        } catch (ClassHierarchy.UnknownClassException e) {
            String name = woven.name.replace('/', '.');
            diagnostics.warning(null, null, "cannot tell whether " + name + " is Serializable: its supertype "
                    + e.className.replace('/', '.') + " was not found, so if it is, weaving changed its default"
                    + " serialVersionUID",
                    "put " + e.className.replace('/', '.') + " on the weaving class path, or declare"
                    + " 'private static final long serialVersionUID' in " + name);
            return;
        }
        if (serializable) {
            ClassNode compiled = new ClassNode();
            new ClassReader(original).accept(compiled, ClassReader.SKIP_CODE);
            woven.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL
                    | Opcodes.ACC_SYNTHETIC, FIELD, "J", null, defaultOf(compiled)));
        }
    }

    private static boolean declares(ClassNode c) {
        for (FieldNode f : c.fields) {
            if (f.name.equals(FIELD)) {
                return true;
            }
        }
        return false;
    }

    /** The serialVersionUID ObjectStreamClass computes for a class that declares none. */
    static long defaultOf(ClassNode c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(c.name.replace('/', '.'));

            List<MethodNode> methods = new ArrayList<>();
            List<MethodNode> constructors = new ArrayList<>();
            boolean staticInitializer = false;
            for (MethodNode m : c.methods) {
                if (m.name.equals("<clinit>")) {
                    staticInitializer = true;
                } else if (m.name.equals("<init>")) {
                    constructors.add(m);
                } else {
                    methods.add(m);
                }
            }
            // Class.getModifiers(): a member class's flags come from its InnerClasses entry
            int classModifiers = c.access;
            for (InnerClassNode inner : c.innerClasses) {
                if (inner.name.equals(c.name)) {
                    classModifiers = inner.access;
                }
            }
            classModifiers &= CLASS_MODIFIERS;
            if ((classModifiers & Opcodes.ACC_INTERFACE) != 0) {
                classModifiers = methods.isEmpty() ? classModifiers & ~Opcodes.ACC_ABSTRACT
                        : classModifiers | Opcodes.ACC_ABSTRACT;
            }
            out.writeInt(classModifiers);

            List<String> interfaces = new ArrayList<>();
            for (String i : c.interfaces) {
                interfaces.add(i.replace('/', '.'));
            }
            interfaces.sort(Comparator.naturalOrder());
            for (String i : interfaces) {
                out.writeUTF(i);
            }

            List<FieldNode> fields = new ArrayList<>(c.fields);
            fields.sort(Comparator.comparing(f -> f.name));
            for (FieldNode f : fields) {
                int mods = f.access & FIELD_MODIFIERS;
                if ((mods & Opcodes.ACC_PRIVATE) == 0 || (mods & (Opcodes.ACC_STATIC | Opcodes.ACC_TRANSIENT)) == 0) {
                    out.writeUTF(f.name);
                    out.writeInt(mods);
                    out.writeUTF(f.desc);
                }
            }

            if (staticInitializer) {
                out.writeUTF("<clinit>");
                out.writeInt(Opcodes.ACC_STATIC);
                out.writeUTF("()V");
            }

            constructors.sort(Comparator.comparing(m -> m.desc));
            for (MethodNode m : constructors) {
                writeMethod(out, m);
            }
            methods.sort(Comparator.<MethodNode, String>comparing(m -> m.name).thenComparing(m -> m.desc));
            for (MethodNode m : methods) {
                writeMethod(out, m);
            }
            out.flush();

            byte[] hash = MessageDigest.getInstance("SHA").digest(bytes.toByteArray());
            long suid = 0;
            for (int i = Math.min(hash.length, 8) - 1; i >= 0; i--) {
                suid = (suid << 8) | (hash[i] & 0xFF);
            }
            return suid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA is a required MessageDigest", e);
        }
    }

    private static void writeMethod(DataOutputStream out, MethodNode m) throws IOException {
        int mods = m.access & METHOD_MODIFIERS;
        if ((mods & Opcodes.ACC_PRIVATE) == 0) {
            out.writeUTF(m.name);
            out.writeInt(mods);
            out.writeUTF(m.desc.replace('/', '.'));
        }
    }
}
