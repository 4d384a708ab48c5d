package dev.weft.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server out of descriptors: accept() fails with "Too many open files", the failure is reported,
 * and the server accepts again a second later (asyncio's pause) instead of spinning or stopping;
 * the connections that waited in the backlog are served once descriptors are free again. The
 * server runs in a child JVM started with a low {@code ulimit -n} ({@link ServerChild}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerAcceptFailureTest {
    /** The child's descriptor limit: the JVM's own files and some connections, not all of them. */
    private static final int CHILD_FDS = 90;
    private static final int CONNECTIONS = 80;

    @Test
    void outOfDescriptorsTheServerReportsAndAcceptsAgainLater() throws Exception {
        assumeTrue(new File("/bin/bash").canExecute() && new File("/proc/self/fd").isDirectory(), "needs bash and Linux");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String command = "ulimit -n " + CHILD_FDS + " && exec '" + java + "' -Xmx128m -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + ServerChild.class.getName() + " " + CONNECTIONS;
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", command).redirectErrorStream(true);
        Process child = pb.start();
        List<Socket> open = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("port "), "the child said: " + first);
            int port = Integer.parseInt(first.substring(5));
            Thread reader = new Thread(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the child ended
                }
            });
            reader.start();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000); // the backlog takes it
                s.setSoTimeout(200);
                OutputStream o = s.getOutputStream();
                o.write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
                open.add(s);
            }
            // Close each connection once it has its echo: that frees the child's descriptors.
            int echoed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (echoed < CONNECTIONS && System.nanoTime() < deadline) {
                for (int i = 0; i < open.size(); i++) {
                    Socket s = open.get(i);
                    if (s == null) {
                        continue;
                    }
                    try {
                        byte[] buf = new byte[64];
                        int n = s.getInputStream().read(buf);
                        if (n > 0) {
                            assertEquals("hello " + i + "\n", new String(buf, 0, n, StandardCharsets.UTF_8));
                            s.close();
                            open.set(i, null);
                            echoed++;
                        }
                    } catch (SocketTimeoutException e) {
                        // not accepted yet
                    } catch (IOException e) {
                        child.waitFor(5, TimeUnit.SECONDS);
                        reader.join(5_000);
                        synchronized (lines) {
                            throw new AssertionError("connection " + i + ": " + e + "; the child said: " + lines, e);
                        }
                    }
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
            reader.join(5_000);
            List<String> all;
            synchronized (lines) {
                all = new ArrayList<>(lines);
            }
            assertEquals(CONNECTIONS, echoed, () -> "echoes; the child said: " + all);
            assertEquals("served " + CONNECTIONS, all.get(all.size() - 1), all::toString);
            long failures = all.stream().filter(l -> l.startsWith("report: Error on accept() of Server[/127.0.0.1:" + port)
                    && l.contains("accepting again in 1000 ms") && l.contains("Too many open files")).count();
            System.out.printf("[accept] with %d descriptors, %d connections served; accept() failed %d times%n",
                    CHILD_FDS, CONNECTIONS, failures);
            assertTrue(failures >= 1 && failures == all.size() - 1,
                    () -> "the reports should all be accept failures: " + all);
            // No spinning: at most one failure per second of pause, over a run of a few seconds.
            assertTrue(failures < 60, () -> failures + " accept failures reported");
        } finally {
            for (Socket s : open) {
                if (s != null) {
                    s.close();
                }
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
