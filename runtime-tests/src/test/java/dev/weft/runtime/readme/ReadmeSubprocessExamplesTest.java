package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessOptions;
import dev.weft.io.ProcessOutput;
import dev.weft.io.ProcessStream;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's subprocess snippets, verbatim, run with sort and ls. ReadmeSnippetsTest keeps them in step. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadmeSubprocessExamplesTest {
    @Async static Task<String> sorted(String lines) {
        Subprocess child = await(Subprocesses.exec(List.of("sort")));   // stdin, stdout, stderr: pipes
        ProcessOutput out = await(child.communicate(lines.getBytes(StandardCharsets.UTF_8)));
        if (out.exitCode() != 0) {
            throw new IllegalStateException("sort failed: " + new String(out.stderr(), StandardCharsets.UTF_8));
        }
        return Task.of(new String(out.stdout(), StandardCharsets.UTF_8));   // "a\nb\nc\n" for "c\na\nb\n"
    }

    @Async static Task<Integer> countFiles(Path dir) {            // reads the output as the child writes it
        Subprocess ls = await(Subprocesses.exec(List.of("ls", "-1"), ProcessOptions.defaults()
                .withDirectory(dir).withStdin(ProcessStream.DISCARD).withStderr(ProcessStream.INHERIT)));
        int files = 0;
        while (await(ls.stdout().readLine(StandardCharsets.UTF_8)) != null) {
            files++;
        }
        await(ls.waitFor());                                      // the exit code
        return Task.of(files);
    }

    @Test
    void sorts() {
        assertEquals("a\nb\nc\n", Weft.run(() -> sorted("c\na\nb\n")));
    }

    @Test
    void countsFiles(@TempDir Path dir) throws IOException {
        for (String name : List.of("x", "y", "z")) {
            Files.createFile(dir.resolve(name));
        }
        assertEquals(3, Weft.run(() -> countFiles(dir)));
    }
}
