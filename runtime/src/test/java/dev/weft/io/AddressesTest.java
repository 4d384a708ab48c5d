package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * {@link Addresses}: only what the JDK parses without a look-up is resolved on the loop. A string of
 * digits and dots that is no address ({@code 256.1.1.1}) made the JDK ask DNS, on the loop's thread.
 */
class AddressesTest {
    @Test
    void dottedQuadsAndIpv6AreLiterals() {
        for (String s : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3", "010.1.1.1", "::1", "[::1]", "fe80::1%lo"}) {
            assertTrue(Addresses.isLiteral(s), s);
        }
    }

    @Test
    void otherDigitsAndDotsAreNames() {
        for (String s : new String[] {"256.1.1.1", "1.2.3.4.5", "1.2.3", "127.1", "1..2.3", ".1.2.3", "1.2.3.4.", "1.2.3.1000", "0000.1.1.1", "1"}) {
            assertFalse(Addresses.isLiteral(s), s);
        }
    }

    @Test
    void namesAreNotLiterals() {
        for (String s : new String[] {"localhost", "example.com", "a1.2.3.4", "1.2.3.4a"}) {
            assertFalse(Addresses.isLiteral(s), s);
        }
    }

    /** Before: "true" (looked up on the loop); asyncio's {@code getaddrinfo} runs in its executor too. */
    @Test
    void aBadDottedQuadIsResolvedOffTheLoop() {
        assertEquals("false", Weft.run(() -> Task.of(String.valueOf(Addresses.resolve("256.1.1.1").isDone()))));
    }

    @Test
    void aLiteralIsParsedAtOnce() throws Exception {
        InetAddress[] a = Weft.run(() -> Addresses.resolve("127.0.0.1"));
        assertEquals(InetAddress.getByName("127.0.0.1"), a[0]);
        assertEquals("true", Weft.run(() -> Task.of(String.valueOf(Addresses.resolve("10.1.2.3").isDone()))));
    }
}
