package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Awaits inside try, catch and finally blocks, nested try, try-with-resources; failures delivered at
 * an await and caught there; exceptions after a resume reaching the caller's task, checked ones as
 * they are.
 */
class ExceptionShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Exceptions", """
                static String LOG;

                @Async static Task<String> tryCatchFinally(boolean fail) {
                    StringBuilder b = new StringBuilder();
                    try {
                        b.append(await(t("a")));
                        if (fail) throw new IllegalStateException("x");
                        b.append(await(t("b")));
                    } catch (IllegalStateException e) {
                        b.append("catch:").append(e.getMessage()).append(await(t("c")));
                    } finally {
                        b.append("|fin").append(await(t("d")));
                    }
                    b.append(await(t("e")));
                    return Task.of(b.toString());
                }

                @Async static Task<String> failedAwaitCaught() {
                    try {
                        String s = await(failing(new IllegalStateException("boom")));
                        return Task.of("no:" + s);
                    } catch (IllegalStateException e) {
                        return Task.of("caught " + e.getMessage());
                    }
                }

                @Async static Task<String> checkedFailureCaught() {
                    try {
                        await(failing(new java.io.IOException("io")));
                        return Task.of("no");
                    } catch (Exception e) {
                        return Task.of(e.getClass().getName() + ":" + e.getMessage() + ":" + await(t(1)));
                    }
                }

                @Async static Task<String> checkedFailureCaughtByType() {
                    try {
                        String s = await(failing(new java.io.IOException("io")), java.io.IOException.class);
                        return Task.of("no:" + s);
                    } catch (java.io.IOException e) {
                        return Task.of("typed " + e.getMessage() + await(t("!")));
                    }
                }

                @Async static Task<String> failureAfterResume() {
                    await(t(1));
                    throw new IllegalArgumentException("after");
                }

                @Async static Task<String> awaitedFailurePropagates() {
                    String s = await(failing(new IllegalStateException("boom")));
                    return Task.of(s);
                }

                @Async static Task<String> awaitedCheckedFailurePropagates() {
                    String s = await(t("a")) + await(failing(new java.io.IOException("io")));
                    return Task.of(s);
                }

                @Async static Task<Integer> ownCheckedAfterResume() throws java.io.IOException {
                    int v = await(t(1));
                    if (v == 1) throw new java.io.IOException("mine");
                    return Task.of(v);
                }

                @Async static Task<String> nestedTry() {
                    StringBuilder b = new StringBuilder();
                    try {
                        try {
                            b.append(await(t("1")));
                            await(failing(new IllegalStateException("inner")));
                            b.append("X");
                        } catch (IllegalArgumentException e) {
                            b.append("wrong");
                        } finally {
                            b.append("f1").append(await(t("2")));
                        }
                    } catch (IllegalStateException e) {
                        b.append("outer:").append(e.getMessage()).append(await(t("3")));
                        try {
                            b.append(await(Exceptions.<String>failing(new RuntimeException("again"))));
                        } catch (RuntimeException r) {
                            b.append(",").append(r.getMessage());
                        }
                    } finally {
                        b.append(";f2");
                    }
                    return Task.of(b.toString());
                }

                @Async static Task<String> awaitInFinallyAfterReturn() {
                    StringBuilder b = new StringBuilder();
                    try {
                        b.append("t");
                        return Task.of(b.append(await(t("r"))).toString());
                    } finally {
                        b.append(await(t("F")));
                        LOG = b.toString();
                    }
                }

                @Async static Task<String> finallyRunsOnFailure() {
                    StringBuilder b = new StringBuilder();
                    LOG = null;
                    try {
                        b.append(await(Exceptions.<String>failing(new IllegalStateException("f"))));
                        return Task.of("no");
                    } finally {
                        b.append("fin").append(await(t("!")));
                        LOG = b.toString();
                    }
                }

                static class Res implements AutoCloseable {
                    final String n; final List<String> log;
                    Res(String n, List<String> log) { this.n = n; this.log = log; log.add("open " + n); }
                    public void close() { log.add("close " + n); }
                }

                @Async static Task<String> tryWithResources(boolean fail) {
                    List<String> log = new ArrayList<>();
                    try (Res a = new Res(await(t("a")), log); Res b = new Res("b", log)) {
                        log.add("body " + await(t(a.n + b.n)));
                        if (fail) throw new IllegalStateException("twr");
                        log.add("end " + await(t(".")));
                    } catch (IllegalStateException e) {
                        log.add("catch " + e.getMessage() + await(t("?")));
                    } finally {
                        log.add("finally " + await(t("!")));
                    }
                    return Task.of(String.join(",", log));
                }

                @Async static Task<Integer> tryInLoop() {
                    int s = 0;
                    for (int i = 0; i < 6; i++) {
                        try {
                            if (i % 2 == 0) s += await(Exceptions.<Integer>failing(new IllegalStateException("e" + i)));
                            else s += await(t(i));
                        } catch (IllegalStateException e) {
                            s += 100;
                        }
                    }
                    return Task.of(s);
                }

                @Async static Task<String> catchAndWrap() {
                    try {
                        await(failing(new IllegalStateException("root")));
                        return Task.of("no");
                    } catch (IllegalStateException e) {
                        throw new RuntimeException("wrapped", e);
                    }
                }

                @Async static Task<String> awaitFailingAsyncMethod() {
                    try {
                        return Task.of(await(failureAfterResume()));
                    } catch (IllegalArgumentException e) {
                        return Task.of("got " + e.getMessage());
                    }
                }
            """);

    @Override
    String className() {
        return "p.Exceptions";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(everyRelease());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInTryCatchAndFinally(Toolchain tc, Mode m) {
        assertEquals("ab|finde", run(tc, m, "tryCatchFinally", false));
        assertEquals("acatch:xc|finde", run(tc, m, "tryCatchFinally", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void failedTaskCaughtAroundTheAwait(Toolchain tc, Mode m) {
        assertEquals("caught boom", run(tc, m, "failedAwaitCaught"));
        assertEquals("java.io.IOException:io:1", run(tc, m, "checkedFailureCaught"));
        assertEquals("typed io!", run(tc, m, "checkedFailureCaughtByType"));
        assertEquals(309, (int) run(tc, m, "tryInLoop"));
        assertEquals("got after", run(tc, m, "awaitFailingAsyncMethod"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void failuresReachTheCallersTask(Toolchain tc, Mode m) {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> run(tc, m, "failureAfterResume"));
        assertEquals("after", a.getMessage());
        IllegalStateException b = assertThrows(IllegalStateException.class, () -> run(tc, m, "awaitedFailurePropagates"));
        assertEquals("boom", b.getMessage());
        RuntimeException c = assertThrows(RuntimeException.class, () -> run(tc, m, "catchAndWrap"));
        assertSame(RuntimeException.class, c.getClass());
        assertEquals("wrapped", c.getMessage());
        assertEquals(IllegalStateException.class, c.getCause().getClass());
        assertEquals("root", c.getCause().getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void checkedExceptionsArriveAsThemselves(Toolchain tc, Mode m) {
        IOException a = assertThrows(IOException.class, () -> run(tc, m, "awaitedCheckedFailurePropagates"));
        assertSame(IOException.class, a.getClass());
        assertEquals("io", a.getMessage());
        IOException b = assertThrows(IOException.class, () -> run(tc, m, "ownCheckedAfterResume"));
        assertSame(IOException.class, b.getClass());
        assertEquals("mine", b.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void nestedTryBlocks(Toolchain tc, Mode m) {
        assertEquals("1f12outer:inner3,again;f2", run(tc, m, "nestedTry"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitsInFinally(Toolchain tc, Mode m) {
        assertEquals("tr", run(tc, m, "awaitInFinallyAfterReturn"));
        assertEquals("trF", woven(tc).getStatic(className(), "LOG"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tc, m, "finallyRunsOnFailure"));
        assertEquals("f", e.getMessage());
        assertEquals("fin!", woven(tc).getStatic(className(), "LOG"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void tryWithResourcesClosesInOrder(Toolchain tc, Mode m) {
        assertEquals("open a,open b,body ab,end .,close b,close a,finally !", run(tc, m, "tryWithResources", false));
        assertEquals("open a,open b,body ab,close b,close a,catch twr?,finally !", run(tc, m, "tryWithResources", true));
    }
}
