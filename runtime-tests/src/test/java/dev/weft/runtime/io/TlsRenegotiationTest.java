package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS 1.2 renegotiation is refused (asyncio's ssl module does not renegotiate either): a JDK peer
 * that starts a new handshake after data flowed, as the server (a HelloRequest) or as the client
 * (a new ClientHello), fails the connection with an {@link SSLException} naming renegotiation,
 * and nothing hangs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsRenegotiationTest extends TlsTestSupport {

    private static void assertNamesRenegotiation(Throwable e) {
        assertNotNull(e, "no failure");
        assertTrue(e instanceof SSLException, () -> chain(e).toString());
        assertTrue(e.getMessage().startsWith("TLS renegotiation is not supported: the peer started a new handshake on "
                + "TLSv1.2"), () -> chain(e).toString());
    }

    @Test
    void aServerStartingANewHandshakeFailsTheWeftClientsConnection() throws Exception {
        AtomicReference<Throwable> peerFailure = new AtomicReference<>();
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols("TLSv1.2"), s -> {
            TlsPeer.send(s, "before\n");
            assertEquals("ack", TlsPeer.readLine(s));
            try {
                s.startHandshake(); // a HelloRequest
                TlsPeer.send(s, "after\n");
                TlsPeer.readAll(s);
            } catch (IOException e) {
                peerFailure.set(e);
            }
        });
        List<String> log = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port(), tls(CLIENT)));
                log.add(await(c.reader().readLine(StandardCharsets.US_ASCII)));
                c.writer().write(ascii("ack\n"));
                try {
                    log.add(await(c.reader().readLine(StandardCharsets.US_ASCII), IOException.class));
                } catch (IOException e) {
                    failure.set(e);
                }
                c.writer().close();
                try {
                    await(c.writer().waitClosed(), IOException.class);
                } catch (IOException e) {
                    log.add("waitClosed: " + e.getClass().getSimpleName());
                }
                await(finished(peer));
                return Task.done();
            });
        } finally {
            peer.close();
        }
        assertEquals("before", log.get(0), log::toString);
        assertNamesRenegotiation(failure.get());
        assertNotNull(peerFailure.get(), "the peer's renegotiation succeeded");
        assertSocketsBackTo(before, "after the refused renegotiation");
    }

    private static final List<String> HANDLER_LOG = new ArrayList<>();
    private static final AtomicReference<Throwable> HANDLER_FAILURE = new AtomicReference<>();

    @Async
    private static Task<Void> echoUntilFailure(StreamReader r, StreamWriter w) {
        try {
            String line;
            while ((line = await(r.readLine(StandardCharsets.US_ASCII), IOException.class)) != null) {
                HANDLER_LOG.add(line);
                w.write(ascii(line + "\n"));
            }
            HANDLER_LOG.add("end of stream");
        } catch (IOException e) {
            HANDLER_FAILURE.set(e);
        }
        return Task.done();
    }

    @Test
    void aClientStartingANewHandshakeFailsTheConnectionOnTheWeftServer() throws Exception {
        HANDLER_LOG.clear();
        HANDLER_FAILURE.set(null);
        AtomicReference<Throwable> peerFailure = new AtomicReference<>();
        AtomicReference<String> echoed = new AtomicReference<>();
        int before = socketsAndSelectors();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsRenegotiationTest::echoUntilFailure, "127.0.0.1", 0,
                    tlsServer(SERVER)));
            await(finished(TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.protocols("TLSv1.2"), s -> {
                TlsPeer.send(s, "one\n");
                echoed.set(TlsPeer.readLine(s));
                try {
                    s.startHandshake(); // a new ClientHello
                    TlsPeer.send(s, "two\n");
                    TlsPeer.readAll(s);
                } catch (IOException e) {
                    peerFailure.set(e);
                }
            })));
            for (int i = 0; i < 100 && HANDLER_FAILURE.get() == null; i++) {
                await(dev.weft.Weft.sleep(10));
            }
            await(server.close());
            return Task.done();
        });
        assertEquals("one", echoed.get());
        assertEquals(List.of("one"), HANDLER_LOG);
        assertNamesRenegotiation(HANDLER_FAILURE.get());
        assertNotNull(peerFailure.get(), "the peer's renegotiation succeeded");
        assertSocketsBackTo(before, "after the refused renegotiation");
    }
}
