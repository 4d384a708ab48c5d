package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;

/** How many monitors (synchronized blocks) are held at each instruction, along any path. */
final class MonitorDepth {
    /** Beyond this the code is not javac's; treat as "held". */
    private static final int CAP = 64;

    private final int[] depth;

    private MonitorDepth(int[] depth) {
        this.depth = depth;
    }

    boolean held(int index) {
        return depth[index] > 0;
    }

    static MonitorDepth of(Flow flow) {
        InsnList insns = flow.method.instructions;
        int n = flow.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        if (n > 0) {
            depth[0] = 0;
            work.add(0);
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            int op = insns.get(i).getOpcode();
            int after = depth[i];
            if (op == Opcodes.MONITORENTER) {
                after = Math.min(CAP, after + 1);
            } else if (op == Opcodes.MONITOREXIT) {
                after = Math.max(0, after - 1);
            }
            for (int s : flow.successors[i]) {
                // An exception edge leaves before the instruction ran: it carries the depth before it.
                int d = isHandlerEdge(flow, i, s) ? depth[i] : after;
                if (d > depth[s]) {
                    depth[s] = d;
                    work.add(s);
                }
            }
        }
        return new MonitorDepth(depth);
    }

    private static boolean isHandlerEdge(Flow flow, int from, int to) {
        InsnList insns = flow.method.instructions;
        for (var tcb : flow.method.tryCatchBlocks) {
            if (insns.indexOf(tcb.handler) == to) {
                int start = insns.indexOf(tcb.start);
                int end = insns.indexOf(tcb.end);
                if (from >= start && from < end) {
                    return true;
                }
            }
        }
        return false;
    }
}
