package dev.weft.io;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.BindException;
import java.net.ConnectException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Unix domain sockets through the JDK 16 API ({@code StandardProtocolFamily.UNIX},
 * {@code UnixDomainSocketAddress}), reached by method handles looked up once: the runtime compiles
 * for Java 11 and runs there, where these throw {@link UnsupportedOperationException}. Also the
 * socket file's housekeeping: a stale one is removed before a bind, ours when the server closes.
 */
final class UnixSockets {
    /** The JDK's own message when a path does not fit in {@code sun_path}. */
    private static final String TOO_LONG = "Unix domain path too long";

    private UnixSockets() {
    }

    /** Throws unless this runtime has Unix domain socket channels (JDK 16+). */
    static void checkSupported() {
        checkSupported(Runtime.version().feature());
    }

    /**
     * Throws unless {@code feature} (a JDK feature release) has Unix domain socket channels.
     *
     * @param feature the release, as {@link Runtime.Version#feature()}
     * @throws UnsupportedOperationException below 16, naming this runtime's version
     */
    static void checkSupported(int feature) {
        if (feature < 16) {
            throw new UnsupportedOperationException(
                    "Unix domain sockets need JDK 16 or later; this runtime is " + Runtime.version());
        }
    }

    /** The JDK 16 methods; this class is initialized only after {@link #checkSupported()} passed. */
    private static final class Jdk16 {
        static final ProtocolFamily UNIX = StandardProtocolFamily.valueOf("UNIX");
        /** {@code UnixDomainSocketAddress.of(Path)}, typed {@code (Path)SocketAddress}. */
        static final MethodHandle ADDRESS_OF;
        /** {@code SocketChannel.open(ProtocolFamily)}. */
        static final MethodHandle OPEN_SOCKET;
        /** {@code ServerSocketChannel.open(ProtocolFamily)}. */
        static final MethodHandle OPEN_SERVER;

        static {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                Class<?> address = Class.forName("java.net.UnixDomainSocketAddress");
                ADDRESS_OF = lookup.findStatic(address, "of", MethodType.methodType(address, Path.class))
                        .asType(MethodType.methodType(SocketAddress.class, Path.class));
                OPEN_SOCKET = lookup.findStatic(SocketChannel.class, "open",
                        MethodType.methodType(SocketChannel.class, ProtocolFamily.class));
                OPEN_SERVER = lookup.findStatic(ServerSocketChannel.class, "open",
                        MethodType.methodType(ServerSocketChannel.class, ProtocolFamily.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a JDK " + Runtime.version() + " without its Unix domain socket API", e);
            }
        }
    }

    /** {@code UnixDomainSocketAddress.of(path)}. */
    static SocketAddress address(Path path) {
        try {
            return (SocketAddress) Jdk16.ADDRESS_OF.invokeExact(path);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new, unconnected Unix domain socket. */
    static SocketChannel openSocket() throws IOException {
        try {
            return (SocketChannel) Jdk16.OPEN_SOCKET.invokeExact(Jdk16.UNIX);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    /** A new, unbound Unix domain listening socket. */
    static ServerSocketChannel openServer() throws IOException {
        try {
            return (ServerSocketChannel) Jdk16.OPEN_SERVER.invokeExact(Jdk16.UNIX);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    /**
     * Connects {@code channel} (non-blocking) to the socket at {@code path}.
     *
     * @return whether it is connected now; else it finishes when connect-ready
     * @throws IOException the JDK's, of the same type, with the path added to its message
     */
    static boolean connect(SocketChannel channel, Path path) throws IOException {
        try {
            return channel.connect(address(path));
        } catch (IOException e) {
            throw naming(e, path);
        }
    }

    /**
     * Binds {@code channel} at {@code path}: a socket file there that nobody accepts on (left by a
     * server that did not close) is removed first, as asyncio does; any other file is refused.
     *
     * @return the new socket file's key ({@link BasicFileAttributes#fileKey()}), so that close
     *     removes that file only, not one another server has made there since; null if unknown
     */
    static Object bind(ServerSocketChannel channel, Path path, int backlog) throws IOException {
        removeStale(path);
        try {
            channel.bind(address(path), backlog);
        } catch (BindException e) {
            BindException b = new BindException("Address " + path + " is already in use");
            b.initCause(e);
            throw b;
        } catch (IOException e) {
            throw naming(e, path);
        }
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // removed at once by someone else: close has nothing to remove
        }
    }

    /**
     * Removes a stale socket file at {@code path}. asyncio removes any socket file there; this one
     * first tries to connect, so that a live server's address is not taken over silently (that
     * server then sees a connection that ends at once).
     */
    private static void removeStale(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!isSocket(path, a)) {
            throw new BindException("Cannot listen at " + path + ": a file that is not a socket is there");
        }
        try (SocketChannel probe = openSocket()) {
            probe.configureBlocking(false);
            probe.connect(address(path)); // connected, or pending: someone listens
            throw new BindException("Address " + path + " is already in use: a server listens there");
        } catch (ConnectException e) {
            Files.deleteIfExists(path); // refused: nobody listens, the file is stale
        } catch (BindException e) {
            throw e;
        } catch (SocketException e) {
            // a full backlog ("Resource temporarily unavailable"): someone listens; or no right to connect
            BindException b = new BindException("Address " + path + " is already in use (a connect there gave: "
                    + e.getMessage() + ")");
            b.initCause(e);
            throw b;
        }
    }

    /** Whether the file is a socket: its mode says so where the JDK shows it (Linux, macOS). */
    private static boolean isSocket(Path path, BasicFileAttributes a) {
        if (!a.isOther()) {
            return false;
        }
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer && ((Integer) mode & 0170000) == 0140000; // S_IFMT, S_IFSOCK
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return true; // neither a file, a directory nor a link: the bind tells
        }
    }

    /**
     * Removes the socket file a server made, unless another file has replaced it since (asyncio
     * compares the inode the same way). Never throws: a file already gone is fine.
     *
     * @param key what {@link #bind} returned
     * @return the failure to report, or null
     */
    static IOException removeSocketFile(Path path, Object key) {
        try {
            if (key != null) {
                Object now;
                try {
                    now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                } catch (NoSuchFileException e) {
                    return null;
                }
                if (!Objects.equals(key, now)) {
                    return null; // another server's file now
                }
            }
            Files.deleteIfExists(path);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** The JDK's exception again, same type, its message naming the path (and why, for a path too long). */
    private static IOException naming(IOException e, Path path) {
        String message;
        if (TOO_LONG.equals(e.getMessage())) {
            int bytes = path.toString().getBytes(pathCharset()).length;
            message = "Unix domain socket path too long (" + bytes + " bytes; Linux takes 107 at most, macOS 103): "
                    + path;
        } else {
            message = e.getMessage() + ": " + path;
        }
        IOException named;
        if (e instanceof ConnectException) {
            named = new ConnectException(message);
        } else if (e instanceof BindException) {
            named = new BindException(message);
        } else if (e instanceof SocketException) {
            named = new SocketException(message);
        } else {
            return e; // another kind: as the JDK made it
        }
        named.initCause(e);
        return named;
    }

    /** How the JDK encodes file names for the system (as it does a socket path). */
    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
