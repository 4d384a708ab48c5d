package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ProcessOutput;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Child processes (asyncio's {@code create_subprocess_exec}): four commands run at most two at a
 * time (an {@link AsyncSemaphore}), each with {@code communicate}, and their outputs are gathered
 * in argument order. The commands are this JVM's {@code java} running {@link Job}, a small program
 * of this jar: upper-casing its input, counting primes, and failing with exit code 2. The starts
 * print in order (the third starts when one of the first two is done), and the results in
 * argument order whichever ends first. Its asyncio twin,
 * {@code samples/src/test/resources/python/run_commands.py}, prints the same ({@code PythonTwinsTest}).
 */
public final class RunCommands {
    /** The program the commands run: {@code Job upper | primes N | <anything else>}. */
    public static final class Job {
        private Job() {
        }

        public static void main(String[] args) throws IOException {
            switch (args[0]) {
                case "upper":
                    String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                    System.out.print(text.toUpperCase());
                    break;
                case "primes":
                    int below = Integer.parseInt(args[1]);
                    int count = 0;
                    for (int n = 2; n < below; n++) {
                        boolean prime = true;
                        for (int d = 2; d * d <= n && prime; d++) {
                            prime = n % d != 0;
                        }
                        count += prime ? 1 : 0;
                    }
                    System.out.print(count);
                    break;
                default:
                    System.err.print("unknown job: " + args[0]);
                    System.exit(2);
            }
        }
    }

    /** The command that runs {@code Job} with {@code args} in a JVM like this one. */
    static List<String> job(String... args) {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), Job.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Async
    static Task<String> run(AsyncSemaphore slots, String input, String... args) {
        try (Permit slot = await(slots.acquire())) {
            String name = String.join(" ", args);
            System.out.println("Running " + name + "...");
            Subprocess child = await(Subprocesses.exec(job(args)));     // stdin, stdout, stderr: pipes
            ProcessOutput out = await(child.communicate(input == null ? null : input.getBytes(StandardCharsets.UTF_8)));
            return Task.of(name + ": exit " + out.exitCode()
                    + ", out \"" + new String(out.stdout(), StandardCharsets.UTF_8) + "\""
                    + ", err \"" + new String(out.stderr(), StandardCharsets.UTF_8) + "\"");
        }
    }

    @Async
    static Task<Void> main() {
        AsyncSemaphore slots = AsyncSemaphore.create(2); // at most two children at a time
        List<String> results = await(gather(
                run(slots, "hello, subprocess", "upper"),
                run(slots, null, "primes", "100000"),
                run(slots, null, "primes", "1000"),
                run(slots, null, "fail")));
        results.forEach(System.out::println);
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(RunCommands::main);
    }
}
