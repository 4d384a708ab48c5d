package dev.weft.weaver.fuzz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing program by deleting statements (and whole blocks) one at a time, keeping each
 * deletion after which the program still fails the same way, until a pass deletes nothing or the
 * time budget is spent. Deletions that break compilation simply do not reproduce.
 */
final class Minimizer {
    private Minimizer() {
    }

    /** The smallest source found that still satisfies {@code stillFails}. */
    static String minimize(Code program, Predicate<String> stillFails, long budgetMillis) {
        long deadline = System.currentTimeMillis() + budgetMillis;
        Set<Integer> deleted = new HashSet<>();
        boolean progress = true;
        while (progress && System.currentTimeMillis() < deadline) {
            progress = false;
            List<Integer> ids = new ArrayList<>();
            program.ids(ids);
            for (int id : ids) {
                if (System.currentTimeMillis() >= deadline) {
                    break;
                }
                if (deleted.contains(id)) {
                    continue;
                }
                Set<Integer> attempt = new HashSet<>(deleted);
                attempt.add(id);
                String before = program.render(deleted);
                String after = program.render(attempt);
                if (!after.equals(before) && stillFails.test(after)) {
                    deleted = attempt;
                    progress = true;
                }
            }
        }
        return program.render(deleted);
    }
}
