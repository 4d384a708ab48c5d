package dev.weft.agent;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.WeavingScope;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;

/**
 * Weaves each class as it is loaded, and defines its frame classes in its class loader first.
 *
 * <p>Classes out of {@link WeavingScope} (the plugin's too) cost a scan of their constant pool and
 * nothing else. Boot and platform classes, the runtime's classes and redefinitions are left alone. Nothing here throws at the JVM: a class that cannot
 * be woven is reported once on stderr and loaded as it was, so its {@code await()} calls throw the
 * runtime's "not woven" error.
 */
final class WeavingTransformer implements ClassFileTransformer {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final LoaderWeavers weavers;
    private final ReentrancyGuard guard = new ReentrancyGuard();
    private final ClassDefiner definer;
    private final Reporter reporter;
    private final ClassDump dump;

    /** @param dump where to write woven classes, or null */
    WeavingTransformer(ClassDefiner definer, Reporter reporter, ClassDump dump) {
        this(definer, reporter, dump, WeaveOptions.defaults());
    }

    /** As {@link #WeavingTransformer(ClassDefiner, Reporter, ClassDump)}, weaving with {@code options}. */
    WeavingTransformer(ClassDefiner definer, Reporter reporter, ClassDump dump, WeaveOptions options) {
        this.weavers = new LoaderWeavers(options);
        this.definer = definer;
        this.reporter = reporter;
        this.dump = dump;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classBytes) {
        // A redefined class cannot gain the methods weaving adds; boot and platform classes cannot see the runtime.
        if (loader == null || loader == PLATFORM || redefined != null || !WeavingScope.mayNeedWeaving(classBytes)
                || !guard.enter()) {
            return null;
        }
        String name = className;
        try {
            if (name == null) {
                // ClassLoader.defineClass(null, ...) is legal ("if not known"), and code generators use it.
                name = nameIn(classBytes);
            }
            return name == null || WeavingScope.isRuntimeClass(name) ? null : weave(loader, name, domain, classBytes);
        } catch (Throwable t) {
            reporter.print("internal error weaving " + String.valueOf(name).replace('/', '.') + ": " + t);
            if (name != null) {
                Refusals.record(name, "internal error weaving it: " + t);
            }
            return null;
        } finally {
            guard.exit();
        }
    }

    /** The internal name a class file gives itself, or null if it is no class file: the JVM will say so. */
    static String nameIn(byte[] classBytes) {
        try {
            return new ClassReader(classBytes).getClassName();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private byte[] weave(ClassLoader loader, String className, ProtectionDomain domain, byte[] classBytes) {
        WeaveResult result = weavers.forLoader(loader).weave(classBytes);
        reporter.diagnostics(result.diagnostics());
        if (!result.isWoven()) {
            if (result.status() == WeaveResult.Status.FAILED) {
                reporter.leftUnwoven(className, "");
                Refusals.record(className, firstError(result.diagnostics()));
            }
            return null;
        }
        dump(className, result);
        try {
            for (Map.Entry<String, byte[]> frame : result.generatedClasses().entrySet()) {
                definer.define(loader, domain, frame.getKey().replace('/', '.'), frame.getValue());
            }
        } catch (Exception | LinkageError e) {
            String why = "cannot define its frame classes in " + loader + ": " + e;
            reporter.leftUnwoven(className, why);
            Refusals.record(className, why);
            return null;
        }
        return result.bytes();
    }

    /** The first error, as printed on stderr, and how many more there are. */
    private static String firstError(List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            return "see the weaver's messages on stderr";
        }
        return errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors on stderr)" : "");
    }

    private void dump(String className, WeaveResult result) {
        if (dump != null) {
            try {
                dump.write(className, result.bytes(), result.generatedClasses());
            } catch (Exception e) {
                reporter.print("cannot dump " + className.replace('/', '.') + ": " + e);
            }
        }
    }

    LoaderWeavers weavers() {
        return weavers;
    }
}
