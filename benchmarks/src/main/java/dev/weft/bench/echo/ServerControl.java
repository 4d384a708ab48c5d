package dev.weft.bench.echo;

import dev.weft.bench.Heap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The side channel of an echo server process: the driver asks on the server's standard input and
 * the server answers one line on its standard output. Every server (the Python one too) speaks it:
 *
 * <pre>
 *   (at start)  PORT &lt;port&gt;
 *   cpu    -&gt;   CPU &lt;process CPU time, ns&gt;
 *   heap   -&gt;   HEAP &lt;heap in use after full collections, bytes; -1 when not measured&gt;
 *   conns  -&gt;   CONNS &lt;connections open&gt;
 *   fds    -&gt;   FDS &lt;file descriptor limit&gt; &lt;open file descriptors&gt;  (-1 -1 when unknown)
 *   quit, or end of input: the process exits
 * </pre>
 *
 * It runs on a thread of its own that sleeps in a read between questions, so it costs the
 * measured server thread nothing.
 */
final class ServerControl {
    private ServerControl() {}

    /** Announces the port and answers questions on a daemon thread. */
    static void start(int port, IntSupplier openConnections) {
        announce(port);
        Thread t = new Thread(() -> answer(openConnections), "echo-control");
        t.setDaemon(true);
        t.start();
    }

    /** Announces the port and answers questions on this thread until told to quit; then exits. */
    static void run(int port, IntSupplier openConnections) {
        announce(port);
        answer(openConnections);
    }

    private static void announce(int port) {
        reply("PORT " + port);
    }

    private static void answer(IntSupplier openConnections) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.trim()) {
                    case "cpu": reply("CPU " + processCpuNanos()); break;
                    case "heap": reply("HEAP " + Heap.settledUsed()); break;
                    case "conns": reply("CONNS " + openConnections.getAsInt()); break;
                    case "fds": reply("FDS " + fileDescriptors()); break;
                    case "quit": System.exit(0); break;
                    default: reply("ERROR unknown command " + line); break;
                }
            }
        } catch (IOException e) {
            e.printStackTrace();
        }
        System.exit(0); // the driver has gone: so does the server
    }

    private static void reply(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /** "limit open" of this process's file descriptors, "-1 -1" where the JDK cannot tell. */
    static String fileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            com.sun.management.UnixOperatingSystemMXBean unix = (com.sun.management.UnixOperatingSystemMXBean) os;
            return unix.getMaxFileDescriptorCount() + " " + unix.getOpenFileDescriptorCount();
        }
        return "-1 -1";
    }
}
