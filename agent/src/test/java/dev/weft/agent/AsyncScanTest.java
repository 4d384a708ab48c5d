package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsyncScanTest {
    private static boolean scan(String constantPool) {
        return AsyncScan.mayNeedWeaving(("\u00ca\u00fe" + constantPool + "\u0001").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void findsTheAnnotationAndTheOwnerOfAwait() {
        assertTrue(scan("xxLdev/weft/Async;yy"));
        assertTrue(scan("dev/weft/Weft"));
        assertTrue(scan("..dev/weft/Weft.."));
    }

    @Test
    void skipsClassesThatOnlyUseOtherRuntimeTypes() {
        assertFalse(scan("dev/weft/Task java/lang/Object"));
        assertFalse(scan("Ldev/weft/Asyn"));
        assertFalse(scan("dev/weft/Wef"));
        assertFalse(scan(""));
    }
}
