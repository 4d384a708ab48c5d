package dev.weft.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The echo workload at a tiny scale, for every server contender this machine has: every reply is
 * the request byte for byte (the driver checks each one), a message larger than any read, idle
 * connections, the side channel, and no server process left behind.
 */
class EchoTest {
    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);

    @ParameterizedTest
    @EnumSource(EchoServer.class)
    void echoesEveryByteAndEndsItsProcess(EchoServer server) throws IOException {
        assumeTrue(server.available(), () -> server + ": " + server.unavailableReason());
        ProcessHandle handle;
        try (ServerProcess process = ServerProcess.start(server, false)) {
            handle = ProcessHandle.of(process.pid()).orElseThrow();
            for (int size : new int[] {1, 64, 4096, 300 * 1024}) {
                try (EchoLoad load = new EchoLoad(process.address(), 3, size, size)) {
                    EchoLoad.Result r = load.run(TEN_SECONDS, 12);
                    assertEquals(12, r.messages, server + ", " + size + " B");
                    assertTrue(r.percentile(0.5) > 0 && r.percentile(0.5) <= r.percentile(0.99), server + ", " + size + " B");
                }
            }
            process.awaitConnections(0, 10_000);
            long cpu = process.cpuNanos();
            assertTrue(cpu > 0, server + " CPU " + cpu);
            if (server.measuresHeap()) {
                assertTrue(process.heapUsed() > 0, server + " heap");
            } else {
                assertEquals(-1, process.heapUsed());
            }
            try (IdleConnections idle = new IdleConnections(process.address(), 250)) {
                assertEquals(250, idle.size());
                process.awaitConnections(250, 10_000);
            }
            process.awaitConnections(0, 10_000);
            assertTrue(process.cpuNanos() >= cpu, server + " CPU went back");
        }
        assertFalse(handle.isAlive(), server + " server still running after close");
    }

    @Test
    void aReplyThatDiffersFailsTheRunSayingWhere() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serveOnce(listener, true));
            server.start();
            try (EchoLoad load = new EchoLoad(address(listener), 1, 64, 7)) {
                IOException e = assertThrows(IOException.class, () -> load.run(TEN_SECONDS, 5));
                assertTrue(e.getMessage().startsWith("connection 0, message 0: the reply differs from the request at byte 10 of 64"),
                        e.getMessage());
            }
            server.join(10_000);
        }
    }

    @Test
    void aServerThatHangsUpFailsTheRun() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serveOnce(listener, false));
            server.start();
            try (EchoLoad load = new EchoLoad(address(listener), 1, 64, 7)) {
                EOFException e = assertThrows(EOFException.class, () -> load.run(TEN_SECONDS, 5));
                assertEquals("the server closed connection 0 with 0 of 64 bytes of a reply in", e.getMessage());
            }
            server.join(10_000);
        }
    }

    private static InetSocketAddress address(ServerSocket listener) {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Reads one 64-byte request; replies with byte 10 changed, or hangs up. */
    private static void serveOnce(ServerSocket listener, boolean reply) {
        try (Socket s = listener.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] request = in.readNBytes(64);
            if (reply) {
                request[10] ^= 1;
                out.write(request);
                in.read(); // until the client closes
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
