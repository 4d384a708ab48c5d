package dev.weft.agent;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Opens the {@link ClassLoaderDefiner} at the first frame class to define rather than in premain:
 * opening it (a module redefinition and two private method handle look-ups) costs a cold JVM some
 * 15 to 20 ms, which an application with no class to weave, or none yet, need not pay at start-up.
 * If it cannot be opened, every define fails with the reason, and the transformer reports the class
 * as left unwoven.
 */
final class LazyDefiner implements ClassDefiner {
    private final Instrumentation inst;
    private volatile ClassDefiner opened;
    private Exception failure;

    LazyDefiner(Instrumentation inst) {
        this.inst = inst;
    }

    @Override
    public void define(ClassLoader loader, ProtectionDomain domain, String binaryName, byte[] bytes) throws Exception {
        ClassDefiner d = opened;
        if (d == null) {
            d = open();
        }
        d.define(loader, domain, binaryName, bytes);
    }

    private synchronized ClassDefiner open() throws Exception {
        if (opened == null) {
            if (failure != null) {
                throw failure;
            }
            try {
                opened = ClassLoaderDefiner.open(inst);
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = new IllegalStateException("the agent cannot define classes: " + e, e);
                throw failure;
            }
        }
        return opened;
    }
}
