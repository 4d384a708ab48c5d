package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.nio.file.Paths;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import org.objectweb.asm.ClassReader;

/** Brings its own, older ASM and Byte Buddy; the agent's copies must not get in their way. */
public class Main {
    @Async
    Task<Void> hello() {
        System.out.println("Hello");
        await(sleep(10));
        System.out.println("World");
        return Task.done();
    }

    public static void main(String[] args) throws Exception {
        System.out.println(jar(ClassReader.class) + " reads " + new ClassReader("app.Main").getClassName());
        Class<?> made = new ByteBuddy(ClassFileVersion.JAVA_V11).subclass(Object.class).name("app.Made").make()
                .load(Main.class.getClassLoader()).getLoaded();
        System.out.println(jar(ByteBuddy.class) + " makes " + made.getName());
        Weft.run(() -> new Main().hello());
    }

    private static String jar(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }
}
