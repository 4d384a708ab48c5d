package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.WovenProgram;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Review of keepLocals: shapes where a local in scope at an await is dead, of another kind than
 * declared, unassigned on some path, in a catch or finally, wide, or in a lambda; woven keeping
 * locals, each must verify and give the plain result, suspending or not.
 */
class ReviewKeepLocalsTest extends ShapeTestSupport {
    static final String SOURCE = source("Kept", """
                @Async static Task<String> inCatch(int k) {
                    try {
                        if (k > 0) throw new IllegalStateException("x" + k);
                        return Task.of("none");
                    } catch (IllegalStateException e) {
                        int got = await(t(k));
                        return Task.of(got + ":");
                    }
                }

                @Async static Task<Integer> inFinally(int k) {
                    int r = 0;
                    try {
                        long wide = k * 3L;
                        r = (int) wide;
                        if (k == 2) throw new IllegalArgumentException();
                    } catch (IllegalArgumentException e) {
                        r = -1;
                    } finally {
                        double d = 0.5;
                        r += await(t(1));
                    }
                    return Task.of(r);
                }

                @Async static Task<String> slotReuse(boolean c) {
                    {
                        int a = 41;
                        Object o = "dead";
                    }
                    String b;
                    if (c) b = "yes"; else b = "no";
                    String after = await(t(b));
                    return Task.of(after);
                }

                @Async static Task<Integer> switchScope(int k) {
                    int r;
                    switch (k) {
                        case 1:
                            int x = 5;
                            r = await(t(x));
                            break;
                        case 2:
                            x = 7;
                            r = await(t(x)) + 1;
                            break;
                        default:
                            r = await(t(0));
                    }
                    return Task.of(r);
                }

                @Async static Task<Integer> anonymousAndVar(int k) {
                    var anon = new Object() { int f = 3; };
                    var mixed = k > 0 ? List.of(1) : Set.of(2);
                    long big = Long.MAX_VALUE;
                    double d = Double.NaN;
                    int v = await(t(k));
                    return Task.of(v + 1);
                }

                @Async static Task<Integer> loopScopes(int n) {
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        int before = i;
                        int v = await(t(i));
                        String after = "x" + v;
                        sum += v;
                    }
                    for (String s : List.of("a", "bb")) {
                        Object unused = s;
                        sum += await(t(s.length()));
                    }
                    return Task.of(sum);
                }

                @Async static Task<String> patterns(Object o) {
                    if (o instanceof String str && !str.isEmpty()) {
                        int len = str.length();
                        String up = await(t(str.toUpperCase()));
                        return Task.of(up);
                    }
                    return Task.of("-");
                }

                @Async static Task<Integer> tryWithResources(int k) throws Exception {
                    int r = 0;
                    try (java.io.StringReader in = new java.io.StringReader("abc")) {
                        int c = in.read();
                        r = await(t(c)) + k;
                    }
                    return Task.of(r);
                }

                static Task<Integer> lambdas(int base) {
                    long wide = base;
                    Function<Integer, Task<Integer>> f = x -> {
                        double dead = x * 1.5;
                        int y = await(t(x + base));
                        return Task.of(y);
                    };
                    return f.apply(2);
                }
            """);

    @Override
    String className() {
        return "p.Kept";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(java17());
    }

    private WovenProgram kept(Toolchain tc) {
        return WovenProgram.builder().compiler(tc.compiler()).release(tc.release()).keepLocals(true)
                .source(className(), sourceText()).buildCached();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void keptLocalsKeepTheMeaning(Toolchain tc, Mode m) {
        WovenProgram w = kept(tc);
        w.setStatic(className(), "LATER", m == Mode.LATER);
        assertEquals("3:", w.run(className(), "inCatch", 3));
        assertEquals("none", w.run(className(), "inCatch", 0));
        assertEquals(4, (int) w.<Integer>run(className(), "inFinally", 1));
        assertEquals(0, (int) w.<Integer>run(className(), "inFinally", 2));
        assertEquals("yes", w.run(className(), "slotReuse", true));
        assertEquals("no", w.run(className(), "slotReuse", false));
        assertEquals(5, (int) w.<Integer>run(className(), "switchScope", 1));
        assertEquals(8, (int) w.<Integer>run(className(), "switchScope", 2));
        assertEquals(0, (int) w.<Integer>run(className(), "switchScope", 3));
        assertEquals(3, (int) w.<Integer>run(className(), "anonymousAndVar", 2));
        assertEquals(6, (int) w.<Integer>run(className(), "loopScopes", 3));
        assertEquals("AB", w.run(className(), "patterns", "ab"));
        assertEquals("-", w.run(className(), "patterns", 1));
        assertEquals(98, (int) w.<Integer>run(className(), "tryWithResources", 1));
        assertEquals(5, (int) w.<Integer>run(className(), "lambdas", 3));
    }
}
