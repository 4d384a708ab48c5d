package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelloTest {
    static final String EXPECTED = "Hello\nWorld\n";

    @Test
    void printsHelloThenWorldAfterAboutOneSecond() {
        SampleOutput out = SampleOutput.run(() -> Hello.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis >= 990 && out.millis < 3000, "took " + out.millis + " ms");
    }
}
