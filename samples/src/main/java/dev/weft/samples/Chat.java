package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.using;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.QueueFullException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat room on 127.0.0.1: whatever a member says, the server broadcasts to every member. Each
 * member has a bounded queue of the messages waiting for it ({@link AsyncQueue} of 8) and a task
 * that sends them; a broadcast only puts into the queues ({@code putNowait}), so a member that does
 * not keep up never holds up the speaker or the others: while its queue is full, the newest
 * messages for it are lost, and it is told how many once it has caught up.
 *
 * <p>alice, bob and dave count to 30 in turns, each saying the next number when they see the
 * previous one; carol stalls until they are done. Every member acknowledges each message it reads
 * ("ack"), and the server sends a member its next message only once the previous one is
 * acknowledged (as MQTT's in-flight window): so carol's queue fills after one message in flight and
 * eight queued, whatever the sockets buffer (megabytes on loopback), and the output is always the same.
 * Its asyncio twin, {@code samples/src/test/resources/python/chat.py}, prints the same ({@code PythonTwinsTest}).
 */
public final class Chat {
    static final int QUEUE_SIZE = 8;
    static final int COUNT = 30;
    static final String[] TALKERS = {"alice", "bob", "dave"};

    // ---- the server --------------------------------------------------------------------------

    /** A member as the server sees it: the messages waiting for it, and its in-flight window. */
    static final class Member {
        final AsyncQueue<String> outbox = AsyncQueue.fifo(QUEUE_SIZE);
        final AsyncSemaphore window = AsyncSemaphore.create(1); // one unacknowledged message at most
        int lost;
    }

    /** Who is in the room; the server's tasks all run on one loop, so a plain map will do. */
    static final class Room {
        final Map<String, Member> members = new LinkedHashMap<>();

        void broadcast(String message) {
            for (Member m : members.values()) {
                try {
                    m.outbox.putNowait(message);
                } catch (QueueFullException full) {
                    m.lost++;                                 // a slow member loses messages, nobody waits
                }
            }
        }
    }

    /** One connection: "NAME" first, then "ack" or something to say, a line each. */
    @Async
    static Task<Void> serve(Room room, StreamReader reader, StreamWriter writer) {
        String name = await(reader.readLine(StandardCharsets.UTF_8));
        Member me = new Member();
        room.members.put(name, me);
        writer.write("*** welcome, " + name + "\n", StandardCharsets.UTF_8);
        Task<Void> sending = createTask(() -> send(me, writer));
        try {
            String line;
            while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
                if (line.equals("ack")) {
                    me.window.release();
                } else {
                    room.broadcast(name + ": " + line);
                }
            }
        } finally {
            room.members.remove(name);
            sending.cancel();
        }
        return Task.done();
    }

    /** Sends a member its messages, each once the previous one is acknowledged. */
    @Async
    static Task<Void> send(Member me, StreamWriter writer) {
        for (;;) {
            await(me.window.acquire());
            String message;
            if (me.lost > 0 && me.outbox.isEmpty()) {
                message = "*** you missed " + me.lost + " messages while your queue was full";
                me.lost = 0;
            } else {
                message = await(me.outbox.get());
            }
            writer.write(message + "\n", StandardCharsets.UTF_8);
            await(writer.drain());
        }
    }

    // ---- the clients -------------------------------------------------------------------------

    /** Connects, says who it is, and reads the welcome. */
    @Async
    static Task<Connection> join(int port, String name) {
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        c.writer().write(name + "\n", StandardCharsets.UTF_8);
        await(c.reader().readLine(StandardCharsets.UTF_8));
        return Task.of(c);
    }

    /** Reads the next message and acknowledges it. */
    @Async
    static Task<String> receive(Connection c) {
        String message = await(c.reader().readLine(StandardCharsets.UTF_8));
        c.writer().write("ack\n", StandardCharsets.UTF_8);
        return Task.of(message);
    }

    /** A fast member: reads every message at once; says the next number after the one before it in the turn. */
    @Async
    static Task<List<Integer>> talker(Connection c, int turn) {
        String previous = TALKERS[(turn + TALKERS.length - 1) % TALKERS.length] + ": ";
        List<Integer> heard = new ArrayList<>();
        if (turn == 0) {
            c.writer().write("1\n", StandardCharsets.UTF_8);
        }
        int n = 0;
        while (n < COUNT) {
            String message = await(receive(c));
            n = Integer.parseInt(message.substring(message.indexOf(": ") + 2));
            heard.add(n);
            if (message.startsWith(previous) && n < COUNT) {
                c.writer().write((n + 1) + "\n", StandardCharsets.UTF_8);
            }
        }
        await(c.close());
        return Task.of(heard);
    }

    /** The slow member: reads nothing until woken, then everything that was kept for it. */
    @Async
    static Task<Void> staller(Connection c, AsyncEvent wake) {
        await(wake.waitSet());
        String message;
        do {
            message = await(receive(c));
            System.out.println("carol reads " + message);
        } while (!message.startsWith("***"));
        await(c.close());
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        Room room = new Room();
        Server server = await(Streams.startServer((r, w) -> serve(room, r, w), "127.0.0.1", 0));
        return using(server, s -> {
            Connection alice = await(join(s.port(), "alice"));
            Connection bob = await(join(s.port(), "bob"));
            Connection carol = await(join(s.port(), "carol"));
            Connection dave = await(join(s.port(), "dave"));
            System.out.println("alice, bob, carol and dave joined; carol stalls, the others count to " + COUNT);

            AsyncEvent wake = AsyncEvent.create();
            Task<Void> slow = createTask(() -> staller(carol, wake));
            List<List<Integer>> heard = await(gather(talker(alice, 0), talker(bob, 1), talker(dave, 2)));
            for (int i = 0; i < TALKERS.length; i++) {
                System.out.println(TALKERS[i] + " got " + describe(heard.get(i)));
            }
            System.out.println("carol wakes up");
            wake.set();
            await(slow);
            return Task.done();
        });
    }

    private static String describe(List<Integer> heard) {
        for (int i = 0; i < heard.size(); i++) {
            if (heard.get(i) != i + 1) {
                return heard.toString();
            }
        }
        return heard.size() == COUNT ? "every message, 1 to " + COUNT + " in order" : heard.toString();
    }

    public static void main(String[] args) {
        Weft.run(Chat::main);
    }
}
