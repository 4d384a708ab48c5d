package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    @Test
    void aBurstOfReadyWorkDoesNotKeepItsQueueArrayOnceDone() {
        EventLoop[] loop = new EventLoop[1];
        int[] ran = new int[1];
        Weft.run(() -> {
            loop[0] = EventLoop.current();
            for (int i = 0; i < 10_000; i++) {
                Weft.loop().callSoon(() -> ran[0]++);
            }
            Promise<Void> later = Task.promise();
            Weft.loop().callLater(Duration.ofMillis(5), () -> later.complete(null));
            return later;
        });
        assertEquals(10_000, ran[0]);
        assertTrue(loop[0].readyChunks() <= 3, "the burst's chunks let go: " + loop[0].readyChunks() + " kept");
    }
}
