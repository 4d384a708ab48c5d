package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/** Infers each instruction's frame and records the control flow graph on the way. */
final class FlowAnalyzer extends Analyzer<BasicValue> {
    private List<Integer>[] successors;

    FlowAnalyzer(ClassHierarchy hierarchy) {
        super(new TypeInterpreter(hierarchy));
    }

    /** The analysed method: frames by instruction index (null where unreachable) and successors. */
    Flow run(String owner, MethodNode method) throws AnalyzerException {
        successors = newEdgeLists(method.instructions.size());
        Frame<BasicValue>[] frames = analyze(owner, method);
        return new Flow(method, frames, successors);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer>[] newEdgeLists(int n) {
        List<Integer>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>(2);
        }
        return lists;
    }

    @Override
    protected void newControlFlowEdge(int insn, int successor) {
        successors[insn].add(successor);
    }

    @Override
    protected boolean newControlFlowExceptionEdge(int insn, int successor) {
        successors[insn].add(successor);
        return true;
    }

    @Override
    protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
        return new TypedFrame(numLocals, numStack);
    }

    @Override
    protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
        return new TypedFrame(frame);
    }
}
