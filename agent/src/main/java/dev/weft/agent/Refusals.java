package dev.weft.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes the agent left unwoven, and why, for the runtime: an {@code await} reached in one of
 * them throws {@code dev.weft.NotWovenError}, whose message gives this reason. The runtime does not
 * depend on the agent and asks {@link #reasonFor} by reflection; nothing else should call it.
 */
public final class Refusals {
    private static final Map<String, String> REASONS = new ConcurrentHashMap<>();

    private Refusals() {
    }

    static void record(String internalName, String reason) {
        REASONS.put(internalName.replace('/', '.'), reason);
    }

    /**
     * Why the agent left the class with this binary name ({@code com.acme.Foo}) unwoven, or null.
     *
     * @param className the class's binary name
     * @return the reason, or null if the agent did not refuse the class
     */
    public static String reasonFor(String className) {
        return REASONS.get(className);
    }
}
