package dev.weft.maven;

import dev.weft.weaver.Diagnostic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticFormatterTest {
    @TempDir
    Path tmp;

    @Test
    void formatsLikeTheCompilerPluginWithTheAbsoluteSourcePath() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/main/java/com/acme"));
        Path foo = Files.writeString(src.resolve("Foo.java"), "");
        DiagnosticFormatter f = new DiagnosticFormatter(new SourceLocator(List.of(tmp.resolve("src/main/java"))));
        Diagnostic p = new Diagnostic(Diagnostic.Kind.ERROR, "com.acme.Foo", "run", "Foo.java", 42,
                "await inside synchronized in com.acme.Foo.run()", "move the await out of the synchronized block");

        String line = f.format(p, tmp.resolve("target/classes/com/acme/Foo.class"));

        assertEquals(foo.toAbsolutePath() + ":[42] await inside synchronized in com.acme.Foo.run(); "
                + "move the await out of the synchronized block", line);
    }

    @Test
    void fallsBackToTheClassFile() {
        DiagnosticFormatter f = new DiagnosticFormatter(new SourceLocator(List.of(tmp.resolve("none"))));
        Path classFile = tmp.resolve("target/classes/com/acme/Foo.class");
        Diagnostic p = new Diagnostic(Diagnostic.Kind.WARNING, "com.acme.Foo", "run", "Foo.java", 7, "task is never awaited", null);
        assertEquals(classFile.toAbsolutePath() + ":[7] task is never awaited", f.format(p, classFile));
    }

    @Test
    void noLineNoHint() {
        Path at = tmp.resolve("Foo.java");
        Diagnostic p = new Diagnostic(Diagnostic.Kind.ERROR, "Foo", null, "Foo.java", -1, "@Async on a constructor", " ");
        assertEquals(at.toAbsolutePath() + " @Async on a constructor", DiagnosticFormatter.formatAt(p, at));
    }
}
