package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * Super types of classes, read from class bytes and never by loading classes. Unknown classes are
 * reported with {@link UnknownClassException}, never guessed.
 */
final class ClassHierarchy {
    private static final Info OBJECT = new Info(Names.OBJECT, null, List.of(), false);

    private final ClassBytesLookup lookup;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    ClassHierarchy(ClassBytesLookup lookup) {
        this.lookup = lookup;
        cache.put(Names.OBJECT, OBJECT);
    }

    /** Makes a class known that the lookup cannot see yet (the class being woven, generated frames). */
    void register(String name, String superName, List<String> interfaces, boolean isInterface) {
        cache.put(name, new Info(name, superName, List.copyOf(interfaces), isInterface));
    }

    boolean isInterface(String name) {
        return info(name).isInterface;
    }

    /** Whether a value of class {@code from} can be assigned to {@code to} (both internal names, not arrays). */
    boolean isAssignable(String to, String from) {
        if (to.equals(from) || to.equals(Names.OBJECT)) {
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
            return isInterface(a) ? Names.OBJECT : a;
        }
        if (isAssignable(b, a)) {
            return isInterface(b) ? Names.OBJECT : b;
        }
        if (isInterface(a) || isInterface(b)) {
            return Names.OBJECT;
        }
        String c = a;
        do {
            c = info(c).superName;
        } while (c != null && !isAssignable(c, b));
        return c == null ? Names.OBJECT : c;
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
            boolean itf = (r.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
            return new Info(name, r.getSuperName(), itfs, itf);
        } catch (RuntimeException e) {
            throw new UnknownClassException(name, e);
        }
    }

    private static final class Info {
        final String name;
        final String superName;
        final List<String> interfaces;
        final boolean isInterface;

        Info(String name, String superName, List<String> interfaces, boolean isInterface) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
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
