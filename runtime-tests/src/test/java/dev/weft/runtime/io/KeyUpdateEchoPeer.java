package dev.weft.runtime.io;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS 1.3 echo server run in a child JVM by {@link TlsKeyUpdateTest}, so that it can have a tiny
 * {@code jdk.tls.keyLimits} (a security property the JDK reads once per JVM): it then sends a
 * KeyUpdate, asking for one back, every few KiB. JDK classes only. Arguments: a PKCS12 key store
 * and its password. Prints {@code port <n>} once listening, echoes one connection until its
 * close_notify, then closes it and exits.
 */
public final class KeyUpdateEchoPeer {
    private KeyUpdateEchoPeer() {
    }

    public static void main(String[] args) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            keys.load(in, args[1].toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, args[1].toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            listener.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
            listener.setSoTimeout(30_000);
            System.out.println("port " + listener.getLocalPort());
            System.out.flush();
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] b = new byte[65536];
                long size = Long.parseLong(args[2]);
                long total = 0;
                for (int n; total < size && (n = in.read(b, 0, (int) Math.min(b.length, size - total))) >= 0;) {
                    out.write(b, 0, n);
                    total += n;
                }
                out.flush();
                System.out.println("echoed " + total);
                System.out.flush();
                // The end comes from this side: a JDK socket whose read key is at its limit when the
                // peer's close_notify arrives tries a key update on a closed input and fails
                // ("Socket has been closed or broken", an unexpected_message alert to the peer).
                s.shutdownOutput();
                try {
                    while (in.read(b) >= 0) {
                        continue; // to the client's close_notify
                    }
                } catch (IOException e) {
                    System.out.println("after the end: " + e);
                }
            }
        }
    }
}
