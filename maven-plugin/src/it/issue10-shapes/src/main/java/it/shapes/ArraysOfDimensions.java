package it.shapes;

import static dev.weft.Weft.await;
import static it.shapes.Main.value;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.Arrays;

/**
 * Item 6: arrays of different dimensions live across an await; String[] and int[][] merge to Object[].
 */
final class ArraysOfDimensions {
    private ArraysOfDimensions() {
    }

    @Async
    static Task<String> arraysInLocal(boolean strings) {
        Object[] rows = strings ? new String[] {"a"} : new int[][] {{1}};
        String v = await(value("!"));
        return Task.of(Arrays.deepToString(rows) + v);
    }

    @Async
    static Task<String> arraysOnStack(boolean strings) {
        return Task.of(join(strings ? new String[] {"b"} : new int[][] {{2}}, await(value("?"))));
    }

    static String join(Object[] rows, String v) {
        return Arrays.deepToString(rows) + v;
    }
}
