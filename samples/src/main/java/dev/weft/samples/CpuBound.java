package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.toThread;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asyncio overview, "Common Pitfalls": CPU-bound work blocks the event loop; use
 * {@code asyncio.to_thread()}. A ticker ticks every 20 ms while primes are counted (a few hundred
 * ms of CPU): counted on the loop, it never ticks meanwhile; counted through {@code toThread}, on
 * another thread, it keeps ticking.
 */
public final class CpuBound {
    static final int LIMIT = 1_500_000;

    /** CPU-bound: trial division, no I/O. */
    static int countPrimes(int below) {
        int count = 0;
        for (int n = 2; n < below; n++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    @Async
    static Task<Void> ticker(AtomicInteger ticks) {
        while (true) {
            await(sleep(20));
            ticks.incrementAndGet();
        }
    }

    @Async
    static Task<Void> main() {
        AtomicInteger ticks = new AtomicInteger();
        Task<Void> ticking = createTask(() -> ticker(ticks));
        await(sleep(50));                                      // the ticker is running

        int before = ticks.get();
        int primes = countPrimes(LIMIT);                       // WRONG: on the loop, the ticker stops
        System.out.println("on the loop:   " + primes + " primes below " + LIMIT + ", "
                + (ticks.get() - before) + " ticks meanwhile");

        before = ticks.get();
        primes = await(toThread(() -> countPrimes(LIMIT)));    // right: on another thread
        System.out.println("with toThread: " + primes + " primes below " + LIMIT + ", "
                + (ticks.get() - before) + " ticks meanwhile");

        ticking.cancel();
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(CpuBound::main);
    }
}
