package dev.weft.io;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for a connection or a server (asyncio's {@code ssl=} argument): which {@link SSLContext}, and
 * how the handshake goes. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * // a client: the JDK's default trust store, the host name verified against the certificate
 * Connection c = await(Streams.openConnection("example.org", 443,
 *         ConnectOptions.defaults().withTls(TlsOptions.client().withApplicationProtocols("http/1.1"))));
 *
 * // a server: the context holds its key and certificate chain
 * Server s = await(Streams.startServer(App::serve, "0.0.0.0", 8443,
 *         ServerOptions.defaults().withTls(TlsOptions.server(context))));
 * }</pre>
 *
 * <p>A client's defaults are the safe ones: the certificate chain must lead to a trusted root, and
 * the certificate must name the host connected to ({@code HTTPS} endpoint identification, with SNI
 * for a host name; an IP literal is checked against the certificate's IP addresses). Turning the
 * name check off takes {@link #withInsecureSkipHostnameVerification()}. Renegotiation (TLS 1.2) is
 * refused; TLS 1.3 key updates and session tickets pass.
 */
public final class TlsOptions {
    /** asyncio's {@code ssl_handshake_timeout} default. */
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** asyncio's {@code ssl_shutdown_timeout} default. */
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Whether a server asks its clients for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for (the default). */
        NONE,
        /** A client certificate is asked for; a client without one is served all the same. */
        WANTED,
        /** A client certificate is required: a client without a trusted one fails the handshake. */
        REQUIRED
    }

    private final boolean client;
    /** Null: {@link SSLContext#getDefault()}, looked up when a connection starts. */
    private final SSLContext context;
    private final String serverName;
    private final String[] applicationProtocols;
    private final Duration handshakeTimeout;
    private final Duration shutdownTimeout;
    private final ClientAuth clientAuth;
    private final boolean verifyHostname;

    private TlsOptions(boolean client, SSLContext context, String serverName, String[] applicationProtocols,
            Duration handshakeTimeout, Duration shutdownTimeout, ClientAuth clientAuth, boolean verifyHostname) {
        this.client = client;
        this.context = context;
        this.serverName = serverName;
        this.applicationProtocols = applicationProtocols;
        this.handshakeTimeout = handshakeTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.clientAuth = clientAuth;
        this.verifyHostname = verifyHostname;
    }

    /**
     * A client with the JDK's default context ({@link SSLContext#getDefault()}: its default trust
     * store) and host-name verification on.
     *
     * @return the options
     */
    public static TlsOptions client() {
        return new TlsOptions(true, null, null, null, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
                ClientAuth.NONE, true);
    }

    /**
     * A client with {@code context} (its trust managers decide which certificates are trusted; a key
     * manager, if any, gives the client certificate) and host-name verification on.
     *
     * @param context the context
     * @return the options
     */
    public static TlsOptions client(SSLContext context) {
        return new TlsOptions(true, Objects.requireNonNull(context, "context"), null, null,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, ClientAuth.NONE, true);
    }

    /**
     * A server with {@code context}, which holds its key and certificate chain.
     *
     * @param context the context, initialised with a key manager
     * @return the options
     */
    public static TlsOptions server(SSLContext context) {
        return new TlsOptions(false, Objects.requireNonNull(context, "context"), null, null,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, ClientAuth.NONE, false);
    }

    /**
     * A copy with another server name (asyncio's {@code server_hostname}): sent in SNI (unless it is
     * an IP literal) and verified against the server's certificate. By default, the host given to
     * {@link Streams#openConnection}.
     *
     * @param name the host name the server's certificate must have
     * @return a copy with the name
     * @throws IllegalStateException for server options
     */
    public TlsOptions withServerName(String name) {
        clientOnly("withServerName");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty server name");
        }
        return new TlsOptions(client, context, name, applicationProtocols, handshakeTimeout, shutdownTimeout,
                clientAuth, verifyHostname);
    }

    /**
     * A copy with ALPN protocols (asyncio's {@code set_alpn_protocols}), in preference order: a
     * client offers them, a server picks the first of its own that the client offers (and fails
     * the handshake if the client offers only others).
     *
     * @param protocols the protocol names, such as {@code "h2"} and {@code "http/1.1"}
     * @return a copy with the protocols; none turns ALPN off
     */
    public TlsOptions withApplicationProtocols(String... protocols) {
        String[] copy = protocols.clone();
        for (String p : copy) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("an ALPN protocol name must not be empty: " + Arrays.toString(copy));
            }
        }
        return new TlsOptions(client, context, serverName, copy.length == 0 ? null : copy, handshakeTimeout,
                shutdownTimeout, clientAuth, verifyHostname);
    }

    /**
     * A copy with another handshake timeout (asyncio's {@code ssl_handshake_timeout}; 60 s by
     * default). A handshake that takes longer fails with an
     * {@link javax.net.ssl.SSLHandshakeException} whose cause is a
     * {@link java.net.SocketTimeoutException}, and the connection is closed.
     *
     * @param timeout the most the handshake may take; positive
     * @return a copy with the timeout
     */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        return new TlsOptions(client, context, serverName, applicationProtocols, positive(timeout, "handshake"),
                shutdownTimeout, clientAuth, verifyHostname);
    }

    /**
     * A copy with another shutdown timeout (asyncio's {@code ssl_shutdown_timeout}; 30 s by
     * default): how long a close waits for the peer's close_notify before it closes the socket anyway.
     *
     * @param timeout the most a close waits; positive
     * @return a copy with the timeout
     */
    public TlsOptions withShutdownTimeout(Duration timeout) {
        return new TlsOptions(client, context, serverName, applicationProtocols, handshakeTimeout,
                positive(timeout, "shutdown"), clientAuth, verifyHostname);
    }

    /**
     * A copy asking clients for a certificate (server options only); the server's context's trust
     * managers decide which are accepted. {@link ClientAuth#NONE} by default.
     *
     * @param auth whether a client certificate is asked for, and required
     * @return a copy with the setting
     * @throws IllegalStateException for client options
     */
    public TlsOptions withClientAuth(ClientAuth auth) {
        if (client) {
            throw new IllegalStateException("withClientAuth is a server option");
        }
        return new TlsOptions(client, context, serverName, applicationProtocols, handshakeTimeout, shutdownTimeout,
                Objects.requireNonNull(auth, "auth"), verifyHostname);
    }

    /**
     * A copy that does not check that the server's certificate names the host connected to (client
     * options only). The chain is still checked against the trust store, so this is for tests and
     * peers known by their certificate alone: anyone holding any certificate from a trusted CA can
     * then pose as the server.
     *
     * @return a copy without host-name verification
     * @throws IllegalStateException for server options
     */
    public TlsOptions withInsecureSkipHostnameVerification() {
        clientOnly("withInsecureSkipHostnameVerification");
        return new TlsOptions(client, context, serverName, applicationProtocols, handshakeTimeout, shutdownTimeout,
                clientAuth, false);
    }

    /**
     * Whether these are client options.
     *
     * @return true for {@link #client()} and {@link #client(SSLContext)}, false for {@link #server}
     */
    public boolean isClient() {
        return client;
    }

    /**
     * The context, or null for the JDK's default one ({@link #client()}).
     *
     * @return the context, or null
     */
    public SSLContext context() {
        return context;
    }

    /**
     * The server name set with {@link #withServerName}, or null for the host connected to.
     *
     * @return the name, or null
     */
    public String serverName() {
        return serverName;
    }

    /**
     * The ALPN protocols, in preference order.
     *
     * @return the protocols; empty if none
     */
    public List<String> applicationProtocols() {
        return applicationProtocols == null ? List.of() : List.of(applicationProtocols);
    }

    /**
     * The handshake timeout.
     *
     * @return the timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * How long a close waits for the peer's close_notify.
     *
     * @return the timeout
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Whether a server asks for client certificates.
     *
     * @return the setting ({@link ClientAuth#NONE} for client options)
     */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * Whether a client checks that the certificate names the host (on unless
     * {@link #withInsecureSkipHostnameVerification()}).
     *
     * @return true if the host name is verified; false for server options
     */
    public boolean isHostnameVerified() {
        return verifyHostname;
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (client ? "client" : "server") + (serverName != null ? ", serverName=" + serverName : "")
                + (applicationProtocols != null ? ", alpn=" + Arrays.toString(applicationProtocols) : "")
                + ", handshakeTimeout=" + handshakeTimeout + ", shutdownTimeout=" + shutdownTimeout
                + (client ? (verifyHostname ? "" : ", INSECURE: no hostname verification") : ", clientAuth=" + clientAuth)
                + "]";
    }

    /**
     * A new engine for one connection: {@code host} is the host connected to (client), used for SNI
     * and verification unless a server name was set.
     */
    SSLEngine newEngine(String host, int port) throws NoSuchAlgorithmException {
        SSLContext ctx = context != null ? context : SSLContext.getDefault();
        SSLEngine engine;
        if (client) {
            String name = serverName != null ? serverName : host;
            engine = name != null ? ctx.createSSLEngine(name, port) : ctx.createSSLEngine();
            engine.setUseClientMode(true);
            SSLParameters p = engine.getSSLParameters();
            if (verifyHostname) {
                if (name == null) {
                    throw new IllegalStateException("no server name to verify: set one with TlsOptions.withServerName");
                }
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (name != null && !Addresses.isLiteral(name)) {
                try {
                    p.setServerNames(List.of(new SNIHostName(name)));
                } catch (IllegalArgumentException e) {
                    // not a name SNI can carry (a trailing dot, say): sent without, still verified
                }
            }
            if (applicationProtocols != null) {
                p.setApplicationProtocols(applicationProtocols);
            }
            engine.setSSLParameters(p);
        } else {
            engine = ctx.createSSLEngine();
            engine.setUseClientMode(false);
            SSLParameters p = engine.getSSLParameters();
            if (clientAuth == ClientAuth.REQUIRED) {
                p.setNeedClientAuth(true);
            } else if (clientAuth == ClientAuth.WANTED) {
                p.setWantClientAuth(true);
            }
            if (applicationProtocols != null) {
                p.setApplicationProtocols(applicationProtocols);
            }
            engine.setSSLParameters(p);
        }
        return engine;
    }

    private void clientOnly(String method) {
        if (!client) {
            throw new IllegalStateException(method + " is a client option");
        }
    }

    private static Duration positive(Duration timeout, String what) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " timeout must be positive: " + timeout);
        }
        return timeout;
    }
}
