package dev.weft.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that each made one round trip of one byte and then stay open doing nothing: the
 * server has accepted each and is waiting in its read. Opened in batches no larger than the
 * server's backlog, so that no connection waits on a full accept queue.
 */
final class IdleConnections implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;
    private final List<Socket> sockets;

    IdleConnections(InetSocketAddress server, int n) throws IOException {
        sockets = new ArrayList<>(n);
        try {
            int batch = Math.min(100, EchoServer.BACKLOG);
            for (int first = 0; first < n; first += batch) {
                int last = Math.min(n, first + batch);
                for (int i = first; i < last; i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(TIMEOUT_MILLIS);
                    s.connect(server, TIMEOUT_MILLIS);
                }
                for (int i = first; i < last; i++) {
                    sockets.get(i).getOutputStream().write(i & 0xff);
                }
                for (int i = first; i < last; i++) {
                    int b = sockets.get(i).getInputStream().read();
                    if (b != (i & 0xff)) {
                        throw new IOException("idle connection " + i + ": sent " + (i & 0xff) + ", got " + b);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int size() {
        return sockets.size();
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing all the same
            }
        }
        sockets.clear();
    }
}
