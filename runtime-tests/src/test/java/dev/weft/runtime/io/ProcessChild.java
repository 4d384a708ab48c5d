package dev.weft.runtime.io;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The child of the subprocess tests, run with this JVM's {@code java} on the test classpath:
 * {@code ProcessChild <mode> [args]}. Plain Java (not woven), so that it starts fast.
 * <ul>
 * <li>{@code echo}: copies stdin to stdout until its end, then writes its byte count to stderr
 * <li>{@code flood <KiB>}: writes that many KiB of 'x' to stdout, a KiB at a time, and its
 *     progress ("wrote N") to stderr every 16 KiB
 * <li>{@code exit <code> <out> <err>}: writes the texts to stdout and stderr, exits with the code
 * <li>{@code env <name>...}: prints the working directory, then each variable as name=value
 * </ul>
 */
public final class ProcessChild {
    private ProcessChild() {
    }

    public static void main(String[] args) throws IOException {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8");
        switch (args[0]) {
            case "echo": {
                InputStream in = System.in;
                byte[] buf = new byte[8192];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0;) {
                    out.write(buf, 0, n);
                    total += n;
                }
                out.close();
                err.println("read " + total);
                break;
            }
            case "flood": {
                int kib = Integer.parseInt(args[1]);
                byte[] block = new byte[1024];
                java.util.Arrays.fill(block, (byte) 'x');
                for (int i = 1; i <= kib; i++) {
                    out.write(block);
                    if (i % 16 == 0) {
                        err.println("wrote " + i);
                    }
                }
                out.close();
                err.println("done");
                break;
            }
            case "exit":
                out.write(args[2].getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.print(args[3]);
                err.flush();
                System.exit(Integer.parseInt(args[1]));
                break;
            case "env": {
                List<String> lines = new ArrayList<>();
                lines.add(new java.io.File("").getAbsolutePath());
                for (int i = 1; i < args.length; i++) {
                    lines.add(args[i] + "=" + System.getenv(args[i]));
                }
                out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    /** The command running this class with {@code args} in a JVM like this one. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator + "java");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProcessChild.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
