package it.shapes;

import static dev.weft.Weft.await;
import static it.shapes.Main.value;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * Item 7: javac spills the stack, an uninitialized Holder with it, before a switch with a try;
 * ecj writes new without dup for a new used as a statement.
 */
final class Spill {
    private Spill() {
    }

    static String log = "";

    static final class Holder {
        final int v;

        Holder(int v) {
            this.v = v;
        }
    }

    static final class Registration {
        Registration(String a, Object b) {
            log += a + "=" + b + ";";
        }
    }

    @Async
    static Task<String> spill(int k) {
        Holder h = new Holder(switch (k) {
            case 0 -> {
                try {
                    yield await(value(5));
                } catch (RuntimeException e) {
                    yield -1;
                }
            }
            default -> 0;
        });
        return Task.of(Integer.toString(h.v));
    }

    @Async
    static Task<String> newAsStatement() {
        log = "";
        new Registration("a", await(value("b")));
        return Task.of(log);
    }
}
