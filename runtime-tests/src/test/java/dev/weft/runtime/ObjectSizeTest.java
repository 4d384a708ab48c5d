package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Task;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shallow sizes of what every task and frame costs, with compressed oops and 12-byte headers
 * (the JVM's defaults below 32 GB of heap; skipped otherwise): a million sleeping tasks are a
 * million of each. A field added to Task, LoopTask or Coroutine shows here first.
 */
class ObjectSizeTest {
    private static Method objectFieldOffset;
    private static Object unsafe;

    @BeforeAll
    static void unsafe() throws ReflectiveOperationException {
        Class<?> c = Class.forName("sun.misc.Unsafe");
        Field f = c.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        unsafe = f.get(null);
        objectFieldOffset = c.getMethod("objectFieldOffset", Field.class);
        // The figures below hold for 12-byte headers and 4-byte references.
        assumeTrue(offset(OneInt.class.getDeclaredField("value")) == 12, "12-byte object headers");
        assumeTrue(shallowSize(OneRef.class) == 16, "compressed references");
    }

    @Test
    void aPlainTaskIs24Bytes() {
        // header 12 + result 4 + waiters 4
        assertEquals(24, shallowSize(Task.promise().getClass()));
        assertEquals(24, shallowSize(Task.of(1).getClass()));
    }

    @Test
    void aLoopTaskIs48Bytes() throws Exception {
        // Task's 20 + loop, name-or-kept-cancel, id, body, cancelRequests, prevLive, nextLive
        assertEquals(48, shallowSize(Class.forName("dev.weft.LoopTask")));
        Class<?> made = Virtual.run(() -> {
            Task<Integer> t = createTask(() -> Task.of(1));
            await(t);
            return Task.of(t.getClass());
        });
        assertEquals(48, shallowSize(made));
    }

    @Test
    void aFrameWithAnIntAndALongIs48Bytes() {
        Class<?> frame = Virtual.run(() -> {
            Task<Integer> t = nest(1, 10);
            Class<?> c = t.getClass();
            await(t);
            return Task.of(c);
        });
        // Task's 20 + Coroutine's label, state (phase and timer slot), home (owner or loop, or both with
        // a kept cancellation), awaited (36), then the woven int (40) and long (48): the sleep it awaits
        // is no object of its own. It was 56 while a kept cancellation had a field of its own.
        assertEquals(48, shallowSize(frame), () -> frame + ": " + fields(frame));
    }

    @Test
    void aFrameWithNothingToKeepIs40Bytes() {
        Class<?> frame = Virtual.run(() -> {
            Task<Void> t = pause();
            Class<?> c = t.getClass();
            await(t);
            return Task.of(c);
        });
        // Task's 20 + Coroutine's label, state, home, awaited (36 -> 40): the owner task knows the loop,
        // so a frame keeps no loop of its own; the timer slot shares the state's int (a frame sleeping as
        // its own timer entry needs its heap index), and a kept cancellation shares home (rare: made
        // then). So one int of the method's own fits too (the gather benchmark's step, below).
        assertEquals(40, shallowSize(frame), () -> frame + ": " + fields(frame));
    }

    @Test
    void aFrameWithOneIntIs40Bytes() {
        Class<?> frame = Virtual.run(() -> {
            Task<Integer> t = keepInt(3);
            Class<?> c = t.getClass();
            await(t);
            return Task.of(c);
        });
        assertEquals(40, shallowSize(frame), () -> frame + ": " + fields(frame));
    }

    @Test
    void aFrameWithTwoReferencesIs48Bytes() {
        // the shape of a connection handler that keeps its reader and writer across a read: 36 + 4 + 4 -> 48
        Class<?> frame = Virtual.run(() -> {
            Task<Integer> t = keepTwo("a", "bc");
            Class<?> c = t.getClass();
            await(t);
            return Task.of(c);
        });
        assertEquals(48, shallowSize(frame), () -> frame + ": " + fields(frame));
    }

    @Async
    private static Task<Integer> keepTwo(String a, String b) {
        await(sleep(0));
        return Task.of(a.length() + b.length());
    }

    @Async
    private static Task<Integer> keepInt(int i) {
        await(sleep(0));
        return Task.of(i);
    }

    @Async
    private static Task<Void> pause() {
        await(sleep(0));
        return Task.done();
    }

    @Async
    private static Task<Integer> nest(int depth, long ms) {
        if (depth == 1) {
            await(sleep(ms));
            return Task.of(1);
        }
        int below = await(nest(depth - 1, ms));
        return Task.of(below + 1);
    }

    /** The object's size: its last field's end, rounded up to the 8-byte alignment. */
    private static long shallowSize(Class<?> c) {
        long end = 12;
        for (Field f : instanceFields(c)) {
            end = Math.max(end, offset(f) + bytes(f.getType()));
        }
        return (end + 7) & ~7L;
    }

    private static List<Field> instanceFields(Class<?> c) {
        List<Field> all = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    all.add(f);
                }
            }
        }
        return all;
    }

    private static String fields(Class<?> c) {
        StringBuilder s = new StringBuilder();
        for (Field f : instanceFields(c)) {
            s.append(f.getName()).append('@').append(offset(f)).append(' ');
        }
        return s.toString();
    }

    private static long offset(Field f) {
        try {
            return (Long) objectFieldOffset.invoke(unsafe, f);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static int bytes(Class<?> t) {
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        if (t == byte.class || t == boolean.class) {
            return 1;
        }
        return 4; // a compressed reference
    }

    private static final class OneInt {
        int value;
    }

    private static final class OneRef {
        Object value;
    }
}
