package dev.weft.bench.echo;

import dev.weft.bench.VirtualThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The server contenders of the TLS echo workload: the TCP echo servers of {@link EchoServer} with
 * TLS on the JDK's {@code SSLEngine} (CPython: OpenSSL), each in a process of its own, serving
 * 127.0.0.1 on one thread, given the workload's {@link TlsKeys} on its command line.
 */
enum TlsEchoServer {
    WEFT("weft", "dev.weft.bench.echo.WeftTlsEchoServer"),
    NETTY("netty", "dev.weft.bench.echo.NettyTlsEchoServer"),
    VIRTUAL_THREADS("virtualThreads", "dev.weft.bench.echo.VirtualThreadTlsEchoServer",
            "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
    /** CPython's asyncio streams with {@code ssl=}: the TCP echo script given a certificate and key. */
    ASYNCIO("asyncio", null);

    final String key;
    private final String mainClass;
    private final List<String> jvmOptions;

    TlsEchoServer(String key, String mainClass, String... jvmOptions) {
        this.key = key;
        this.mainClass = mainClass;
        this.jvmOptions = List.of(jvmOptions);
    }

    boolean available() {
        if (this == VIRTUAL_THREADS) {
            return VirtualThreads.available();
        }
        if (this == ASYNCIO) {
            return !EchoServer.pythonVersion().isEmpty();
        }
        try {
            Class.forName(mainClass, false, TlsEchoServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    String unavailableReason() {
        if (this == ASYNCIO) {
            return "no python3 on the path";
        }
        return this == VIRTUAL_THREADS ? "needs JDK 21+, this is " + Runtime.version() : mainClass + " is missing";
    }

    /** This server with {@code keys}, for {@link ServerProcess#start}. */
    ServerCommand with(TlsKeys keys) {
        return new ServerCommand() {
            @Override
            public String key() {
                return "tls-" + key;
            }

            @Override
            public List<String> command(Path scratch, boolean measured) throws IOException {
                List<String> command;
                if (mainClass == null) {
                    command = EchoServer.pythonCommand(scratch);
                    command.add(keys.certificatePem().toString());
                    command.add(keys.keyPem().toString());
                } else {
                    command = EchoServer.javaCommand(mainClass, jvmOptions, measured);
                    command.add(keys.keyStore().toString());
                }
                return command;
            }

            @Override
            public void environment(Map<String, String> env) {
                if (mainClass == null) {
                    EchoServer.pythonEnvironment(env);
                }
            }
        };
    }
}
