package app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A JVM without Weft: prints "ready" and exits at the end of stdin. */
public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // nothing to answer
            }
        }
    }
}
