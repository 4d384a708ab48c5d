package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after the collector has settled: what the probes measure retained memory with. */
public final class Heap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {}

    /** Bytes in use after full collections, once two readings in a row agree within 1%. */
    public static long settledUsed() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < used / 100) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
