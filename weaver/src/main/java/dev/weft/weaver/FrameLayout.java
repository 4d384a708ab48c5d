package dev.weft.weaver;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a method's frame class: per kind, as many as the most demanding suspend point
 * needs. Suspend points share fields, so one frame serves all of them.
 */
final class FrameLayout {
    private final Map<ValueKind, Integer> counts = new EnumMap<>(ValueKind.class);

    static FrameLayout assign(List<SuspendPoint> points) {
        return assign(points, List.of());
    }

    /** The layout for {@code points}, and for {@code arguments} too (label 0: a frame made before its invocation ran). */
    static FrameLayout assign(List<SuspendPoint> points, List<SavedValue> arguments) {
        FrameLayout layout = new FrameLayout();
        for (SuspendPoint p : points) {
            Map<ValueKind, Integer> used = new EnumMap<>(ValueKind.class);
            assign(p.locals, used);
            assign(p.stack, used);
            used.forEach((k, n) -> layout.counts.merge(k, n, Math::max));
        }
        Map<ValueKind, Integer> used = new EnumMap<>(ValueKind.class);
        assign(arguments, used);
        used.forEach((k, n) -> layout.counts.merge(k, n, Math::max));
        return layout;
    }

    private static void assign(List<SavedValue> values, Map<ValueKind, Integer> used) {
        for (SavedValue v : values) {
            if (v.kind.isSaved()) {
                v.field = used.merge(v.kind, 1, Integer::sum) - 1;
            }
        }
    }

    int count(ValueKind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /**
     * Where the runtime's {@code Coroutine} fields end in a frame object (compressed class pointers
     * and references): the header 12, Task's result and waiters, Coroutine's label, state, home and
     * awaited. The runtime's {@code ObjectSizeTest} checks the sizes this gives.
     */
    private static final int COROUTINE_END = 36;

    /**
     * The size of a frame object with this layout (and its {@code self} field, if {@code withSelf}),
     * as HotSpot lays it out with compressed references: 4-byte fields fill the gap before the first
     * 8-byte one, and the object is aligned to 8 bytes.
     */
    int frameBytes(boolean withSelf) {
        int small = count(ValueKind.INT) + count(ValueKind.FLOAT) + count(ValueKind.REF) + (withSelf ? 1 : 0);
        int large = count(ValueKind.LONG) + count(ValueKind.DOUBLE);
        return (COROUTINE_END + 4 * small + 8 * large + 7) & ~7;
    }
}
