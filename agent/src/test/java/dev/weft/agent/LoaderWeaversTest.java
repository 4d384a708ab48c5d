package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class LoaderWeaversTest {
    @Test
    void oneWeaverPerLoader() {
        LoaderWeavers weavers = new LoaderWeavers();
        ClassLoader a = new URLClassLoader(new URL[0]);
        ClassLoader b = new URLClassLoader(new URL[0]);
        assertSame(weavers.forLoader(a), weavers.forLoader(a));
        assertNotSame(weavers.forLoader(a), weavers.forLoader(b));
    }

    @Test
    void forgetsACollectedLoader() throws InterruptedException {
        LoaderWeavers weavers = new LoaderWeavers();
        weavers.forLoader(new URLClassLoader(new URL[0])).weave(new byte[0]);
        for (int i = 0; i < 50 && weavers.size() > 0; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(0, weavers.size(), "the weaver must not keep its class loader alive");
    }
}
