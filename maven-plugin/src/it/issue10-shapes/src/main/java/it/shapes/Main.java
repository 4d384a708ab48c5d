package it.shapes;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.ObjectStreamClass;
import java.util.function.Supplier;

/**
 * The shapes of issue 10 that once failed after weaving, each run with the awaited task done and
 * pending, one line per case; a case whose class was not woven right prints what it threw. The
 * Maven plugin's IT issue10-shapes and the agent's Issue10ShapesAppIT check the same output,
 * expected-output.txt.
 */
public class Main {
    /** Whether {@link #value} completes on a later loop turn or is done already. */
    static boolean pending;

    static <T> Task<T> value(T v) {
        return pending ? Weft.createTask(() -> later(v)) : Task.of(v);
    }

    @Async
    static <T> Task<T> later(T v) {
        await(Weft.sleep(1));
        return Task.of(v);
    }

    /** Prints the case's result, or what it threw: a class that fails to load or weave fails alone. */
    @Async
    static Task<Void> print(String name, Supplier<Task<String>> body) {
        String result;
        try {
            result = await(body.get());
        } catch (Throwable e) {
            // the first line: a VerifyError's message goes on with the bytecode
            result = e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        System.out.println((pending ? "pending " : "done ") + name + ": " + result);
        return Task.done();
    }

    @Async
    static Task<Void> all() {
        await(print("appendable", () -> Casts.appendable(true)));
        await(print("appendable", () -> Casts.appendable(false)));
        await(print("shape", () -> Casts.shape(true)));
        await(print("shape", () -> Casts.shape(false)));
        await(print("package-private return", Casts::packagePrivateReturn));
        await(print("arrays in local", () -> ArraysOfDimensions.arraysInLocal(true)));
        await(print("arrays in local", () -> ArraysOfDimensions.arraysInLocal(false)));
        await(print("arrays on stack", () -> ArraysOfDimensions.arraysOnStack(true)));
        await(print("arrays on stack", () -> ArraysOfDimensions.arraysOnStack(false)));
        await(print("spill", () -> Spill.spill(0)));
        await(print("spill", () -> Spill.spill(1)));
        await(print("new as statement", Spill::newAsStatement));
        await(print("serializable", () -> new Ticket("t1").describe()));
        await(print("254 slots", () -> Wide.sumOfOneTo127()));
        await(print("stages", Stages::stages));
        return Task.done();
    }

    public static void main(String[] args) {
        // item 9: the default serialVersionUID is the unwoven class's
        System.out.println("Ticket serialVersionUID: " + ObjectStreamClass.lookup(Ticket.class).getSerialVersionUID());
        for (boolean p : new boolean[] {false, true}) {
            pending = p;
            Weft.run(Main::all);
        }
    }
}
