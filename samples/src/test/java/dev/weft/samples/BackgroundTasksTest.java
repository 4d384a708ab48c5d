package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackgroundTasksTest {
    @Test
    void tickersRunForFiveSecondsThenStop() {
        SampleOutput out = SampleOutput.run(() -> BackgroundTasks.main(new String[0]));
        List<String> lines = Arrays.asList(out.text.split("\n"));
        // A ticks at 0,1,2,3,4 s and B at 0,2,4 s; at 2 s and 4 s both are due in the same instant.
        assertEquals(List.of("A: tick", "B: tick", "A: tick"), lines.subList(0, 3));
        assertEquals(5, lines.stream().filter("A: tick"::equals).count(), out.text);
        assertEquals(3, lines.stream().filter("B: tick"::equals).count(), out.text);
        assertTrue(out.millis >= 4990 && out.millis < 7500, "took " + out.millis + " ms");
    }
}
