package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The JDK version check of {@link UnixSockets}: the runtime runs on 11, which has no Unix domain socket channels. */
class UnixSocketsTest {
    @Test
    void jdk11To15AreRefusedNamingTheVersionNeededAndThisRuntimes() {
        for (int feature : new int[] {11, 15}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> UnixSockets.checkSupported(feature));
            assertEquals("Unix domain sockets need JDK 16 or later; this runtime is " + Runtime.version(), e.getMessage());
        }
    }

    @Test
    void jdk16AndLaterAreAccepted() {
        assertDoesNotThrow(() -> UnixSockets.checkSupported(16));
        assertDoesNotThrow(() -> UnixSockets.checkSupported(25));
        assertDoesNotThrow(() -> UnixSockets.checkSupported());
    }
}
