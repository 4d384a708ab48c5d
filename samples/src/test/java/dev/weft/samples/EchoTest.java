package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class EchoTest {
    /** What the Python twin (src/test/resources/python/echo.py) prints with CPython 3.13. */
    static final String EXPECTED = "Serving on 127.0.0.1\n"
            + "Send: 'Hello World!'\n"
            + "Received 'Hello World!' from '127.0.0.1'\n"
            + "Send: 'Hello World!'\n"
            + "Close the connection\n"
            + "Received: 'Hello World!'\n"
            + "Close the connection\n";

    @Test
    void clientAndServerPrintWhatAsyncioPrints() {
        SampleOutput out = SampleOutput.run(() -> Echo.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis < 3000, "took " + out.millis + " ms");
    }

    @Test
    void closesEverySocket() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> Echo.main(new String[0]));     // loads what the run needs first
        long before = OpenFiles.count();
        SampleOutput.run(() -> Echo.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
    }
}
