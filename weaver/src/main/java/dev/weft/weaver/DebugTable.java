package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * The debug table of one frame class, the runtime's {@code @DebugMetadata} (its Javadoc is the
 * format): per suspension point the await's line and the next line, and the saved locals that have a
 * source name, with the frame field holding each. Taken from the method before the body is emitted
 * (emitting replaces the await calls), after the frame layout gave each saved value its field.
 */
final class DebugTable {
    /** The layout of the table written; the runtime ignores a table of another version. */
    static final int VERSION = 1;

    private final String declaringClass;
    private final String method;
    private final String descriptor;
    private final int[] awaitLines;
    private final int[] nextLines;
    private final List<Integer> localPoints = new ArrayList<>();
    private final List<String> localNames = new ArrayList<>();
    private final List<String> localDescriptors = new ArrayList<>();
    private final List<String> localFields = new ArrayList<>();

    private DebugTable(TargetMethod target, int points) {
        this.declaringClass = target.owner.replace('/', '.');
        this.method = target.method.name;
        this.descriptor = target.method.desc;
        this.awaitLines = new int[points];
        this.nextLines = new int[points];
    }

    static DebugTable of(TargetMethod target, List<SuspendPoint> points) {
        DebugTable t = new DebugTable(target, points.size());
        InsnList insns = target.method.instructions;
        for (int i = 0; i < points.size(); i++) {
            SuspendPoint p = points.get(i);
            int line = Math.max(p.line, 0);
            t.awaitLines[i] = line;
            t.nextLines[i] = line > 0 ? nextLine(insns, p.call, line) : 0;
            int at = insns.indexOf(p.call);
            if (!target.isStatic && !savesSlot(p, 0)) {
                t.add(p.label, "this", "L" + target.owner + ";", "self");
            }
            for (SavedValue v : p.locals) {
                LocalVariableNode lv = v.kind.isSaved() ? coveringVariable(target, insns, v.slot, at) : null;
                if (lv != null) {
                    t.add(p.label, lv.name, lv.desc, v.fieldName());
                }
            }
        }
        return t;
    }

    private void add(int label, String name, String desc, String field) {
        localPoints.add(label);
        localNames.add(name);
        localDescriptors.add(desc);
        localFields.add(field);
    }

    private static boolean savesSlot(SuspendPoint p, int slot) {
        for (SavedValue v : p.locals) {
            if (v.slot == slot) {
                return true;
            }
        }
        return false;
    }

    /**
     * The source variable in body slot {@code bodySlot} whose scope covers instruction {@code at}, or
     * null if the method's LocalVariableTable has none.
     */
    static LocalVariableNode coveringVariable(TargetMethod target, InsnList insns, int bodySlot, int at) {
        if (target.method.localVariables == null) {
            return null;
        }
        for (LocalVariableNode lv : target.method.localVariables) {
            if (target.bodySlot(lv.index) == bodySlot && insns.indexOf(lv.start) <= at && at < insns.indexOf(lv.end)) {
                return lv;
            }
        }
        return null;
    }

    /**
     * The first line other than {@code awaitLine} that the method reaches after the await {@code call},
     * following its code from there (a branch's fall-through first, then the jump targets in the order
     * met); 0 if every path returns or throws on the await's line.
     */
    private static int nextLine(InsnList insns, AbstractInsnNode call, int awaitLine) {
        ArrayDeque<AbstractInsnNode> work = new ArrayDeque<>();
        BitSet seen = new BitSet(insns.size());
        work.add(call.getNext());
        while (!work.isEmpty()) {
            for (AbstractInsnNode n = work.poll(); n != null; n = n.getNext()) {
                int index = insns.indexOf(n);
                if (seen.get(index)) {
                    break;
                }
                seen.set(index);
                if (n instanceof LineNumberNode && ((LineNumberNode) n).line != awaitLine) {
                    return ((LineNumberNode) n).line;
                }
                if (n instanceof JumpInsnNode) {
                    work.add(((JumpInsnNode) n).label);
                    if (n.getOpcode() == Opcodes.GOTO || n.getOpcode() == Opcodes.JSR) {
                        break;
                    }
                } else if (n instanceof TableSwitchInsnNode) {
                    work.addAll(((TableSwitchInsnNode) n).labels);
                    work.add(((TableSwitchInsnNode) n).dflt);
                    break;
                } else if (n instanceof LookupSwitchInsnNode) {
                    work.addAll(((LookupSwitchInsnNode) n).labels);
                    work.add(((LookupSwitchInsnNode) n).dflt);
                    break;
                } else if (endsFlow(n.getOpcode())) {
                    break;
                }
            }
        }
        return 0;
    }

    private static boolean endsFlow(int op) {
        return op >= Opcodes.IRETURN && op <= Opcodes.RETURN || op == Opcodes.ATHROW || op == Opcodes.RET;
    }

    /** Writes the table as the frame class's {@code @DebugMetadata}. */
    void write(ClassVisitor cv, String sourceFile) {
        AnnotationVisitor a = cv.visitAnnotation(RuntimeContract.DEBUG_METADATA, true);
        a.visit("version", VERSION);
        a.visit("sourceFile", sourceFile == null ? "" : sourceFile);
        a.visit("declaringClass", declaringClass);
        a.visit("method", method);
        a.visit("descriptor", descriptor);
        a.visit("awaitLines", awaitLines.clone());
        a.visit("nextLines", nextLines.clone());
        a.visit("localPoints", localPoints.stream().mapToInt(Integer::intValue).toArray());
        strings(a, "localNames", localNames);
        strings(a, "localDescriptors", localDescriptors);
        strings(a, "localFields", localFields);
        a.visitEnd();
    }

    private static void strings(AnnotationVisitor a, String name, List<String> values) {
        AnnotationVisitor array = a.visitArray(name);
        for (String v : values) {
            array.visit(null, v);
        }
        array.visitEnd();
    }
}
