package dev.weft.agent;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

/**
 * The launcher session listener (registered in META-INF/services of this module) installed the agent
 * before JUnit loaded this class, so the {@code @Async} method in the test class itself is woven.
 */
class LauncherAutoInstallTest {
    @Async
    Task<String> greet(String name) {
        await(sleep(5));
        return Task.of("hello " + name);
    }

    @Test
    void asyncMethodsInTheTestClassAreWoven() {
        assertTrue(WeftAgent.isInstalled());
        assertEquals("hello test", Weft.run(() -> greet("test")));
    }
}
