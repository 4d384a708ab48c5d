package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.using;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * asyncio's streams documentation, "TCP echo client using streams" and "TCP echo server using
 * streams", side by side in one program on 127.0.0.1: the server listens on a port the system
 * chooses, the client connects to it, and both print only what does not depend on the port. Its
 * Python twin, {@code samples/src/test/resources/python/echo.py} (the documentation's two programs
 * with port 0 and those prints), prints the same lines in the same order ({@code PythonTwinsTest}).
 */
public final class Echo {
    // TCP echo server using streams
    @Async
    static Task<Void> handleEcho(StreamReader reader, StreamWriter writer) {
        byte[] data = await(reader.read(100));
        String message = new String(data, StandardCharsets.UTF_8);
        InetSocketAddress addr = (InetSocketAddress) writer.remoteAddress();
        System.out.println("Received " + repr(message) + " from " + repr(addr.getAddress().getHostAddress()));

        System.out.println("Send: " + repr(message));
        writer.write(data);
        await(writer.drain());

        System.out.println("Close the connection");
        writer.close();
        await(writer.waitClosed());
        return Task.done();
    }

    // TCP echo client using streams
    @Async
    static Task<Void> tcpEchoClient(String message, int port) {
        Connection connection = await(Streams.openConnection("127.0.0.1", port));
        StreamReader reader = connection.reader();
        StreamWriter writer = connection.writer();

        System.out.println("Send: " + repr(message));
        writer.write(message.getBytes(StandardCharsets.UTF_8));
        await(writer.drain());

        byte[] data = await(reader.read(100));
        System.out.println("Received: " + repr(new String(data, StandardCharsets.UTF_8)));

        System.out.println("Close the connection");
        writer.close();
        await(writer.waitClosed());
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        Server server = await(Streams.startServer(Echo::handleEcho, "127.0.0.1", 0));
        System.out.println("Serving on " + server.address().getAddress().getHostAddress());

        // async with server: closing it waits for the connections it serves to end
        return using(server, s -> tcpEchoClient("Hello World!", s.port()));
    }

    /** Python's repr of a str without quotes or backslashes in it. */
    private static String repr(String s) {
        return "'" + s + "'";
    }

    public static void main(String[] args) {
        Weft.run(Echo::main);
    }
}
