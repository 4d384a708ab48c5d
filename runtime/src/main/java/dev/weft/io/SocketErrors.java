package dev.weft.io;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;

/**
 * The JDK's connect and bind failures with the address they concern: "Connection refused" alone
 * does not say which of a program's connections failed (asyncio's reads "Connect call failed
 * ('127.0.0.1', 8080)"). The exception keeps its class, its message starts as the JDK's, and the
 * JDK's own is its cause.
 */
final class SocketErrors {
    private SocketErrors() {
    }

    /** A connect failure naming the address connected to ("Connection refused: 127.0.0.1:8080"); other failures as they are. */
    static IOException connecting(IOException e, InetSocketAddress to) {
        if (e.getClass() == ConnectException.class) {
            return named(new ConnectException(e.getMessage() + ": " + text(to)), e);
        }
        if (e.getClass() == NoRouteToHostException.class) {
            return named(new NoRouteToHostException(e.getMessage() + ": " + text(to)), e);
        }
        return e;
    }

    /** A bind failure naming the address ("Address already in use: 127.0.0.1:8080"); other failures as they are. */
    static IOException binding(IOException e, InetSocketAddress at) {
        if (e.getClass() == BindException.class) {
            return named(new BindException(e.getMessage() + ": " + text(at)), e);
        }
        return e;
    }

    private static IOException named(IOException named, IOException cause) {
        named.initCause(cause);
        return named;
    }

    /** "127.0.0.1:8080", "[::1]:8080": as the address is written in a URL. */
    static String text(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
