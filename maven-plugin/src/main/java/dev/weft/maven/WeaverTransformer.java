package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.util.List;
import java.util.stream.Collectors;

/** {@link ClassTransformer} backed by the real weaver. */
final class WeaverTransformer implements ClassTransformer {
    private final Weaver weaver;

    WeaverTransformer(Weaver weaver) {
        this.weaver = weaver;
    }

    @Override
    public Result transform(byte[] classBytes) {
        WeaveResult r = weaver.weave(classBytes);
        List<Diagnostic> problems = r.diagnostics().stream().collect(Collectors.toList());
        if (r.hasErrors()) {
            // A class with errors is never written, whatever the status says.
            return Result.failed(classBytes, problems);
        }
        switch (r.status()) {
            case WOVEN:
                return Result.woven(r.bytes(), r.generatedClasses(), problems);
            case FAILED:
                return Result.failed(classBytes, problems);
            default:
                return Result.unchanged(classBytes, problems);
        }
    }
}
