package dev.weft.agent;

import java.nio.charset.StandardCharsets;

/**
 * A byte scan that tells, without parsing, whether a class may need weaving: only a class that names
 * {@code @Async} or {@code dev.weft.Weft} (the owner of {@code await}) can. Most classes of an
 * application that uses Weft name {@code dev.weft.Task} somewhere; they need no weaving, and parsing
 * them all would slow start-up down. The price: the weaver's warning about a dropped task is only
 * reported in classes that it weaves (the Maven plugin reports it everywhere).
 */
final class AsyncScan {
    private static final byte[] ASYNC = "Ldev/weft/Async;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEFT = "dev/weft/Weft".getBytes(StandardCharsets.US_ASCII);

    private AsyncScan() {
    }

    static boolean mayNeedWeaving(byte[] classBytes) {
        return contains(classBytes, ASYNC) || contains(classBytes, WEFT);
    }

    static boolean contains(byte[] bytes, byte[] part) {
        byte first = part[0];
        outer:
        for (int i = 0, end = bytes.length - part.length; i <= end; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
