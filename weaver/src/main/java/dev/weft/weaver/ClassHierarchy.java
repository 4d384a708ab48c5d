package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Super types of classes, read from class bytes and never by loading classes. Unknown classes are
 * reported with {@link UnknownClassException}, never guessed.
 */
final class ClassHierarchy {
    private static final Info OBJECT = new Info(RuntimeContract.OBJECT, null, List.of(), false, Opcodes.ACC_PUBLIC);

    private final ClassBytesLookup lookup;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    ClassHierarchy(ClassBytesLookup lookup) {
        this.lookup = lookup;
        cache.put(RuntimeContract.OBJECT, OBJECT);
    }

    /** Makes a class known that the lookup cannot see yet (the class being woven, generated frames). */
    void register(String name, String superName, List<String> interfaces, int access) {
        cache.put(name, new Info(name, superName, List.copyOf(interfaces), (access & Opcodes.ACC_INTERFACE) != 0, access));
    }

    /**
     * {@code type}, or, if class {@code from} may not name it (a class neither public nor in the
     * same package, as the JVM checks a {@code checkcast}), its nearest superclass that {@code from}
     * may name; for an array, the same for its element class. A class whose bytes are unknown is
     * taken as it is.
     */
    Type nameableFrom(String from, Type type) {
        if (type.getSort() == Type.ARRAY) {
            Type element = type.getElementType();
            Type nameable = nameableFrom(from, element);
            return nameable.equals(element) ? type
                    : Type.getType("[".repeat(type.getDimensions()) + nameable.getDescriptor());
        }
        if (type.getSort() != Type.OBJECT || type.equals(TypeInterpreter.NULL_TYPE)) {
            return type;
        }
        String c = type.getInternalName();
        try {
            while (c != null && !mayName(from, c)) {
                c = info(c).superName;
            }
        } catch (UnknownClassException e) {
            return type;
        }
        return c == null || c.equals(type.getInternalName()) ? type : Type.getObjectType(c);
    }

    private boolean mayName(String from, String name) {
        return (info(name).access & Opcodes.ACC_PUBLIC) != 0 || packageOf(name).equals(packageOf(from));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    boolean isInterface(String name) {
        return info(name).isInterface;
    }

    /** Whether a value of class {@code from} can be assigned to {@code to} (both internal names, not arrays). */
    boolean isAssignable(String to, String from) {
        if (to.equals(from) || to.equals(RuntimeContract.OBJECT)) {
            return true;
        }
        for (String c = from; c != null; ) {
            Info i = info(c);
            if (c.equals(to)) {
                return true;
            }
            for (String itf : i.interfaces) {
                if (isAssignable(to, itf)) {
                    return true;
                }
            }
            c = i.superName;
        }
        return false;
    }

    /** The most specific common superclass, as the JVM verifier infers it (interfaces give Object). */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isAssignable(a, b)) {
            return isInterface(a) ? RuntimeContract.OBJECT : a;
        }
        if (isAssignable(b, a)) {
            return isInterface(b) ? RuntimeContract.OBJECT : b;
        }
        if (isInterface(a) || isInterface(b)) {
            return RuntimeContract.OBJECT;
        }
        String c = a;
        do {
            c = info(c).superName;
        } while (c != null && !isAssignable(c, b));
        return c == null ? RuntimeContract.OBJECT : c;
    }

    private Info info(String name) {
        Info i = cache.get(name);
        if (i == null) {
            i = read(name);
            cache.put(name, i);
        }
        return i;
    }

    private Info read(String name) {
        byte[] bytes;
        try {
            bytes = lookup.find(name);
        } catch (RuntimeException e) {
            throw new UnknownClassException(name, e);
        }
        if (bytes == null) {
            throw new UnknownClassException(name, null);
        }
        try {
            ClassReader r = new ClassReader(bytes);
            List<String> itfs = new ArrayList<>(List.of(r.getInterfaces()));
            boolean itf = (r.getAccess() & Opcodes.ACC_INTERFACE) != 0;
            return new Info(name, r.getSuperName(), itfs, itf, r.getAccess());
        } catch (RuntimeException e) {
            throw new UnknownClassException(name, e);
        }
    }

    private static final class Info {
        final String name;
        final String superName;
        final List<String> interfaces;
        final boolean isInterface;
        /** The class file's access flags (a nested class's own, which the JVM checks, not its InnerClasses entry's). */
        final int access;

        Info(String name, String superName, List<String> interfaces, boolean isInterface, int access) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
            this.access = access;
        }
    }

    /** A class whose bytes the lookup does not have, needed to compute stack map frames. */
    static final class UnknownClassException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;

        UnknownClassException(String className, Throwable cause) {
            super("class " + className.replace('/', '.') + " not found", cause);
            this.className = className;
        }
    }
}
