package dev.weft.agent;

import static dev.weft.agent.FakeRuntimes.EVENT_LOOP;
import static dev.weft.agent.FakeRuntimes.TASK_DUMPS;
import static dev.weft.agent.FakeRuntimes.THROWING_TASK_DUMPS;
import static dev.weft.agent.FakeRuntimes.UNTERMINATED_TASK_DUMPS;
import static dev.weft.agent.FakeRuntimes.WEFT;
import static dev.weft.agent.FakeRuntimes.load;
import static dev.weft.agent.FakeRuntimes.loader;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target side of {@code tasks}: which runtimes are found among the loaded classes, and what is answered. */
class LoadedRuntimesTest {
    @TempDir
    Path dir;

    private URLClassLoader good(String name) {
        return loader(dir, name, Map.of("dev.weft.EventLoop", EVENT_LOOP, "dev.weft.Weft", WEFT,
                "dev.weft.internal.TaskDumps", TASK_DUMPS));
    }

    private static void assertAnswer(int status, String out, String err, Answer answer) {
        assertEquals(List.of(status, out, err), List.of(answer.status, answer.out, answer.err));
    }

    @Test
    void oneRuntimeAnswersItsDumpAsItIs() {
        URLClassLoader app = good("app");
        Answer answer = LoadedRuntimes.tasks(new Class<?>[] {String.class, load(app, "dev.weft.EventLoop"), Object.class});
        assertAnswer(Answer.DONE, "dump of app\n", "", answer);
    }

    @Test
    void weftAloneMarksARuntimeAndBothClassesOfOneLoaderCountOnce() {
        URLClassLoader app = good("app");
        assertAnswer(Answer.DONE, "dump of app\n", "", LoadedRuntimes.tasks(new Class<?>[] {load(app, "dev.weft.Weft")}));
        assertAnswer(Answer.DONE, "dump of app\n", "", LoadedRuntimes.tasks(
                new Class<?>[] {load(app, "dev.weft.Weft"), load(app, "dev.weft.EventLoop")}));
    }

    @Test
    void noRuntimeClassMeansNoRuntime() {
        // a class of another package with the same simple name is no runtime
        URLClassLoader other = loader(dir, "other", Map.of("com.acme.EventLoop", "package com.acme;\npublic class EventLoop { }\n"));
        assertAnswer(Answer.NO_RUNTIME, "", "", LoadedRuntimes.tasks(new Class<?>[] {String.class, load(other, "com.acme.EventLoop")}));
        assertAnswer(Answer.NO_RUNTIME, "", "", LoadedRuntimes.tasks(new Class<?>[0]));
    }

    @Test
    void severalRuntimesAreEachHeadedByTheirLoaderInTheOrderFound() {
        URLClassLoader first = good("first");
        URLClassLoader second = good("second");
        Answer answer = LoadedRuntimes.tasks(new Class<?>[] {load(second, "dev.weft.Weft"), load(first, "dev.weft.EventLoop"),
                load(second, "dev.weft.EventLoop")});
        assertAnswer(Answer.DONE, "Weft runtime of class loader 'second' (java.net.URLClassLoader):\ndump of second\n"
                + "Weft runtime of class loader 'first' (java.net.URLClassLoader):\ndump of first\n", "", answer);
    }

    @Test
    void aRuntimeWithoutTaskDumpsIsNamedAndTheAnswerFailsIfNoneCouldBeRead() {
        URLClassLoader old = loader(dir, "old", Map.of("dev.weft.EventLoop", EVENT_LOOP));
        assertAnswer(Answer.FAILED, "", "cannot read the tasks of the Weft runtime of class loader 'old' (java.net.URLClassLoader):"
                + " it has no dev.weft.internal.TaskDumps (a runtime older than this weft-agent.jar)\n",
                LoadedRuntimes.tasks(new Class<?>[] {load(old, "dev.weft.EventLoop")}));
    }

    @Test
    void whatEveryLoopThrowsIsReportedAndTheOtherRuntimesStillAnswer() {
        URLClassLoader throwing = loader(dir, "throwing", Map.of("dev.weft.EventLoop", EVENT_LOOP,
                "dev.weft.internal.TaskDumps", THROWING_TASK_DUMPS));
        URLClassLoader app = good("app");
        Answer answer = LoadedRuntimes.tasks(new Class<?>[] {load(throwing, "dev.weft.EventLoop"), load(app, "dev.weft.EventLoop")});
        assertAnswer(Answer.DONE, "Weft runtime of class loader 'app' (java.net.URLClassLoader):\ndump of app\n",
                "cannot read the tasks of the Weft runtime of class loader 'throwing' (java.net.URLClassLoader):"
                        + " everyLoop() threw java.lang.IllegalStateException: boom\n", answer);
    }

    @Test
    void aDumpWithoutAFinalNewLineGetsOne() {
        URLClassLoader app = loader(dir, "app", Map.of("dev.weft.EventLoop", EVENT_LOOP,
                "dev.weft.internal.TaskDumps", UNTERMINATED_TASK_DUMPS));
        assertAnswer(Answer.DONE, "no newline\n", "", LoadedRuntimes.tasks(new Class<?>[] {load(app, "dev.weft.EventLoop")}));
    }

    @Test
    void loadersAreDescribedWithoutIdentityHashCodes() {
        assertEquals("bootstrap", LoadedRuntimes.describe(null));
        assertEquals("'app' (jdk.internal.loader.ClassLoaders$AppClassLoader)", LoadedRuntimes.describe(ClassLoader.getSystemClassLoader()));
        assertEquals("(java.net.URLClassLoader)", LoadedRuntimes.describe(new URLClassLoader(new java.net.URL[0])));
    }
}
