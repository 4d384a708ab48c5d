package dev.weft.runtime.debug;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * The program {@link DebuggerLocalsTest} runs under a debugger: {@code work} reads its parameters and
 * most of its locals only before its await, which really suspends, and the debugger stops on the line
 * after it. Do not move the marked lines without running that test.
 */
public final class LocalsProgram {
    private final String name = "locals";

    @Async
    Task<String> work(int count, long big, double ratio, String label, int[] numbers) {
        int unread = count * 7;                                    // FIRST
        long bigger = big * 2;
        double half = ratio / 2;
        String upper = label.toUpperCase();
        int[] copy = numbers.clone();
        long total = big + numbers.length;
        String note = label + ratio;
        await(sleep(10));                                          // AWAIT: suspends, the loop resumes work here
        String result = note + "/" + total;                        // BREAK
        return Task.of(name + " " + result);
    }

    public static void main(String[] args) {
        System.out.println(Weft.run(() -> new LocalsProgram().work(3, 5_000_000_000L, 0.25, "ratio=", new int[] {1, 2, 3})));
    }
}
