package dev.weft.weaver;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Results as the weaver would give them, for the plugin's fake weaver (the constructor is the weaver's own). */
public final class WeaveResults {
    private WeaveResults() {
    }

    public static WeaveResult unchanged(byte[] bytes, List<Diagnostic> diagnostics) {
        return new WeaveResult(WeaveResult.Status.UNCHANGED, bytes, new TreeMap<>(), diagnostics);
    }

    public static WeaveResult woven(byte[] bytes, Map<String, byte[]> generated, List<Diagnostic> diagnostics) {
        return new WeaveResult(WeaveResult.Status.WOVEN, bytes, new TreeMap<>(generated), diagnostics);
    }

    public static WeaveResult failed(byte[] input, List<Diagnostic> diagnostics) {
        return new WeaveResult(WeaveResult.Status.FAILED, input, new TreeMap<>(), diagnostics);
    }
}
