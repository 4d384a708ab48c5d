package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.runtime.io.StreamPeer.awaitSignal;
import static dev.weft.runtime.io.StreamPeer.readAll;
import static dev.weft.runtime.io.StreamPeer.send;
import static dev.weft.runtime.io.StreamPeer.sendSplit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.IncompleteReadException;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.StreamReader;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StreamReader} against asyncio's {@code StreamReader}: the same byte sequences give the
 * same results (CPython 3.13 gives the values in the comments marked "asyncio").
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamReaderTest extends StreamTestSupport {
    private static final ConnectOptions LIMIT_16 = ConnectOptions.defaults().withBufferLimit(16);
    private static final byte[] CRLFCRLF = ascii("\r\n\r\n");

    @Test
    void readTakesUpToNBytesAndAnEmptyArrayAtTheEnd() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "hello world");
            awaitSignal(s);
            send(s, "rest");
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                List<String> log = new ArrayList<>();
                log.add(ascii(await(r.read(5))));
                log.add(ascii(await(r.read(100))));
                Task<byte[]> zero = r.read(0); // asyncio: read(0) is b'' at once, even with nothing buffered
                assertTrue(zero.isDone());
                assertEquals(0, zero.result().length);
                assertFalse(r.isAtEof());
                c.writer().write(new byte[] {1});
                log.add(ascii(await(r.read(-1))));
                assertTrue(r.isAtEof());
                log.add("[" + ascii(await(r.read(10))) + "]");
                log.add("[" + ascii(await(r.read(-1))) + "]");
                log.add("[" + ascii(await(r.read(0))) + "]");
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("hello", " world", "rest", "[]", "[]", "[]"), got);
        }
    }

    @Test
    void readExactlyWaitsForEveryByteAndFailsAtTheEndWithWhatCame() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            sendSplit(s, ascii("abcdefgh"), 3);
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                List<String> log = new ArrayList<>();
                assertEquals(0, await(r.readExactly(0)).length);
                IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> r.readExactly(-1));
                assertEquals("readExactly size can not be less than zero: -1", negative.getMessage());
                log.add(ascii(await(r.readExactly(6))));
                try {
                    await(r.readExactly(5), IncompleteReadException.class);
                    log.add("no exception");
                } catch (IncompleteReadException e) {
                    // asyncio: IncompleteReadError(partial=b'gh', expected=5), "2 bytes read on a total of 5 expected bytes"
                    log.add(ascii(e.partial()) + " " + e.expected() + " " + e.getMessage());
                }
                assertTrue(r.isAtEof());
                log.add("[" + ascii(await(r.read(1))) + "]");
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("abcdef", "gh 5 2 bytes read on a total of 5 expected bytes", "[]"), got);
        }
    }

    @Test
    void readLineKeepsTheLineEndAndGivesTheLastLineWithoutOne() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            sendSplit(s, ascii("one\r\ntwo\nthree"), 2, 4, 7);
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> log = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    log.add(ascii(await(c.reader().readLine())));
                }
                log.add(String.valueOf(c.reader().isAtEof()));
                await(c.close());
                return Task.of(log);
            });
            // asyncio: [b'one\r\n', b'two\n', b'three', b''] and at_eof() True
            assertEquals(List.of("one\r\n", "two\n", "three", "", "", "true"), got);
        }
    }

    @Test
    void readLineWithACharsetDropsTheLineEndAndGivesNullAtTheEnd() throws Exception {
        byte[] text = "one\r\ntwo\nhé\r\n\na\rb\nlast".getBytes(StandardCharsets.UTF_8);
        try (StreamPeer peer = new StreamPeer(s -> {
            sendSplit(s, text, 4, 11); // splits "\r\n" and the two bytes of "é"
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> log = new ArrayList<>();
                String line;
                while ((line = await(c.reader().readLine(StandardCharsets.UTF_8))) != null) {
                    log.add(line);
                }
                assertNull(await(c.reader().readLine(StandardCharsets.UTF_8)));
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("one", "two", "hé", "", "a\rb", "last"), got);
        }
    }

    @Test
    void readUntilFindsASeparatorSplitAcrossPackets() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            for (int k = 1; k <= 3; k++) {
                awaitSignal(s);
                sendSplit(s, ascii("h" + k + "\r\n\r\n"), 2 + k); // the separator split after its k-th byte
            }
            awaitSignal(s);
            sendSplit(s, ascii("x\r\n\r\r\n\r\n"), 4); // a false start, then the separator
            awaitSignal(s);
            send(s, "body");
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                List<String> log = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    c.writer().write(new byte[] {1});
                    log.add(ascii(await(r.readUntil(CRLFCRLF))));
                }
                IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> r.readUntil(new byte[0]));
                assertEquals("Separator should be at least one-byte string", empty.getMessage());
                c.writer().write(new byte[] {1});
                try {
                    await(r.readUntil(CRLFCRLF), IncompleteReadException.class);
                    log.add("no exception");
                } catch (IncompleteReadException e) {
                    // asyncio: IncompleteReadError(partial=b'body', expected=None), "4 bytes read on a total of undefined expected bytes"
                    log.add(ascii(e.partial()) + " " + e.expected() + " " + e.getMessage());
                }
                log.add("[" + ascii(await(r.read(5))) + "] " + r.isAtEof());
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("h1\r\n\r\n", "h2\r\n\r\n", "h3\r\n\r\n", "x\r\n\r\r\n\r\n",
                    "body -1 4 bytes read on a total of undefined expected bytes", "[] true"), got);
        }
    }

    @Test
    void aWaitingReadUntilKeepsItsSeparatorWhenTheCallerChangesTheArray() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            send(s, "a;b|c");
            readAll(s);
        })) {
            String got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                byte[] separator = ascii("|");
                Task<byte[]> r = c.reader().readUntil(separator);
                separator[0] = ';';
                c.writer().write(new byte[] {1});
                String line = ascii(await(r));
                await(c.close());
                return Task.of(line);
            });
            assertEquals("a;b|", got);
        }
    }

    @Test
    void readUntilPastTheLimitLeavesTheBytesBuffered() throws Exception {
        try (StreamPeer found = new StreamPeer(s -> {
                    send(s, "xxxxxxxxxxxxxxxxxxxxENDtail");
                    s.shutdownOutput();
                    readAll(s);
                });
                StreamPeer notFound = new StreamPeer(s -> {
                    send(s, "yyyyyyyyyyyyyyyyyyyy");
                    readAll(s);
                })) {
            List<String> got = Weft.run(() -> {
                List<String> log = new ArrayList<>();
                Connection c = await(Streams.openConnection("127.0.0.1", found.port(), LIMIT_16));
                assertEquals(16, c.reader().limit());
                try {
                    await(c.reader().readUntil(ascii("END")), LimitOverrunException.class);
                    log.add("no exception");
                } catch (LimitOverrunException e) {
                    log.add(e.getMessage() + " " + e.consumed());
                }
                log.add(ascii(await(c.reader().read(100))));
                log.add("[" + ascii(await(c.reader().read(100))) + "]");
                await(c.close());

                c = await(Streams.openConnection("127.0.0.1", notFound.port(), LIMIT_16));
                try {
                    await(c.reader().readUntil(ascii("END")), LimitOverrunException.class);
                    log.add("no exception");
                } catch (LimitOverrunException e) {
                    log.add(e.getMessage() + " " + e.consumed());
                }
                log.add(ascii(await(c.reader().read(5))));
                await(c.close());
                return Task.of(log);
            });
            // asyncio (limit=16), the same bytes fed:
            //   LimitOverrunError('Separator is found, but chunk is longer than limit', consumed=20),
            //   read(100) b'xxxxxxxxxxxxxxxxxxxxENDtail', then b'';
            //   LimitOverrunError('Separator is not found, and chunk exceed the limit', consumed=18), read(5) b'yyyyy'
            assertEquals(List.of("Separator is found, but chunk is longer than limit 20", "xxxxxxxxxxxxxxxxxxxxENDtail", "[]",
                    "Separator is not found, and chunk exceed the limit 18", "yyyyy"), got);
        }
    }

    /**
     * readLine past the limit drops the line as asyncio's {@code readline} does (which raises
     * ValueError with the LimitOverrunError's message): through its newline if that is buffered,
     * else everything buffered. The expected values are what CPython 3.13 gives for the same bytes
     * fed to {@code asyncio.StreamReader(limit=16)} in the same chunks.
     */
    @Test
    void readLinePastTheLimitDropsTheLineAsAsyncioDoes() throws Exception {
        try (StreamPeer foundLong = new StreamPeer(s -> {
                    send(s, "aaaaaaaaaaaaaaaaaaaa\nnext\n");
                    readAll(s);
                });
                StreamPeer notFound = new StreamPeer(s -> {
                    send(s, "aaaaaaaaaaaaaaaaaaaa");
                    awaitSignal(s);
                    send(s, "aaaa\nnext\n");
                    readAll(s);
                });
                StreamPeer notFoundCr = new StreamPeer(s -> {
                    send(s, "bbbbbbbbbbbbbbbbb\r");
                    awaitSignal(s);
                    send(s, "\nok\r\n");
                    readAll(s);
                });
                StreamPeer atTheLimit = new StreamPeer(s -> {
                    send(s, "cccccccccccccccc\nddddddddddddddddd\n");
                    s.shutdownOutput();
                    readAll(s);
                })) {
            List<String> got = Weft.run(() -> {
                List<String> log = new ArrayList<>();
                Connection c = await(Streams.openConnection("127.0.0.1", foundLong.port(), LIMIT_16));
                log.add(await(overrunOrLine(c)));
                log.add(await(overrunOrLine(c)));
                await(c.close());

                c = await(Streams.openConnection("127.0.0.1", notFound.port(), LIMIT_16));
                log.add(await(overrunOrLine(c)));
                c.writer().write(new byte[] {1});
                log.add(await(overrunOrLine(c)));
                log.add(await(overrunOrLine(c)));
                await(c.close());

                c = await(Streams.openConnection("127.0.0.1", notFoundCr.port(), LIMIT_16));
                log.add(await(overrunOrLine(c)));
                c.writer().write(new byte[] {1});
                log.add(await(overrunOrLine(c)));
                log.add(await(c.reader().readLine(StandardCharsets.US_ASCII)));
                await(c.close());

                c = await(Streams.openConnection("127.0.0.1", atTheLimit.port(), LIMIT_16));
                log.add(await(overrunOrLine(c)));
                log.add(await(overrunOrLine(c)));
                log.add(await(overrunOrLine(c)));
                log.add("atEof " + c.reader().isAtEof());
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of(
                    // asyncio: ValueError('Separator is found, but chunk is longer than limit'), b'next\n'
                    "overrun: Separator is found, but chunk is longer than limit 20", "next\n",
                    // asyncio: ValueError('Separator is not found, and chunk exceed the limit'), b'aaaa\n', b'next\n'
                    "overrun: Separator is not found, and chunk exceed the limit 20", "aaaa\n", "next\n",
                    // asyncio: ValueError('Separator is not found, and chunk exceed the limit'), b'\n', b'ok\r\n'
                    "overrun: Separator is not found, and chunk exceed the limit 18", "\n", "ok",
                    // asyncio: b'cccccccccccccccc\n', ValueError('Separator is found, but chunk is longer than limit'), b'', at_eof() True
                    "cccccccccccccccc\n", "overrun: Separator is found, but chunk is longer than limit 17", "", "atEof true"),
                    got);
        }
    }

    /**
     * A line longer than twice the limit that arrives whole, in one packet: asyncio has it all in
     * its buffer (a transport reads up to 256 KiB at a time), finds the newline past the limit and
     * drops the line through it; readUntil leaves it all buffered. CPython 3.13, limit=16, the same
     * bytes fed at once: ValueError('Separator is found, but chunk is longer than limit'),
     * b'next\n'; LimitOverrunError('Separator is found, but chunk is longer than limit',
     * consumed=40), read(100) b'xxx...xxxENDtail'.
     */
    @Test
    void aLineLongerThanTwiceTheLimitInOnePacketIsDroppedWhole() throws Exception {
        String as = "a".repeat(40);
        String xs = "x".repeat(40);
        try (StreamPeer line = new StreamPeer(s -> {
                    send(s, as + "\nnext\n");
                    readAll(s);
                });
                StreamPeer until = new StreamPeer(s -> {
                    send(s, xs + "ENDtail");
                    s.shutdownOutput();
                    readAll(s);
                })) {
            List<String> got = Weft.run(() -> {
                List<String> log = new ArrayList<>();
                Connection c = await(Streams.openConnection("127.0.0.1", line.port(), LIMIT_16));
                log.add(await(overrunOrLine(c)));
                log.add(await(overrunOrLine(c)));
                await(c.close());
                c = await(Streams.openConnection("127.0.0.1", until.port(), LIMIT_16));
                try {
                    await(c.reader().readUntil(ascii("END")), LimitOverrunException.class);
                    log.add("no exception");
                } catch (LimitOverrunException e) {
                    log.add(e.getMessage() + " " + e.consumed());
                }
                log.add(ascii(await(c.reader().read(100))));
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("overrun: Separator is found, but chunk is longer than limit 40", "next\n",
                    "Separator is found, but chunk is longer than limit 40", xs + "ENDtail"), got);
        }
    }

    @dev.weft.Async
    private static Task<String> overrunOrLine(Connection c) {
        try {
            return Task.of(ascii(await(c.reader().readLine(), LimitOverrunException.class)));
        } catch (LimitOverrunException e) {
            return Task.of("overrun: " + e.getMessage() + " " + e.consumed());
        }
    }

    @Test
    void atEofOnlyOnceTheEndIsSeenAndEveryByteRead() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "abc");
            s.shutdownOutput();
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                List<String> log = new ArrayList<>();
                assertEquals(65536, r.limit()); // asyncio's default limit, 2 ** 16
                log.add(r.isAtEof() + " " + ascii(await(r.read(1))) + " " + r.isAtEof());
                log.add(ascii(await(r.read(-1))) + " " + r.isAtEof());
                await(c.close());
                return Task.of(log);
            });
            assertEquals(List.of("false a false", "bc true"), got);
        }
    }

    @Test
    void oneReadAtATime() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            send(s, "z");
            readAll(s);
        })) {
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamReader r = c.reader();
                List<String> log = new ArrayList<>();
                Task<byte[]> first = r.read(1);
                assertFalse(first.isDone());
                log.add(assertThrows(IllegalStateException.class, () -> r.readLine()).getMessage());
                log.add(assertThrows(IllegalStateException.class, () -> r.readExactly(1)).getMessage());
                log.add(assertThrows(IllegalStateException.class, () -> r.readUntil(CRLFCRLF)).getMessage());
                log.add(assertThrows(IllegalStateException.class, () -> r.read(-1)).getMessage());
                try {
                    await(Weft.toThread(() -> c.reader().read(1)));
                    log.add("no exception");
                } catch (IllegalStateException e) {
                    log.add(e.getMessage());
                }
                c.writer().write(new byte[] {1});
                log.add(ascii(await(first)));
                await(c.close());
                return Task.of(log);
            });
            // asyncio: RuntimeError('readline() called while another coroutine is already waiting for incoming data')
            assertEquals(List.of(
                    "readLine() called while another coroutine is already waiting for incoming data",
                    "readExactly() called while another coroutine is already waiting for incoming data",
                    "readUntil() called while another coroutine is already waiting for incoming data",
                    "read() called while another coroutine is already waiting for incoming data",
                    "a stream belongs to the event loop it was opened on: use it from that loop's tasks",
                    "z"), got);
        }
    }
}
