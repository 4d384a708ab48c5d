package dev.weft.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a sample with System.out captured, and times it. */
final class SampleOutput {
    final String text;
    final long millis;

    private SampleOutput(String text, long millis) {
        this.text = text;
        this.millis = millis;
    }

    static SampleOutput run(Runnable sample) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            sample.run();
        } finally {
            System.setOut(original);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new SampleOutput(bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"), millis);
    }
}
