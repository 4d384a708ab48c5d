package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.using;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.io.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS echo server and a client that verifies it, on 127.0.0.1. The sample makes its own
 * self-signed certificate first, with the JDK's {@code keytool}, in a temporary directory it deletes
 * at the end. The server serves with that key; the client trusts that certificate and nothing else,
 * with host-name verification on (the certificate names 127.0.0.1, the address it connects to).
 * Its Python twin, {@code samples/src/test/resources/python/tls_echo.py} (its certificate made
 * with {@code openssl}), prints the same lines ({@code PythonTwinsTest}).
 */
public final class TlsEcho {
    static final String SUBJECT = "CN=localhost";
    private static final char[] PASSWORD = "changeit".toCharArray();

    @Async
    static Task<Void> handleEcho(StreamReader reader, StreamWriter writer) {
        byte[] line;
        while ((line = await(reader.readLine())).length > 0) {   // empty at the end of the stream
            writer.write(line);
            await(writer.drain());
        }
        writer.close();
        await(writer.waitClosed());
        return Task.done();
    }

    @Async
    static Task<Void> tlsEchoClient(List<String> lines, int port, TlsOptions tls) {
        // The handshake is part of the connect: a certificate the client does not trust fails it here.
        Connection connection = await(Streams.openConnection("127.0.0.1", port, ConnectOptions.defaults().withTls(tls)));
        StreamReader reader = connection.reader();
        StreamWriter writer = connection.writer();
        SSLSession session = writer.tlsSession();
        System.out.println("Protocol: " + session.getProtocol());
        System.out.println("Server certificate: " + subject(session));

        for (String line : lines) {
            System.out.println("Send: '" + line + "'");
            writer.write(line + "\n", StandardCharsets.UTF_8);
            String reply = await(reader.readLine(StandardCharsets.UTF_8));
            System.out.println("Received: '" + reply + "'");
        }

        System.out.println("Close the connection");
        writer.close(); // sends close_notify, and waits (a while at most) for the server's
        await(writer.waitClosed());
        return Task.done();
    }

    @Async
    static Task<Void> main(KeyStore serverKey) {
        Server server = await(Streams.startServer(TlsEcho::handleEcho, "127.0.0.1", 0,
                ServerOptions.defaults().withTls(TlsOptions.server(serverContext(serverKey)))));
        System.out.println("Serving TLS on " + server.address().getAddress().getHostAddress());

        TlsOptions client = TlsOptions.client(clientContext(certificate(serverKey))); // host-name verification on
        return using(server, s -> tlsEchoClient(List.of("Hello", "TLS", "World!"), s.port(), client));
    }

    public static void main(String[] args) {
        Path dir;
        try {
            dir = Files.createTempDirectory("weft-tls-echo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            KeyStore serverKey = makeCertificate(dir);
            Weft.run(() -> main(serverKey));
        } finally {
            deleteTree(dir);
        }
    }

    // ---- the certificate ----------------------------------------------------------------------

    /** A key pair and its self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
    static KeyStore makeCertificate(Path dir) {
        Path store = dir.resolve("server.p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", SUBJECT, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            System.out.println("Made a self-signed certificate for " + certificate(ks).getSubjectX500Principal().getName());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key store keytool made", e);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not end within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + p.exitValue() + "): " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }

    private static X509Certificate certificate(KeyStore serverKey) {
        try {
            return (X509Certificate) serverKey.getCertificate("server");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's context: its key and certificate. */
    private static SSLContext serverContext(KeyStore serverKey) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(serverKey, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client's context: it trusts {@code certificate} and nothing else. */
    private static SSLContext clientContext(X509Certificate certificate) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(SSLSession session) {
        try {
            return ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "unverified: " + e.getMessage();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
