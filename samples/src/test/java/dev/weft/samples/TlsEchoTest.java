package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TlsEchoTest {
    /** What the Python twin (src/test/resources/python/tls_echo.py) prints with CPython 3.13. */
    static final String EXPECTED = "Made a self-signed certificate for CN=localhost\n"
            + "Serving TLS on 127.0.0.1\n"
            + "Protocol: TLSv1.3\n"
            + "Server certificate: CN=localhost\n"
            + "Send: 'Hello'\n"
            + "Received: 'Hello'\n"
            + "Send: 'TLS'\n"
            + "Received: 'TLS'\n"
            + "Send: 'World!'\n"
            + "Received: 'World!'\n"
            + "Close the connection\n";

    @Test
    void aVerifiedTlsEchoWithACertificateMadeAtTheStartWhichIsDeletedAtTheEnd() throws IOException {
        Set<Path> before = certificateDirectories();
        SampleOutput out = SampleOutput.run(() -> TlsEcho.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertEquals(before, certificateDirectories(), "the temporary directory of the certificate is deleted");
        assertTrue(out.millis < 60_000, "took " + out.millis + " ms"); // keytool is a JVM of its own
    }

    @Test
    void closesEverySocket() throws InterruptedException {
        assumeTrue(OpenFiles.countable(), "no /proc/self/fd");
        SampleOutput.run(() -> TlsEcho.main(new String[0]));   // loads what the run needs first
        long before = OpenFiles.count();
        SampleOutput.run(() -> TlsEcho.main(new String[0]));
        long after = OpenFiles.settled(before);
        assertTrue(after <= before, () -> "sockets and selectors: " + before + " before, " + after + " after");
    }

    /** The sample's temporary directories present now (another run's, perhaps, but none of this one's once it ended). */
    private static Set<Path> certificateDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("weft-tls-echo")).collect(Collectors.toSet());
        }
    }
}
