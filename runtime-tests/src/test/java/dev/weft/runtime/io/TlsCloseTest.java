package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end of a TLS connection: a close_notify from either side after all the data, and the
 * half-close of TLS 1.3 (a close_notify one way, data still flowing the other), against a JDK peer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsCloseTest extends TlsTestSupport {
    private static final byte[] DATA = pattern(300_000);

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    // ---- close_notify from the Weft side --------------------------------------------------------

    private void weftClientCloses(String protocol) throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols(protocol), s -> got.set(TlsPeer.readAll(s)));
        try {
            String protocolUsed = Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port(), tls(CLIENT)));
                String p = c.writer().tlsSession().getProtocol();
                c.writer().write(DATA);
                await(c.close());
                await(finished(peer));
                return Task.of(p);
            });
            assertEquals(protocol, protocolUsed);
        } finally {
            peer.close();
        }
        assertArrayEquals(DATA, got.get());
        assertSocketsBackTo(before, "after the close");
    }

    @Test
    void theWeftClientsCloseIsReadAsTheEndAfterAllTheDataTls13() throws Exception {
        weftClientCloses("TLSv1.3");
    }

    @Test
    void theWeftClientsCloseIsReadAsTheEndAfterAllTheDataTls12() throws Exception {
        weftClientCloses("TLSv1.2");
    }

    @Async
    private static Task<Void> sendAllAndEnd(StreamReader r, StreamWriter w) {
        w.write(DATA);
        return Task.done(); // the server closes the connection once the handler ends
    }

    @Test
    void aWeftServerClosingAfterItsHandlerIsReadAsTheEndAfterAllTheData() throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        int before = socketsAndSelectors();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsCloseTest::sendAllAndEnd, "127.0.0.1", 0,
                    tlsServer(SERVER)));
            await(finished(TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.Setup.NONE,
                    s -> got.set(TlsPeer.readAll(s)))));
            await(server.close());
            return Task.done();
        });
        assertArrayEquals(DATA, got.get());
        assertSocketsBackTo(before, "after the close");
    }

    // ---- close_notify from the peer -------------------------------------------------------------

    private void peerCloses(String protocol) throws Exception {
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols(protocol), s -> {
            TlsPeer.send(s, DATA);
            TlsPeer.send(s, "last line\n");
            TlsPeer.send(s, "no newline");
            s.close(); // close_notify
        });
        List<String> log = new ArrayList<>();
        try {
            byte[] data = Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port(), tls(CLIENT)));
                StreamReader r = c.reader();
                byte[] first = await(r.readExactly(DATA.length));
                log.add(await(r.readLine(StandardCharsets.US_ASCII)));
                log.add(await(r.readLine(StandardCharsets.US_ASCII)));
                log.add(String.valueOf(await(r.readLine(StandardCharsets.US_ASCII))));
                log.add("read: " + await(r.read(10)).length + ", at eof: " + r.isAtEof());
                await(c.close());
                await(finished(peer));
                return Task.of(first);
            });
            assertArrayEquals(DATA, data);
        } finally {
            peer.close();
        }
        assertEquals(List.of("last line", "no newline", "null", "read: 0, at eof: true"), log);
        assertSocketsBackTo(before, "after the close");
    }

    @Test
    void thePeersCloseNotifyIsTheEndOfTheStreamTls13() throws Exception {
        peerCloses("TLSv1.3");
    }

    @Test
    void thePeersCloseNotifyIsTheEndOfTheStreamTls12() throws Exception {
        peerCloses("TLSv1.2");
    }

    private static final List<String> HANDLER_LOG = new ArrayList<>();

    @Async
    private static Task<Void> readToTheEnd(StreamReader r, StreamWriter w) {
        w.write(ascii("ready\n"));
        try {
            byte[] all = await(r.read(-1), java.io.IOException.class);
            HANDLER_LOG.add(all.length + " bytes, same: " + java.util.Arrays.equals(DATA, all)
                    + ", then: " + await(r.read(10)).length);
        } catch (java.io.IOException e) {
            HANDLER_LOG.add(chain(e).toString());
        }
        return Task.done();
    }

    private void clientCloses(String protocol) throws Exception {
        HANDLER_LOG.clear();
        int before = socketsAndSelectors();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsCloseTest::readToTheEnd, "127.0.0.1", 0,
                    tlsServer(SERVER)));
            await(finished(TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.protocols(protocol), s -> {
                // reading the greeting first also reads the TLS 1.3 server's session ticket: a socket
                // closed with bytes unread makes the kernel send a reset, which may overtake the end
                assertEquals("ready", TlsPeer.readLine(s));
                TlsPeer.send(s, DATA);
                s.close();
            })));
            for (int i = 0; i < 500 && HANDLER_LOG.isEmpty(); i++) {
                await(dev.weft.Weft.sleep(10)); // the handler may still be reading
            }
            await(server.close());
            return Task.done();
        });
        assertEquals(List.of(DATA.length + " bytes, same: true, then: 0"), HANDLER_LOG);
        assertSocketsBackTo(before, "after the close");
    }

    @Test
    void aClientsCloseNotifyIsTheEndOfTheStreamForTheHandlerTls13() throws Exception {
        clientCloses("TLSv1.3");
    }

    @Test
    void aClientsCloseNotifyIsTheEndOfTheStreamForTheHandlerTls12() throws Exception {
        clientCloses("TLSv1.2");
    }

    // ---- half-close -----------------------------------------------------------------------------

    @Test
    void aWeftClientWritesEofOnTls13AndStillReadsTheReply() throws Exception {
        AtomicReference<String> peerSaw = new AtomicReference<>();
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols("TLSv1.3"), s -> {
            byte[] request = TlsPeer.readAll(s); // to the client's close_notify
            peerSaw.set(request.length + " bytes, same: " + java.util.Arrays.equals(DATA, request));
            TlsPeer.send(s, "reply after your end\n");
            TlsPeer.send(s, DATA);
        });
        List<String> log = new ArrayList<>();
        try {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port(), tls(CLIENT)));
                log.add("canWriteEof: " + c.writer().canWriteEof());
                c.writer().write(DATA);
                c.writer().writeEof();
                log.add(await(c.reader().readLine(StandardCharsets.US_ASCII)));
                byte[] rest = await(c.reader().read(-1));
                log.add(rest.length + " bytes, same: " + java.util.Arrays.equals(DATA, rest));
                await(c.close());
                await(finished(peer));
                return Task.done();
            });
        } finally {
            peer.close();
        }
        assertEquals(DATA.length + " bytes, same: true", peerSaw.get());
        assertEquals(List.of("canWriteEof: true", "reply after your end", DATA.length + " bytes, same: true"), log);
        assertSocketsBackTo(before, "after the close");
    }

    @Async
    private static Task<Void> replyAfterTheEnd(StreamReader r, StreamWriter w) {
        byte[] all = await(r.read(-1));
        HANDLER_LOG.add("canWriteEof: " + w.canWriteEof());
        w.write(ascii(all.length + " bytes, same: " + java.util.Arrays.equals(DATA, all) + "\n"));
        await(w.drain());
        return Task.done();
    }

    @Test
    void aWeftServerStillRepliesAfterATls13ClientsHalfClose() throws Exception {
        HANDLER_LOG.clear();
        AtomicReference<String> reply = new AtomicReference<>();
        int before = socketsAndSelectors();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsCloseTest::replyAfterTheEnd, "127.0.0.1", 0,
                    tlsServer(SERVER)));
            await(finished(TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.protocols("TLSv1.3"), s -> {
                TlsPeer.send(s, DATA);
                s.shutdownOutput(); // TLS 1.3: a close_notify, the input stays open
                reply.set(ascii(TlsPeer.readAll(s)));
            })));
            await(server.close());
            return Task.done();
        });
        assertEquals(List.of("canWriteEof: true"), HANDLER_LOG);
        assertEquals(DATA.length + " bytes, same: true\n", reply.get());
        assertSocketsBackTo(before, "after the close");
    }

    @Test
    void onTls12TheWriterCannotWriteEof() throws Exception {
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols("TLSv1.2"), s -> {
            TlsPeer.send(s, "hi\n");
            TlsPeer.readAll(s);
        });
        List<String> log = new ArrayList<>();
        try {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port(), tls(CLIENT)));
                log.add(c.writer().tlsSession().getProtocol() + " canWriteEof: " + c.writer().canWriteEof());
                try {
                    c.writer().writeEof();
                    log.add("writeEof returned");
                } catch (UnsupportedOperationException e) {
                    log.add("writeEof: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                log.add(await(c.reader().readLine(StandardCharsets.US_ASCII)));
                await(c.close());
                await(finished(peer));
                return Task.done();
            });
        } finally {
            peer.close();
        }
        assertEquals("TLSv1.2 canWriteEof: false", log.get(0));
        assertEquals(3, log.size(), log::toString);
        assertEquals("hi", log.get(2));
        assertTrue(log.get(1).startsWith("writeEof: UnsupportedOperationException"), log::toString);
    }
}
