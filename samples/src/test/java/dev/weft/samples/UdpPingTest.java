package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class UdpPingTest {
    /** What the Python twin (src/test/resources/python/udp_ping.py) prints with CPython 3.13. */
    static final String EXPECTED = "Serving on 127.0.0.1\n"
            + "Send: 'ping 1'\n"
            + "Received 'ping 1' from '127.0.0.1'\n"
            + "Send 'pong 1' to '127.0.0.1'\n"
            + "Received: 'pong 1'\n"
            + "Send: 'ping 2'\n"
            + "Received 'ping 2' from '127.0.0.1'\n"
            + "Send 'pong 2' to '127.0.0.1'\n"
            + "Received: 'pong 2'\n"
            + "Send: 'ping 3'\n"
            + "Received 'ping 3' from '127.0.0.1'\n"
            + "Send 'pong 3' to '127.0.0.1'\n"
            + "Received: 'pong 3'\n"
            + "Close the server\n"
            + "Send: 'ping 4'\n"
            + "No reply: the port is unreachable\n"
            + "Close the client\n";

    @Test
    void serverAndClientPrintWhatAsyncioPrints() {
        SampleOutput out = SampleOutput.run(() -> UdpPing.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis < 3000, "took " + out.millis + " ms");
    }

    @Test
    void closesEverySocket() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> UdpPing.main(new String[0]));     // loads what the run needs first
        long before = OpenFiles.count();
        SampleOutput.run(() -> UdpPing.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
    }
}
