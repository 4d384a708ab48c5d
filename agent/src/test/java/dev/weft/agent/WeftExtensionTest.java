package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WeftExtension.class)
class WeftExtensionTest {
    @Test
    void asyncCodeInClassesLoadedByTheTestsIsWoven() {
        assertTrue(WeftAgent.isInstalled());
        assertEquals(3, Weft.run(() -> new Countdown().count(3)));
    }

    @Test
    void installIsIdempotent() {
        WeftAgent.install();
        WeftAgent.install();
        assertTrue(WeftAgent.isInstalled());
    }
}
