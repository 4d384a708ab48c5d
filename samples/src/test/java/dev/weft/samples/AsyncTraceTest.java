package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class AsyncTraceTest {
    /** The sample's output: the throw site, then each awaiting coroutine at its await's line. */
    static String expected() {
        int thrown = SampleSources.lineOf("AsyncTrace", "throw new IllegalStateException(\"order \"");
        int loadAll = SampleSources.lineOf("AsyncTrace", "return Task.of(List.of(await(fetch(1))");
        int main = SampleSources.lineOf("AsyncTrace", "System.out.println(await(orders));");
        return "java.lang.IllegalStateException: order 1 not found\n"
                + "\tat dev.weft.samples.AsyncTrace.fetch(AsyncTrace.java:" + thrown + ")\n"
                + "\tat dev.weft.samples.AsyncTrace.loadAll(AsyncTrace.java:" + loadAll + ")\n"
                + "\tat dev.weft.samples.AsyncTrace.main(AsyncTrace.java:" + main + ")\n";
    }

    @Test
    void theCaughtFailureNamesEachAwaitingCoroutineAtItsAwait() {
        SampleOutput out = SampleOutput.run(() -> AsyncTrace.main(new String[0]));
        assertEquals(expected(), out.text);
    }

    /** The README's "Async stack traces" section shows this sample's output, as it prints it now. */
    @Test
    void theReadmeShowsTheSamplesTrace() throws IOException {
        String readme = Files.readString(Paths.get("..", "README.md")).replace("\r\n", "\n");
        assertTrue(readme.contains("```text\n" + expected() + "```\n"), "README.md should show:\n" + expected());
    }
}
