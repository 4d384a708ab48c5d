package dev.weft.runtime.sync;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.QueueShutDownException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many producers and consumers on small queues with random cancellations: every item whose put
 * succeeded is consumed exactly once, and no item is consumed twice.
 */
class QueueStressTest {
    private static final int PRODUCERS = 20;
    private static final int ITEMS_EACH = 200;
    private static final int CONSUMERS = 20;

    private final Set<Integer> putOk = new HashSet<>();
    private final Set<Integer> putCancelled = new HashSet<>();
    private final List<Integer> consumed = new ArrayList<>();
    private Random random;
    private AsyncQueue<Integer> q;

    @Async
    Task<Void> producer(int base) {
        for (int i = 0; i < ITEMS_EACH; i++) {
            int id = base * ITEMS_EACH + i;
            try {
                await(q.put(id));
            } catch (CancelledException e) {
                putCancelled.add(id);
                throw e;
            }
            putOk.add(id);
            if (random.nextInt(3) == 0) {
                await(sleep(0));
            }
        }
        return Task.done();
    }

    @Async
    Task<Void> consumer() {
        try {
            for (;;) {
                consumed.add(await(q.get()));
                if (random.nextInt(2) == 0) {
                    await(sleep(0));
                }
            }
        } catch (QueueShutDownException e) {
            return Task.done();
        }
    }

    @Async
    Task<Void> settle(List<Task<Void>> tasks) {
        for (Task<Void> t : tasks) {
            try {
                await(t);
            } catch (CancelledException e) {
                // cancelled on purpose
            }
        }
        return Task.done();
    }

    @Async
    Task<Void> scenario() {
        List<Task<Void>> producers = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            producers.add(producer(i));
        }
        for (int i = 0; i < CONSUMERS; i++) {
            consumers.add(consumer());
        }
        for (int round = 0; round < 400; round++) {
            await(sleep(0));
            int pick = random.nextInt(10);
            if (pick == 0) {
                producers.get(random.nextInt(PRODUCERS)).cancel();
            } else if (pick <= 3) {
                int c = 1 + random.nextInt(consumers.size() - 1);   // consumer 0 is never cancelled
                if (consumers.get(c).cancel()) {
                    consumers.add(consumer());                      // keep the consumers coming
                }
            }
        }
        await(settle(producers));
        q.shutdown();
        await(settle(consumers));
        assertEquals(0, q.size());
        return Task.done();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void everyItemIsConsumedExactlyOnce(String kind) {
        for (long seed = 1; seed <= 5; seed++) {
            putOk.clear();
            putCancelled.clear();
            consumed.clear();
            random = new Random(seed);
            q = kind.equals("fifo") ? AsyncQueue.fifo(5) : kind.equals("lifo") ? AsyncQueue.lifo(5) : AsyncQueue.priority(null, 5);
            Weft.run(this::scenario);
            Set<Integer> unique = new HashSet<>(consumed);
            assertEquals(consumed.size(), unique.size(), "an item was consumed twice (seed " + seed + ")");
            assertTrue(unique.containsAll(putOk), "an item whose put succeeded was lost (seed " + seed + ")");
            Set<Integer> known = new HashSet<>(putOk);
            known.addAll(putCancelled);
            assertTrue(known.containsAll(unique), "an item nobody put was consumed (seed " + seed + ")");
            assertTrue(putOk.size() > PRODUCERS * ITEMS_EACH / 10, "the stress put a fair number of items");
            assertTrue(!putCancelled.isEmpty(), "some puts were cancelled while waiting (seed " + seed + ")");
        }
    }
}
