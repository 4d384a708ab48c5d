package app;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;

/** args: the classes directory of gen.Job, which is not on the class path. */
public class Main {
    /** Defines classes without naming them, as runtime code generators may. */
    static final class NamelessLoader extends ClassLoader {
        NamelessLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(byte[] bytes) {
            return defineClass(null, bytes, 0, bytes.length);
        }
    }

    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Paths.get(args[0], "gen", "Job.class"));
        NamelessLoader loader = new NamelessLoader(Main.class.getClassLoader());
        Class<?> job = loader.define(bytes);
        System.out.println("defined " + job.getName());
        Method run = job.getMethod("run");
        System.out.println(Weft.run(() -> call(run)));
        Class<?> frame = Class.forName("gen.Job$weft$run$0", false, loader);
        System.out.println("frame class in the same loader: " + (frame.getClassLoader() == loader));
    }

    @SuppressWarnings("unchecked")
    private static Task<String> call(Method run) {
        try {
            return (Task<String>) run.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
