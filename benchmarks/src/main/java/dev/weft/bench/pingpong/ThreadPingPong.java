package dev.weft.bench.pingpong;

import dev.weft.bench.VirtualThreads;
import java.util.concurrent.locks.LockSupport;

/**
 * Blocking code on two virtual threads handing a ball through a volatile slot with park/unpark,
 * the cheapest blocking hand-off there is. Runs on one carrier (the benchmark's fork sets the
 * scheduler's parallelism to 1), like the single-loop contenders.
 */
final class ThreadPingPong {
    private static final int EMPTY = Integer.MIN_VALUE;
    private volatile int toPong = EMPTY;
    private volatile int toPing = EMPTY;
    private volatile Thread pinger;
    private volatile Thread ponger;

    static int run(int rounds) {
        ThreadPingPong game = new ThreadPingPong();
        int[] result = new int[1];
        game.ponger = VirtualThreads.start(() -> game.pong(rounds));
        game.pinger = VirtualThreads.start(() -> result[0] = game.ping(rounds));
        VirtualThreads.join(game.pinger);
        VirtualThreads.join(game.ponger);
        return result[0];
    }

    private int ping(int rounds) {
        int ball = 0;
        for (int i = 0; i < rounds; i++) {
            toPong = ball;
            LockSupport.unpark(ponger);
            int v;
            while ((v = toPing) == EMPTY) {
                LockSupport.park(this);
            }
            toPing = EMPTY;
            ball = v;
        }
        return ball;
    }

    private void pong(int rounds) {
        for (int i = 0; i < rounds; i++) {
            int v;
            while ((v = toPong) == EMPTY) {
                LockSupport.park(this);
            }
            toPong = EMPTY;
            Thread p;
            while ((p = pinger) == null) {
                Thread.onSpinWait();
            }
            toPing = v + 1;
            LockSupport.unpark(p);
        }
    }
}
