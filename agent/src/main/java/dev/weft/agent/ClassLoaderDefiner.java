package dev.weft.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Defines classes through {@code ClassLoader.defineClass}, which is protected: the agent opens
 * {@code java.lang} to itself with {@link Instrumentation#redefineModule}, the supported way for an
 * agent, so this works from JDK 11 on without {@code --add-opens} and without {@code sun.misc.Unsafe}
 * (Byte Buddy's {@code ClassInjector.UsingReflection} uses Unsafe, which JDK 24+ warns about).
 */
final class ClassLoaderDefiner implements ClassDefiner {
    private final MethodHandle defineClass;
    private final MethodHandle findLoadedClass;

    private ClassLoaderDefiner(MethodHandle defineClass, MethodHandle findLoadedClass) {
        this.defineClass = defineClass;
        this.findLoadedClass = findLoadedClass;
    }

    static ClassLoaderDefiner open(Instrumentation inst) throws ReflectiveOperationException {
        Module base = ClassLoader.class.getModule();
        Module self = ClassLoaderDefiner.class.getModule();
        if (!base.isOpen("java.lang", self)) {
            inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(self)), Set.of(), Map.of());
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup());
        return new ClassLoaderDefiner(
                lookup.findVirtual(ClassLoader.class, "defineClass", MethodType.methodType(Class.class,
                        String.class, byte[].class, int.class, int.class, ProtectionDomain.class)),
                lookup.findVirtual(ClassLoader.class, "findLoadedClass", MethodType.methodType(Class.class, String.class)));
    }

    @Override
    public void define(ClassLoader loader, ProtectionDomain domain, String binaryName, byte[] bytes) throws Exception {
        try {
            if ((Class<?>) findLoadedClass.invokeExact(loader, binaryName) == null) {
                Class<?> defined = (Class<?>) defineClass.invokeExact(loader, binaryName, bytes, 0, bytes.length, domain);
            }
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
