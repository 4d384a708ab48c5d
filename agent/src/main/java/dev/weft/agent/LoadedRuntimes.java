package dev.weft.agent;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * In the target JVM: finds every Weft runtime among the loaded classes (one per class loader that
 * loaded {@code dev.weft.EventLoop} or {@code dev.weft.Weft}) and reads the dump of its running
 * loops from {@code dev.weft.internal.TaskDumps.everyLoop()}, by reflection through that loader:
 * the agent jar does not carry the runtime, and the application's runtime may be in any loader.
 */
final class LoadedRuntimes {
    static final String TASK_DUMPS = "dev.weft.internal.TaskDumps";

    private LoadedRuntimes() {
    }

    /** The answer to {@code tasks}: the dumps of every runtime among {@code loaded}, in the order found. */
    static Answer tasks(Class<?>[] loaded) {
        List<ClassLoader> loaders = runtimeLoaders(loaded);
        if (loaders.isEmpty()) {
            return new Answer(Answer.NO_RUNTIME, "", "");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int read = 0;
        for (ClassLoader loader : loaders) {
            String dump;
            try {
                dump = everyLoop(loader);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                err.append("cannot read the tasks of the Weft runtime of class loader ").append(describe(loader))
                        .append(": ").append(why(e)).append('\n');
                continue;
            }
            if (loaders.size() > 1) {
                out.append("Weft runtime of class loader ").append(describe(loader)).append(":\n");
            }
            out.append(dump);
            if (!dump.isEmpty() && !dump.endsWith("\n")) {
                out.append('\n');
            }
            read++;
        }
        return new Answer(read > 0 ? Answer.DONE : Answer.FAILED, out.toString(), err.toString());
    }

    /** The distinct loaders (null for the boot loader) of the runtime's marker classes, by identity. */
    static List<ClassLoader> runtimeLoaders(Class<?>[] loaded) {
        List<ClassLoader> loaders = new ArrayList<>();
        for (Class<?> c : loaded) {
            String name = c.getName();
            if ((name.equals("dev.weft.EventLoop") || name.equals("dev.weft.Weft")) && !containsSame(loaders, c.getClassLoader())) {
                loaders.add(c.getClassLoader());
            }
        }
        return loaders;
    }

    private static boolean containsSame(List<ClassLoader> loaders, ClassLoader loader) {
        for (ClassLoader l : loaders) {
            if (l == loader) {
                return true;
            }
        }
        return false;
    }

    private static String everyLoop(ClassLoader loader) throws ReflectiveOperationException {
        Object dump = Class.forName(TASK_DUMPS, true, loader).getMethod("everyLoop").invoke(null);
        return String.valueOf(dump);
    }

    private static String why(Throwable e) {
        if (e instanceof ClassNotFoundException) {
            return "it has no " + TASK_DUMPS + " (a runtime older than this weft-agent.jar)";
        }
        if (e instanceof NoSuchMethodException) {
            return TASK_DUMPS + " has no everyLoop() (a runtime of another version than this weft-agent.jar)";
        }
        if (e instanceof InvocationTargetException && e.getCause() != null) {
            return "everyLoop() threw " + e.getCause();
        }
        return e.toString();
    }

    /** The loader's name and class, without identity hash codes, so that output is reproducible. */
    static String describe(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        String name = loader.getName();
        return (name == null ? "" : "'" + name + "' ") + "(" + loader.getClass().getName() + ")";
    }
}
