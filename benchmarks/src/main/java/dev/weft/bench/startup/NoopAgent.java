package dev.weft.bench.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The "no-op agent" contender: registers a transformer that changes nothing, so that the JVM's own
 * price for running any agent and calling a transformer on each class shows apart from Weft's.
 * {@link StartupClassPath} copies it into a jar of its own with a Premain-Class manifest.
 */
public final class NoopAgent {
    private NoopAgent() {}

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new Nothing());
    }

    static final class Nothing implements ClassFileTransformer {
    }
}
