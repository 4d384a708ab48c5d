package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CpuBoundTest {
    private static final Pattern TICKS = Pattern.compile("(\\d+) ticks meanwhile");

    @Test
    void theTickerStopsForWorkOnTheLoopAndKeepsTickingForWorkInToThread() {
        SampleOutput out = SampleOutput.run(() -> CpuBound.main(new String[0]));
        assertEquals("on the loop:   114155 primes below 1500000, N ticks meanwhile\n"
                + "with toThread: 114155 primes below 1500000, N ticks meanwhile\n",
                TICKS.matcher(out.text).replaceAll("N ticks meanwhile"));
        Matcher m = TICKS.matcher(out.text);
        assertTrue(m.find());
        assertEquals(0, Integer.parseInt(m.group(1)), "the loop was blocked: no tick can run\n" + out.text);
        assertTrue(m.find());
        assertTrue(Integer.parseInt(m.group(1)) >= 1, "the ticker ran during toThread's work\n" + out.text);
        assertTrue(out.millis < 10_000, "took " + out.millis + " ms");
    }
}
