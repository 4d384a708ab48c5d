package dev.weft.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.cert.CertificateExpiredException;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test certificates are what the TLS tests say they are (checked with the JDK's blocking sockets). */
@Timeout(120)
class TestCertificatesTest {
    @Test
    void leavesAreSignedByTheCaWithTheirValidity() throws Exception {
        Date now = new Date();
        for (TestCertificates.Leaf leaf : TestCertificates.Leaf.values()) {
            TestCertificates.certificate(leaf).verify(TestCertificates.caCertificate().getPublicKey());
        }
        TestCertificates.certificate(TestCertificates.Leaf.LOCALHOST).checkValidity(now);
        assertThrows(CertificateExpiredException.class,
                () -> TestCertificates.certificate(TestCertificates.Leaf.EXPIRED).checkValidity(now));
        assertEquals("CN=localhost",
                TestCertificates.certificate(TestCertificates.Leaf.LOCALHOST).getSubjectX500Principal().getName());
    }

    @Test
    void aJdkClientTrustingTheCaShakesHandsWithTheLocalhostServer() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) TestCertificates
                .serverContext(TestCertificates.Leaf.LOCALHOST).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    return s.getInputStream().read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) TestCertificates.clientContext().getSocketFactory()
                    .createSocket("localhost", server.getLocalPort())) {
                javax.net.ssl.SSLParameters p = client.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(p);
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                assertEquals(42, served.get(30, TimeUnit.SECONDS));
                assertTrue(client.getSession().getPeerCertificates().length >= 1);
            }
        }
    }
}
