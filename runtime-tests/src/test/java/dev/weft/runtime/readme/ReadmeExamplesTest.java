package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncCloseable;
import dev.weft.AsyncGenerator;
import dev.weft.LoopClock;
import dev.weft.Emitter;
import dev.weft.Lock;
import dev.weft.ParallelOptions;
import dev.weft.Permit;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's snippets, verbatim, run on a virtual clock. ReadmeSnippetsTest keeps them in step. */
class ReadmeExamplesTest {
    private final List<String> log = new ArrayList<>();
    private final Lock lock = Lock.create();
    private final String host = "example.test";

    @Test
    void fetcher() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Fetcher.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("Fetching users...\nusers data\n", bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    // ---- timeouts and task groups ------------------------------------------------------------

    @Async
    Task<String> slowOperation() {
        await(sleep(Duration.ofSeconds(1)));
        return Task.of("slow done");
    }

    @Async
    Task<String> readHeader() {
        await(sleep(Duration.ofSeconds(2)));
        return Task.of("header+");
    }

    @Async
    Task<String> readBody() {
        await(sleep(Duration.ofSeconds(2))); // past the first deadline: only the reschedule saves it
        return Task.of("body");
    }

    @Async
    Task<String> fetch(String name) {
        await(sleep(Duration.ofMillis(10)));
        log.add("fetched " + name);
        return Task.of(name);
    }

    @Async
    Task<String> timeoutsAndGroups() {
        String s = await(timeout(Duration.ofSeconds(3), () -> slowOperation()));   // AsyncTimeoutException

        String t = await(timeout(Duration.ofSeconds(3), cm -> {                    // with the scope object
            String head = await(readHeader());
            cm.reschedule(Weft.loop().time() + Duration.ofSeconds(30).toNanos());
            return Task.of(head + await(readBody()));
        }));

        await(taskGroup(tg -> {                                                    // async with TaskGroup()
            tg.createTask(() -> fetch("a"));
            tg.createTask(() -> fetch("b"));
            return Task.done();
        }));
        return Task.of(s + "|" + t);
    }

    @Test
    void timeoutsAndTaskGroups() {
        assertEquals("slow done|header+body", virtual(this::timeoutsAndGroups));
        assertEquals(List.of("fetched a", "fetched b"), log);
    }

    // ---- locks -------------------------------------------------------------------------------

    @Async
    Task<Boolean> withLock() {
        try (Permit held = await(lock.acquire())) {     // async with lock:
            await(sleep(1000));
        }
        return Task.of(lock.isLocked());
    }

    @Test
    void lockIsReleasedByTheTryWithResources() {
        assertEquals(false, virtual(this::withLock));
    }

    // ---- async resources ---------------------------------------------------------------------

    /** A stand-in for a network connection: opening, fetching and closing each take a loop turn. */
    final class Connection implements AsyncCloseable {
        @Async
        Task<String> fetch(String path) {
            await(sleep(1));
            log.add("GET " + path);
            return Task.of("page " + path);
        }

        @Async
        @Override
        public Task<Void> close() {
            await(sleep(1));
            log.add("closed");
            return Task.done();
        }
    }

    @Async
    Task<Connection> openConnection() {
        await(sleep(1));
        return Task.of(new Connection());
    }

    /** Lets the snippet read {@code Connection.open(host)}. */
    private final ReadmeExamplesTest Connection = this;

    Task<Connection> open(String host) {
        log.add("open " + host);
        return openConnection();
    }

    @Async
    Task<String> resources() {
        String page = await(using(await(Connection.open(host)), c -> c.fetch("/")));
        // or by hand:
        Connection c = await(Connection.open(host));
        try {
            page = await(c.fetch("/"));
        } finally {
            await(c.close());
        }
        return Task.of(page);
    }

    @Test
    void resourcesAreClosedOnEveryPath() {
        assertEquals("page /", virtual(this::resources));
        assertEquals(List.of("open example.test", "GET /", "closed", "open example.test", "GET /", "closed"), log);
    }

    // ---- async generators ----------------------------------------------------------------------

    @Async Task<Void> countdown(int n, Emitter<Integer> out) {
        while (n > 0) { await(out.emit(n)); await(sleep(500)); n--; }
        return Task.done();
    }

    @Async Task<Void> main2() {                   // async for num in countdown(5): print(num)
        AsyncGenerator<Integer> it = AsyncGenerator.of(out -> countdown(5, out));
        try {
            while (await(it.hasNext())) System.out.println(it.next());
        } finally {
            await(it.close());  // aclose: GeneratorClosedException at the pending emit, so its finally runs
        }
        return Task.done();
    }

    @Test
    void countdownGenerator() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            virtual(this::main2);
        } finally {
            System.setOut(original);
        }
        assertEquals("5\n4\n3\n2\n1\n", bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Async Task<Void> runningTotal(Emitter<Integer> out) {
        int total = 0;
        for (;;) {
            Integer n = await(out.emit(total));  // total = yield total
            total += n == null ? 0 : n;
        }
    }

    @Async Task<Integer> sum() {
        AsyncGenerator<Integer> totals = AsyncGenerator.of(out -> runningTotal(out));
        await(totals.send(null));                // start it: runs to the first emit
        await(totals.send(5));
        await(totals.send(7));
        int t = totals.next();                   // 12
        await(totals.close());
        return Task.of(t);
    }

    @Test
    void sendIsAsend() {
        assertEquals(12, virtual(this::sum));
    }

    // ---- the parallel scheduler ---------------------------------------------------------------

    Task<Long> checksum(Path f) {
        CRC32 crc = new CRC32();
        try {
            crc.update(Files.readAllBytes(f));
        } catch (java.io.IOException e) {
            return Task.failed(e);
        }
        return Task.of(crc.getValue());
    }

    long checksumAll(List<Path> files) {                 // called from plain code, not from a loop
        return Weft.runParallel(() -> sumAll(files), ParallelOptions.defaults().withLoops(4));
    }

    @Async Task<Long> sumAll(List<Path> files) {
        List<Task<Long>> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(createTask(() -> checksum(f)));   // spread over the 4 loops
        }
        long total = 0;
        for (long v : await(gather(parts))) {           // completions hop back to this task's loop
            total += v;
        }
        return Task.of(total);
    }

    @Test
    void parallelChecksums(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < 12; i++) {
            byte[] content = ("file " + i).getBytes(StandardCharsets.UTF_8);
            files.add(Files.write(dir.resolve("f" + i), content));
            CRC32 crc = new CRC32();
            crc.update(content);
            expected += crc.getValue();
        }
        assertEquals(expected, checksumAll(files));
    }

    private static <T> T virtual(java.util.function.Supplier<Task<T>> main) {
        return Weft.run(main, RunOptions.defaults().withClock(LoopClock.virtual()));
    }
}
