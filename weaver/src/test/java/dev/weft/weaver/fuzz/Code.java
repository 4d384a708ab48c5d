package dev.weft.weaver.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Generated source as a tree: text and nested pieces. A piece with an id is a statement the
 * {@link Minimizer} may delete; rendering skips the deleted ones.
 */
final class Code {
    private final int id;
    private final List<Object> parts = new ArrayList<>();

    Code(int id) {
        this.id = id;
    }

    /** Appends text. */
    Code text(String s) {
        parts.add(s);
        return this;
    }

    /** Appends a nested piece. */
    Code add(Code c) {
        parts.add(c);
        return this;
    }

    /** The ids of every deletable piece, outermost first. */
    void ids(List<Integer> out) {
        if (id >= 0) {
            out.add(id);
        }
        for (Object p : parts) {
            if (p instanceof Code) {
                ((Code) p).ids(out);
            }
        }
    }

    void render(StringBuilder out, Set<Integer> deleted) {
        if (id >= 0 && deleted.contains(id)) {
            return;
        }
        for (Object p : parts) {
            if (p instanceof Code) {
                ((Code) p).render(out, deleted);
            } else {
                out.append((String) p);
            }
        }
    }

    String render(Set<Integer> deleted) {
        StringBuilder b = new StringBuilder();
        render(b, deleted);
        return b.toString();
    }
}
