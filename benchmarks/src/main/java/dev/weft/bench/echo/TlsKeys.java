package dev.weft.bench.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS echo workload's key material: a self-signed EC P-256 certificate for {@code localhost}
 * and {@code 127.0.0.1}, made by the JDK's {@code keytool} (from {@code java.home}) in a temporary
 * directory that {@link #close()} deletes. The directory holds a PKCS#12 key store, which every
 * JVM process loads into the same {@link SSLContext} ({@link #sslContext(Path)}: its key and, as
 * the one trusted certificate, its own), and the certificate and key as PEM files for CPython.
 */
final class TlsKeys implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final String ALIAS = "echo";
    private static final char[] PASSWORD = "weft-bench".toCharArray();
    private static final long KEYTOOL_SECONDS = 60;

    private final Path dir;

    private TlsKeys(Path dir) {
        this.dir = dir;
    }

    /** Makes a new key pair and certificate (about a second: keytool is a JVM of its own). */
    static TlsKeys create() throws IOException {
        Path dir = Files.createTempDirectory("weft-tls-keys");
        TlsKeys keys = new TlsKeys(dir);
        try {
            keys.generate();
            keys.writePem();
            return keys;
        } catch (IOException | RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** The PKCS#12 key store: what JVM servers are given. */
    Path keyStore() {
        return dir.resolve("echo.p12");
    }

    /** The certificate, PEM. */
    Path certificatePem() {
        return dir.resolve("echo-cert.pem");
    }

    /** The private key, PEM (PKCS#8, unencrypted: the directory is this run's and deleted after it). */
    Path keyPem() {
        return dir.resolve("echo-key.pem");
    }

    SSLContext sslContext() {
        return sslContext(keyStore());
    }

    /** The context every process of the workload uses: the key store's key, and its certificate as the only one trusted. */
    static SSLContext sslContext(Path keyStore) {
        try {
            KeyStore ks = load(keyStore);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an SSLContext from " + keyStore, e);
        }
    }

    private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private void generate() throws IOException {
        String exe = System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", exe);
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:" + HOST, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore().toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool took longer than " + KEYTOOL_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(keyStore())) {
            throw new IOException("keytool exited with " + p.exitValue() + ": " + output.trim());
        }
    }

    private void writePem() throws IOException {
        try {
            KeyStore ks = load(keyStore());
            Certificate certificate = ks.getCertificate(ALIAS);
            Files.writeString(certificatePem(), pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem(), pem("PRIVATE KEY", ks.getKey(ALIAS, PASSWORD).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read back " + keyStore(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }

    boolean exists() {
        return Files.exists(dir);
    }
}
