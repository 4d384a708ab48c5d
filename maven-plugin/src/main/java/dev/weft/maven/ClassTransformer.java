package dev.weft.maven;

import dev.weft.weaver.WeaveResult;

/**
 * Weaves one class file. The Mojos use the real {@link dev.weft.weaver.Weaver} ({@code weaver::weave});
 * tests use fakes. Implementations must be safe to call from the thread running the Mojo;
 * {@link ClassDirectoryWeaver} calls them one class at a time, and never writes a result with errors.
 */
@FunctionalInterface
interface ClassTransformer {

    WeaveResult transform(byte[] classBytes);
}
