package dev.weft.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names contenders from benchmark method (or probe) keys: the key starts with the contender's
 * prefix and may go on with a variant, {@code kotlinChannel} being Kotlin's channel variant.
 */
final class Contenders {
    private static final Map<String, String> PREFIXES = new LinkedHashMap<>();

    static {
        PREFIXES.put("weft", "Weft");
        PREFIXES.put("callbacks", "hand-written callbacks");
        PREFIXES.put("eaAsync", "EA Async");
        PREFIXES.put("virtualThreads", "virtual threads");
        PREFIXES.put("platformThreads", "platform threads");
        PREFIXES.put("kotlin", "Kotlin coroutines");
        PREFIXES.put("cf", "CompletableFuture");
        PREFIXES.put("noAgent", "no agent");
        PREFIXES.put("noopAgent", "a no-op agent");
        PREFIXES.put("netty", "Netty 4.2 (NIO, one event loop)");
        PREFIXES.put("selectorLoop", "hand-written selector loop");
        PREFIXES.put("asyncio", "CPython asyncio");
        PREFIXES.put("keepLocals", "Weft woven with keepLocals");
    }

    private Contenders() {}

    static String prefix(String key) {
        for (String p : PREFIXES.keySet()) {
            if (key.startsWith(p)) {
                return p;
            }
        }
        return key;
    }

    /** The part after the prefix, in lower case words: {@code "channel"}, {@code ""}. */
    static String variant(String key) {
        String rest = key.substring(prefix(key).length());
        return rest.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).trim();
    }

    static String label(String key) {
        String name = PREFIXES.getOrDefault(prefix(key), key);
        String v = variant(key);
        return v.isEmpty() ? name : name + " (" + v + ")";
    }

    static boolean isWeft(String key) {
        return prefix(key).equals("weft");
    }
}
