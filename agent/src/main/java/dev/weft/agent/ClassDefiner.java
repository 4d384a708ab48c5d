package dev.weft.agent;

import java.security.ProtectionDomain;

/** Defines a class in a given class loader; the agent uses it for frame classes. */
@FunctionalInterface
interface ClassDefiner {
    /**
     * Defines {@code binaryName} in {@code loader}, or does nothing if the loader already has a class
     * of that name (the same frame class from an earlier attempt to define its owner).
     */
    void define(ClassLoader loader, ProtectionDomain domain, String binaryName, byte[] bytes) throws Exception;
}
