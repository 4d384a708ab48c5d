package app;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;

/** args: the plugin's classes directory, the runtime's location. */
public class Main {
    public static void main(String[] args) throws Exception {
        URL plugin = Paths.get(args[0]).toUri().toURL();
        URL runtime = Paths.get(args[1]).toUri().toURL();
        // A child of the application loader, and an isolated loader with its own copy of the runtime.
        run("child", new URLClassLoader(new URL[] {plugin}, Main.class.getClassLoader()));
        run("isolated", new URLClassLoader(new URL[] {plugin, runtime}, null));
    }

    private static void run(String name, ClassLoader loader) throws Exception {
        Class<?> greeter = loader.loadClass("plug.Greeter");
        System.out.println(greeter.getMethod("run", String.class).invoke(null, name));
        Class<?> frame = Class.forName("plug.Greeter$weft$greet$0", false, loader);
        System.out.println("frame class in the same loader: " + (frame.getClassLoader() == loader));
    }
}
