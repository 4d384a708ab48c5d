package dev.weft.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS echo workload at a tiny scale, for every server contender this machine has: every reply
 * is the request byte for byte over TLS 1.3 with the pinned cipher suite, a message larger than a
 * TLS record, the side channel, and no server process left behind; the client refuses a server
 * whose certificate it does not trust; the key material is deleted afterwards.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TlsEchoTest {
    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);
    private static TlsKeys keys;

    @BeforeAll
    static void makeKeys() throws IOException {
        keys = TlsKeys.create();
    }

    @AfterAll
    static void deleteKeys() {
        keys.close();
        assertFalse(keys.exists(), "key directory left behind");
    }

    @ParameterizedTest
    @EnumSource(TlsEchoServer.class)
    void echoesEveryByteOverTlsAndEndsItsProcess(TlsEchoServer server) throws IOException {
        assumeTrue(server.available(), () -> server + ": " + server.unavailableReason());
        ProcessHandle handle;
        try (ServerProcess process = ServerProcess.start(server.with(keys), false)) {
            handle = ProcessHandle.of(process.pid()).orElseThrow();
            for (int size : new int[] {1, 4096, 100 * 1024}) {
                try (TlsEchoLoad load = new TlsEchoLoad(process.address(), 3, size, size, keys.sslContext())) {
                    assertEquals("TLSv1.3 TLS_AES_256_GCM_SHA384", load.session(), server.toString());
                    process.awaitConnections(3, 10_000);
                    EchoLoad.Result r = load.run(TEN_SECONDS, 12);
                    assertEquals(12, r.messages, server + ", " + size + " B");
                    assertTrue(r.percentile(0.5) > 0 && r.percentile(0.5) <= r.percentile(0.99), server + ", " + size + " B");
                    r = load.run(TEN_SECONDS, 5); // a second run on the same connections
                    assertEquals(5, r.messages, server + ", " + size + " B, second run");
                }
            }
            process.awaitConnections(0, 10_000);
            assertTrue(process.cpuNanos() > 0, server + " CPU");
        }
        assertFalse(handle.isAlive(), server + " server still running after close");
    }

    @Test
    void theClientRefusesACertificateItDoesNotTrust() throws Exception {
        try (TlsKeys other = TlsKeys.create();
                SSLServerSocket listener = (SSLServerSocket) other.sslContext().getServerSocketFactory()
                        .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    in.read(); // the handshake, which the client fails
                } catch (IOException e) {
                    // expected: the client sends an alert
                }
            });
            server.start();
            InetSocketAddress address = new InetSocketAddress(TlsKeys.HOST, listener.getLocalPort());
            IOException e = assertThrows(IOException.class, () -> new TlsEchoLoad(address, 1, 64, 1, keys.sslContext()));
            assertInstanceOf(SSLHandshakeException.class, e.getCause(), e.toString());
            server.join(10_000);
            assertFalse(server.isAlive());
        }
    }

    @Test
    void keysAreASelfSignedCertificateForTheLoopbackAddressInPemAndPkcs12() throws IOException {
        assertTrue(Files.readString(keys.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(Files.readString(keys.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.size(keys.keyStore()) > 0);
    }
}
