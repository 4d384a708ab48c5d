package dev.weft.agent;

import static dev.weft.agent.FakeRuntimes.EVENT_LOOP;
import static dev.weft.agent.FakeRuntimes.TASK_DUMPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's answer travelling to the tool over the loopback channel, against a fake runtime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentCommandTest {
    @TempDir
    Path dir;

    private Class<?>[] fakeRuntime() {
        ClassLoader app = FakeRuntimes.loader(dir, "app", Map.of("dev.weft.EventLoop", EVENT_LOOP,
                "dev.weft.internal.TaskDumps", TASK_DUMPS));
        return new Class<?>[] {FakeRuntimes.load(app, "dev.weft.EventLoop")};
    }

    private static void assertAnswer(int status, String out, String err, Answer answer) {
        assertEquals(List.of(status, out, err), List.of(answer.status, answer.out, answer.err));
    }

    @Test
    void theToolReceivesTheDumpOfTheTargetsRuntime() throws Exception {
        Class<?>[] loaded = fakeRuntime();
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentRequest request = AgentRequest.parse(channel.request("tasks").format());
            assertTrue(InetAddress.getByName(request.host).isLoopbackAddress(), request.host);
            Thread agent = new Thread(() -> AgentCommand.answer(request, () -> loaded));
            agent.start();
            assertAnswer(Answer.DONE, "dump of app\n", "", channel.receive(10_000));
            agent.join();
        }
    }

    @Test
    void aLargeDumpInAnyScriptArrivesWhole() throws Exception {
        // megabytes: more than the socket buffers hold, so the tool reads while the agent still writes
        ClassLoader big = FakeRuntimes.loader(dir, "big", Map.of("dev.weft.EventLoop", EVENT_LOOP,
                "dev.weft.internal.TaskDumps", "package dev.weft.internal;\n"
                        + "public final class TaskDumps {\n"
                        + "    public static String everyLoop() { return \"Task 'caf\u00e9 \u2713 \u4efb\u52a1 \ud83e\uddf5'\\n\".repeat(200_000); }\n"
                        + "}\n"));
        Class<?>[] loaded = {FakeRuntimes.load(big, "dev.weft.EventLoop")};
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentRequest request = channel.request("tasks");
            Thread agent = new Thread(() -> AgentCommand.answer(request, () -> loaded));
            agent.start();
            Answer answer = channel.receive(30_000);
            agent.join();
            assertAnswer(Answer.DONE, "Task 'caf\u00e9 \u2713 \u4efb\u52a1 \ud83e\uddf5'\n".repeat(200_000), "", answer);
        }
    }

    @Test
    void noRuntimeIsAnsweredAsSuch() throws Exception {
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentCommand.answer(channel.request("tasks"), () -> new Class<?>[] {String.class});
            assertAnswer(Answer.NO_RUNTIME, "", "", channel.receive(10_000));
        }
    }

    @Test
    void anUnknownCommandFails() throws Exception {
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentCommand.answer(channel.request("stacks"), () -> new Class<?>[0]);
            assertAnswer(Answer.FAILED, "", "the agent knows no command 'stacks'\n", channel.receive(10_000));
        }
    }

    @Test
    void aConnectionWithoutTheTokenIsIgnored() throws Exception {
        Class<?>[] loaded = fakeRuntime();
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentRequest request = channel.request("tasks");
            // another local process gets there first: one with a wrong token, one that says nothing and leaves
            try (Socket stranger = new Socket(request.host, request.port);
                 Socket mute = new Socket(request.host, request.port)) {
                new Answer(Answer.DONE, "forged\n", "").writeTo(new DataOutputStream(stranger.getOutputStream()),
                        "ffffffffffffffffffffffffffffffff");
                mute.close();
                AgentCommand.answer(request, () -> loaded);
                assertAnswer(Answer.DONE, "dump of app\n", "", channel.receive(10_000));
            }
        }
    }

    @Test
    void aSilentConnectionDoesNotHoldUpTheAnswer() throws Exception {
        Class<?>[] loaded = fakeRuntime();
        try (AnswerChannel channel = AnswerChannel.open()) {
            AgentRequest request = channel.request("tasks");
            try (Socket silent = new Socket(request.host, request.port)) {
                Thread agent = new Thread(() -> AgentCommand.answer(request, () -> loaded));
                agent.start();
                assertAnswer(Answer.DONE, "dump of app\n", "", channel.receive(10_000));
                agent.join();
            }
        }
    }

    @Test
    void noAnswerTimesOut() throws Exception {
        try (AnswerChannel channel = AnswerChannel.open()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> channel.receive(200));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
        }
    }

    @Test
    void aGoneToolLeavesTheTargetUntroubled() throws Exception {
        AgentRequest request;
        try (AnswerChannel channel = AnswerChannel.open()) {
            request = channel.request("tasks");
        }
        AgentCommand.answer(request, () -> new Class<?>[0]);  // connection refused: returns quietly
    }

    @Test
    void aMalformedRequestIsReportedOnTheTargetsStderr() {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            AgentCommand.start("weft-command=tasks", null);
        } finally {
            System.setErr(saved);
        }
        assertEquals("[weft] not a weft-agent request: weft-command=tasks" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
