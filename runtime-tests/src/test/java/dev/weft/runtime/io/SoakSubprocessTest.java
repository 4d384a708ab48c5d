package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessOutput;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak's subprocess part: {@value #CHILDREN} children, {@value #AT_ONCE} at a time, each one of:
 * {@code cat} given up to 256 KiB through {@code communicate}; an exit code waited for; a child
 * that never exits, whose {@code communicate} times out, then killed; a child left running for the
 * run's end to kill. Then no child process, pump thread or pipe is left, and the heap is back.
 * {@code -Dweft.soak.children=N} sets the count, {@code -Dweft.soak.seed=S} the seed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SoakSubprocessTest {
    private static final int CHILDREN = Integer.getInteger("weft.soak.children", 400);
    private static final long SEED = Long.getLong("weft.soak.seed", 20261206L);
    private static final int AT_ONCE = 16;
    private static final long HEAP_SLACK = 8L << 20;

    private int[] kinds = new int[4];

    @Async
    private Task<Void> one(AsyncSemaphore slots, Random random) {
        int kind;
        int size;
        synchronized (this) {
            kind = random.nextInt(20) == 0 ? 3 : random.nextInt(3); // 5% left running
            size = random.nextInt(256 * 1024);
        }
        kinds[kind]++;
        try (Permit p = await(slots.acquire())) {
            switch (kind) {
                case 0: {
                    byte[] input = new byte[size];
                    new Random(size).nextBytes(input);
                    Subprocess cat = await(Subprocesses.exec(List.of("cat")));
                    ProcessOutput out = await(cat.communicate(input));
                    assertArrayEquals(input, out.stdout());
                    assertEquals(0, out.exitCode());
                    break;
                }
                case 1: {
                    int code = size % 256;
                    Subprocess sh = await(Subprocesses.exec(List.of("/bin/sh", "-c", "exit " + code)));
                    assertEquals(code, await(sh.waitFor()));
                    break;
                }
                case 2: {
                    Subprocess sleep = await(Subprocesses.exec(List.of("sleep", "1000")));
                    try {
                        await(Weft.waitFor(sleep.communicate(null), Duration.ofMillis(1 + size % 20)));
                        throw new AssertionError("sleep 1000 ended");
                    } catch (AsyncTimeoutException e) {
                        sleep.kill();
                        assertEquals(137, await(sleep.waitFor()));
                    }
                    break;
                }
                default:
                    await(Subprocesses.exec(List.of("sleep", "1000"))); // the run's end kills it
            }
        }
        return Task.done();
    }

    @Test
    void childrenComeAndGoAndLeaveNothingBehind() throws InterruptedException {
        Weft.run(() -> Subprocesses.exec(List.of("true"))); // loads what a run with children needs
        int pipes = pipes();
        long heap = heapAfterGc();
        long start = System.nanoTime();
        Weft.run(() -> {
            AsyncSemaphore slots = AsyncSemaphore.create(AT_ONCE);
            Random random = new Random(SEED);
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                all.add(one(slots, random));
            }
            await(gather(all));
            return Task.done();
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        int pumps = SubprocessProbe.livePumpsSettled();
        int pipesAfter = pipes;
        for (int i = 0; i < 100 && (pipesAfter = pipes()) > pipes; i++) {
            Thread.sleep(20);
        }
        long children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        long heapAfter = heapAfterGc();
        System.out.printf("[soak-subprocess] %,d children (seed %d) in %,d ms: cat %d, exit codes %d, killed %d, left to the run's end %d;"
                + " pumps left %d, pipes %d -> %d, children alive %d, heap after GC %.1f MB -> %.1f MB%n", CHILDREN, SEED, millis,
                kinds[0], kinds[1], kinds[2], kinds[3], pumps, pipes, pipesAfter, children, heap / 1e6, heapAfter / 1e6);
        assertEquals(0, pumps, "pump threads left");
        assertTrue(pipesAfter <= pipes, "pipes: " + pipes + " before, " + pipesAfter + " after");
        assertEquals(0, children, "child processes left");
        assertTrue(heapAfter <= heap + HEAP_SLACK, "heap after GC: " + heap + " before, " + heapAfter + " after");
    }

    private static int pipes() {
        return LoopProbe.fdKinds().getOrDefault("pipe", 0);
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
