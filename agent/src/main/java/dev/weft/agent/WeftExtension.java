package dev.weft.agent;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that installs the {@linkplain WeftAgent agent}, so that async tests run from
 * the IDE or a build without the Maven plugin.
 *
 * <pre>{@code
 * @ExtendWith(WeftExtension.class)
 * class FetcherTest {
 *     @Test void fetches() {
 *         assertEquals("users data", Weft.run(() -> new Fetcher().fetchData("users", 10)));
 *     }
 * }
 * }</pre>
 *
 * <p>The extension runs after JUnit has loaded the test class, so {@code @Async} methods must live in
 * other classes (like {@code Fetcher} above), loaded when the tests run. There is usually no need for
 * it: with {@code weft-agent} on the test class path, JUnit's launcher installs the agent when a test
 * run starts, before any test class is loaded ({@code -Dweft.agent.autoInstall=false} turns that off),
 * and then {@code @Async} methods in test classes are woven too. On JDK 21 and later, run the tests
 * with {@code -XX:+EnableDynamicAgentLoading} to avoid the JVM's warning about a dynamically loaded agent.
 */
public final class WeftExtension implements BeforeAllCallback {
    /** JUnit creates the extension, for {@code @ExtendWith(WeftExtension.class)}. */
    public WeftExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        WeftAgent.install();
    }
}
