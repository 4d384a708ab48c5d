package dev.weft.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs one {@link Probe} in this (fresh) JVM and prints its figures: {@code ProbeMain <class> <scale>}. */
public final class ProbeMain {
    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        // The suite reads UTF-8 (units such as µs), whatever this platform's console encoding.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        Probe probe = (Probe) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        for (Figure f : probe.run(Double.parseDouble(args[1]))) {
            System.out.println(f.toLine());
        }
    }
}
