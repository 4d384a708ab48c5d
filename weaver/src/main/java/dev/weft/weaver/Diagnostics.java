package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Collects the diagnostics of one class, locating them by source file and line. */
final class Diagnostics {
    private final ClassNode owner;
    private final List<Diagnostic> list = new ArrayList<>();

    Diagnostics(ClassNode owner) {
        this.owner = owner;
    }

    void error(MethodNode m, AbstractInsnNode at, String message, String hint) {
        add(Diagnostic.Kind.ERROR, m, at, message, hint);
    }

    void warning(MethodNode m, AbstractInsnNode at, String message, String hint) {
        add(Diagnostic.Kind.WARNING, m, at, message, hint);
    }

    private void add(Diagnostic.Kind kind, MethodNode m, AbstractInsnNode at, String message, String hint) {
        int line = at != null ? lineOf(at) : m != null ? firstLine(m.instructions) : -1;
        String method = m == null ? null : m.name.startsWith("lambda$") ? enclosingName(m) : m.name;
        list.add(new Diagnostic(kind, owner.name.replace('/', '.'), method, owner.sourceFile, line, message, hint));
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Diagnostic::isError);
    }

    List<Diagnostic> all() {
        return list;
    }

    /** How a method reads in messages: {@code Fetcher.fetch()}, or {@code a lambda in Fetcher.main()}. */
    String describe(MethodNode m) {
        String cls = simpleName(owner.name);
        if (m.name.startsWith("lambda$")) {
            return "a lambda in " + cls + "." + enclosingName(m) + "()";
        }
        if (m.name.equals("<init>")) {
            return "the constructor of " + cls;
        }
        return cls + "." + m.name + "()";
    }

    /**
     * The method a lambda is written in: javac names it in the lambda's name ({@code lambda$main$0});
     * ecj does not ({@code lambda$0}), so find the method whose invokedynamic refers to it.
     */
    private String enclosingName(MethodNode lambda) {
        String named = sourceName(lambda);
        if (!named.equals(lambda.name)) {
            return named;
        }
        for (MethodNode m : owner.methods) {
            for (org.objectweb.asm.tree.AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (n instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode) {
                    for (Object arg : ((org.objectweb.asm.tree.InvokeDynamicInsnNode) n).bsmArgs) {
                        if (arg instanceof org.objectweb.asm.Handle
                                && ((org.objectweb.asm.Handle) arg).getName().equals(lambda.name)
                                && ((org.objectweb.asm.Handle) arg).getOwner().equals(owner.name)) {
                            return m.name.startsWith("lambda$") ? enclosingName(m) : m.name;
                        }
                    }
                }
            }
        }
        return lambda.name;
    }

    /** The name the user wrote: for {@code lambda$main$0}, {@code main}. */
    static String sourceName(MethodNode m) {
        if (m.name.startsWith("lambda$")) {
            String[] parts = m.name.split("\\$");
            if (parts.length >= 3 && !parts[1].isEmpty() && !parts[1].chars().allMatch(Character::isDigit)) {
                return parts[1];
            }
        }
        return m.name;
    }

    static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    static String typeName(Type t) {
        String c = t.getClassName();
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** The source line of an instruction: the closest line number before it. */
    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode n = insn; n != null; n = n.getPrevious()) {
            if (n instanceof LineNumberNode) {
                return ((LineNumberNode) n).line;
            }
        }
        return -1;
    }

    static int firstLine(InsnList insns) {
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof LineNumberNode) {
                return ((LineNumberNode) n).line;
            }
        }
        return -1;
    }
}
