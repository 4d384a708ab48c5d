package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoaderDefinerTest {
    @Test
    void definesInTheGivenLoaderOnce(@TempDir Path dir) throws Exception {
        Javac.compile(Map.of("q.Frame", "package q; public class Frame {}"), dir, List.of());
        byte[] bytes = Javac.read(dir, "q/Frame");
        ClassLoader loader = new URLClassLoader(new URL[0], null);  // cannot find q.Frame by itself
        ClassDefiner definer = ClassLoaderDefiner.open(ByteBuddyAgent.install());

        definer.define(loader, null, "q.Frame", bytes);
        definer.define(loader, null, "q.Frame", bytes);  // already there: no LinkageError

        Class<?> frame = Class.forName("q.Frame", false, loader);
        assertSame(loader, frame.getClassLoader());
        assertEquals("q", frame.getPackageName());
    }

    @Test
    void lazyDefinerOpensAtTheFirstDefine(@TempDir Path dir) throws Exception {
        Javac.compile(Map.of("q.Lazy", "package q; public class Lazy {}"), dir, List.of());
        byte[] bytes = Javac.read(dir, "q/Lazy");
        ClassLoader loader = new URLClassLoader(new URL[0], null);
        ClassDefiner definer = new LazyDefiner(ByteBuddyAgent.install());

        definer.define(loader, null, "q.Lazy", bytes);
        definer.define(loader, null, "q.Lazy", bytes);

        assertSame(loader, Class.forName("q.Lazy", false, loader).getClassLoader());
    }
}
