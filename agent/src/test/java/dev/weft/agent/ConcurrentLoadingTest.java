package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the agent installed in this JVM (by the launcher session listener): threads that load
 * async classes at the same time, each in its own class loader, all get them woven.
 */
class ConcurrentLoadingTest {
    private static final String WORKER = "package c;\n"
            + "import dev.weft.*;\n"
            + "import static dev.weft.Weft.*;\n"
            + "public class Worker {\n"
            + "    @Async public Task<Integer> work(int n) {\n"
            + "        int sum = 0;\n"
            + "        for (int i = 1; i <= n; i++) { await(sleep(1)); sum += i; }\n"
            + "        return Task.of(sum);\n"
            + "    }\n"
            + "}\n";

    @Test
    void classesLoadedInParallelInManyLoadersAreWoven(@TempDir Path dir) throws Exception {
        Javac.compile(Map.of("c.Worker", WORKER), dir, List.of(Javac.runtime()));
        URL[] path = {dir.toUri().toURL()};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    ClassLoader loader = new URLClassLoader(path, getClass().getClassLoader());
                    Class<?> worker = loader.loadClass("c.Worker");
                    assertSame(loader, Class.forName("c.Worker$weft$work$0", false, loader).getClassLoader());
                    Method work = worker.getMethod("work", int.class);
                    Object instance = worker.getConstructor().newInstance();
                    return Weft.<Integer>run(() -> {
                        try {
                            @SuppressWarnings("unchecked")
                            Task<Integer> task = (Task<Integer>) work.invoke(instance, 4);
                            return task;
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(10, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
