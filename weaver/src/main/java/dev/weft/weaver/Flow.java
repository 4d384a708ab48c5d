package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/** A method's inferred frames and control flow graph, indexed by instruction. */
final class Flow {
    final MethodNode method;
    final Frame<BasicValue>[] frames;
    final List<Integer>[] successors;

    Flow(MethodNode method, Frame<BasicValue>[] frames, List<Integer>[] successors) {
        this.method = method;
        this.frames = frames;
        this.successors = successors;
    }

    int size() {
        return frames.length;
    }
}
