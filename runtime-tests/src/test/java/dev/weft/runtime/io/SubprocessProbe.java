package dev.weft.runtime.io;

import dev.weft.io.Subprocess;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** What the subprocess tests look at from outside: the package-private counters of dev.weft.io's pumps. */
final class SubprocessProbe {
    private SubprocessProbe() {
    }

    /** How many pump threads run now, in the whole JVM. */
    static int livePumps() {
        return (Integer) call(null, "dev.weft.io.PumpThreads", "live");
    }

    /** Whether pumps run on virtual threads (JDK 21+). */
    static boolean virtualPumps() {
        return (Boolean) call(null, "dev.weft.io.PumpThreads", "isVirtual");
    }

    /** The bytes stdout's pump holds for the reader now, and the most it ever held. */
    static int[] stdoutHeld(Subprocess child) {
        return (int[]) call(child, Subprocess.class.getName(), "stdoutHeld");
    }

    /** The platform threads whose name says they pump a child's pipe. */
    static List<String> pumpThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("weft-pipe-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Waits (5 s at most) until no pump runs; returns how many still do. */
    static int livePumpsSettled() throws InterruptedException {
        int n = livePumps();
        for (int i = 0; i < 250 && n != 0; i++) {
            Thread.sleep(20);
            n = livePumps();
        }
        return n;
    }

    private static Object call(Object target, String className, String method) {
        try {
            Method m = Class.forName(className).getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no " + method + "() on " + className, e);
        }
    }
}
