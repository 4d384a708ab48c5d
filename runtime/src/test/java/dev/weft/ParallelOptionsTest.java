package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParallelOptionsTest {
    @Test
    void withLoopsKeepsTheRunOptionsSetBeforeIt() {
        RunOptions debug = RunOptions.defaults().withDebug(true);
        ParallelOptions options = ParallelOptions.defaults().withRunOptions(debug).withLoops(4);
        assertEquals(4, options.loops());
        assertSame(debug, options.runOptions());
        assertSame(debug, options.withLoops(2).runOptions());
    }

    /** A static {@code loops(int)} beside the getter let {@code withRunOptions(x).loops(4)} compile and drop x. */
    @Test
    void theNumberOfLoopsIsChosenOnlyThroughWithLoops() {
        List<String> statics = Arrays.stream(ParallelOptions.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toList());
        assertEquals(List.of("defaults"), statics);
        assertThrows(IllegalArgumentException.class, () -> ParallelOptions.defaults().withLoops(0));
    }
}
