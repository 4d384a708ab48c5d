package dev.weft.runtime.io;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SSLContexts the TLS scenario tests need beyond {@link TestCertificates}'s: one whose engines
 * negotiate only given protocol versions (TlsOptions has no such option: the context decides),
 * and one whose trust manager is slow and records the threads that ran it.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * {@code base}, except that every engine it makes has only {@code protocols} enabled (e.g.
     * {@code "TLSv1.3"}), on both the client and the server side.
     */
    static SSLContext withProtocols(SSLContext base, String... protocols) {
        return new SSLContext(new RestrictedSpi(base, protocols), base.getProvider(), base.getProtocol()) {
        };
    }

    private static final class RestrictedSpi extends SSLContextSpi {
        private final SSLContext base;
        private final String[] protocols;

        RestrictedSpi(SSLContext base, String[] protocols) {
            this.base = base;
            this.protocols = protocols.clone();
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialized");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw new UnsupportedOperationException("engines only: the Weft side of a test");
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("engines only: the Weft side of a test");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return restrict(base.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return restrict(base.createSSLEngine(host, port));
        }

        private SSLEngine restrict(SSLEngine engine) {
            engine.setEnabledProtocols(protocols);
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters p = base.getDefaultSSLParameters();
            p.setProtocols(protocols);
            return p;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            SSLParameters p = base.getSupportedSSLParameters();
            p.setProtocols(protocols);
            return p;
        }
    }

    /**
     * A trust manager trusting the test CA that sleeps {@code delayMillis} in each check and
     * records the thread that ran it: the JDK's engine runs the checks as delegated tasks.
     */
    static final class SlowTrust extends X509ExtendedTrustManager {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        /** When each check started and ended ({@link System#nanoTime()}), in pairs. */
        final List<long[]> windows = new CopyOnWriteArrayList<>();
        private final X509ExtendedTrustManager delegate;
        private final long delayMillis;

        SlowTrust(long delayMillis) {
            this.delayMillis = delayMillis;
            try {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(TestCertificates.trustStore());
                this.delegate = (X509ExtendedTrustManager) f.getTrustManagers()[0];
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private void slow() {
            threads.add(Thread.currentThread());
            long start = System.nanoTime();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            windows.add(new long[] {start, System.nanoTime()});
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            slow();
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            slow();
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            slow();
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            slow();
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            slow();
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            slow();
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** An SSLContext with {@code leaf}'s key (none if null) whose trust manager is {@code trust}. */
    static SSLContext withTrust(TestCertificates.Leaf leaf, TrustManager trust) {
        try {
            KeyManager[] keys = null;
            if (leaf != null) {
                KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                f.init(TestCertificates.keyStore(leaf), TestCertificates.PASSWORD);
                keys = f.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
