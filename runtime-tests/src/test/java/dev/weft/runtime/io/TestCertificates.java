package dev.weft.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates the TLS tests make themselves with the JDK's {@code keytool} (no network, nothing checked in): a test
 * CA and leaf certificates it signs, and {@link SSLContext}s built from them. Made once per JVM (a dozen keytool runs,
 * a few seconds, more on a loaded machine), in a temporary directory deleted at once; everything is kept in
 * memory afterwards. Use it from a static initialiser or {@code @BeforeAll}, so that making them does not count
 * against a test's {@code @Timeout}.
 *
 * <pre>{@code
 * SSLContext server = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
 * SSLContext client = TestCertificates.clientContext();   // trusts the test CA only
 * }</pre>
 */
public final class TestCertificates {
    /** The leaf certificates made, each signed by the test CA with an EC P-256 key. */
    public enum Leaf {
        /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, valid for a year from yesterday. */
        LOCALHOST("CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "-1d", 366),
        /** CN=wrong.example, SAN DNS:wrong.example only: a client connecting to localhost/127.0.0.1 must refuse it. */
        WRONG_HOST("CN=wrong.example", "SAN=dns:wrong.example", "-1d", 366),
        /** As LOCALHOST but valid from 10 days ago for 2 days only: expired. */
        EXPIRED("CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "-10d", 2),
        /** A client certificate (CN=weft-test-client) for client authentication. */
        CLIENT("CN=weft-test-client", "EKU=clientAuth", "-1d", 366);

        final String dname;
        final String extension;
        final String startDate;
        final int validityDays;

        Leaf(String dname, String extension, String startDate, int validityDays) {
            this.dname = dname;
            this.extension = extension;
            this.startDate = startDate;
            this.validityDays = validityDays;
        }
    }

    static final char[] PASSWORD = "changeit".toCharArray();

    private static final class Made {
        final X509Certificate ca;
        final List<PrivateKey> keys = new ArrayList<>();
        final List<X509Certificate> certificates = new ArrayList<>();

        Made(X509Certificate ca) {
            this.ca = ca;
        }
    }

    private static Made made;

    private TestCertificates() {
    }

    /** The test CA's certificate (self-signed). */
    public static X509Certificate caCertificate() {
        return made().ca;
    }

    /** The leaf's certificate, signed by the test CA. */
    public static X509Certificate certificate(Leaf leaf) {
        return made().certificates.get(leaf.ordinal());
    }

    /** The leaf's private key. */
    public static PrivateKey privateKey(Leaf leaf) {
        return made().keys.get(leaf.ordinal());
    }

    /** A key store (PKCS12, in memory, password {@link #PASSWORD}) holding the leaf's key under alias "key", chain leaf + CA. */
    public static KeyStore keyStore(Leaf leaf) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", privateKey(leaf), PASSWORD,
                    new Certificate[] {certificate(leaf), caCertificate()});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding the test CA only. */
    public static KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("weft-test-ca", caCertificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSLContext (protocol "TLS") with the leaf's key, trusting the test CA (so it can also check client certificates). */
    public static SSLContext serverContext(Leaf leaf) {
        return context(leaf, true);
    }

    /** An SSLContext (protocol "TLS") with no key, trusting the test CA only. */
    public static SSLContext clientContext() {
        return context(null, true);
    }

    /** An SSLContext presenting the {@link Leaf#CLIENT} certificate and trusting the test CA. */
    public static SSLContext clientContextWithCertificate() {
        return context(Leaf.CLIENT, true);
    }

    /**
     * An SSLContext (protocol "TLS") with the given leaf's key (none if null) and trusting the test CA if
     * {@code trustCa} (else the JDK's default trust store).
     */
    public static SSLContext context(Leaf key, boolean trustCa) {
        return context(key, trustCa, "TLS");
    }

    /**
     * As {@link #context(Leaf, boolean)} with the given protocol: {@code "TLSv1.2"} makes a client
     * context offer TLS 1.2 at most (the JDK's server contexts enable every version whatever it says).
     */
    public static SSLContext context(Leaf key, boolean trustCa, String protocol) {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            KeyManagerFactory keys = null;
            if (key != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(key), PASSWORD);
            }
            TrustManagerFactory trust = null;
            if (trustCa) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore());
            }
            context.init(keys == null ? null : keys.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Made made() {
        if (made == null) {
            made = make();
        }
        return made;
    }

    private static Made make() {
        Path dir = null;
        ExecutorService pool = Executors.newFixedThreadPool(Leaf.values().length);
        try {
            dir = Files.createTempDirectory("weft-tls-test-certs");
            Path caStore = dir.resolve("ca.p12");
            keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Weft Test CA", "-ext", "bc:c", "-startdate", "-1d", "-validity", "3650",
                    "-keystore", caStore.toString());
            KeyStore ca = load(caStore);
            Made result = new Made((X509Certificate) ca.getCertificate("ca"));
            List<Future<Object[]>> leaves = new ArrayList<>();
            for (Leaf leaf : Leaf.values()) {
                Path leafDir = dir;
                leaves.add(pool.submit(() -> issue(leafDir, caStore, leaf)));
            }
            for (Future<Object[]> leaf : leaves) {
                Object[] keyAndCertificate = leaf.get(5, TimeUnit.MINUTES);
                result.keys.add((PrivateKey) keyAndCertificate[0]);
                result.certificates.add((X509Certificate) keyAndCertificate[1]);
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("making the test certificates with keytool failed", e);
        } finally {
            pool.shutdownNow();
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** Makes the leaf's key pair, a signing request, and the certificate the CA signs: {key, certificate}. */
    private static Object[] issue(Path dir, Path caStore, Leaf leaf) throws Exception {
        String name = leaf.name().toLowerCase();
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".cer");
        keytool(dir, "-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", leaf.dname, "-keystore", store.toString());
        keytool(dir, "-certreq", "-alias", "leaf", "-keystore", store.toString(), "-file", request.toString());
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile", request.toString(),
                "-outfile", certificate.toString(), "-rfc", "-ext", leaf.extension,
                "-startdate", leaf.startDate, "-validity", String.valueOf(leaf.validityDays));
        PrivateKey key = (PrivateKey) load(store).getKey("leaf", PASSWORD);
        X509Certificate signed;
        try (InputStream in = Files.newInputStream(certificate)) {
            signed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .iterator().next();
        }
        return new Object[] {key, signed};
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived tool: start it as fast as the JVM can (a loaded machine runs a dozen of them)
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD), "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(output);
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
