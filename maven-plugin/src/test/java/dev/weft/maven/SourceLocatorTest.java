package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {
    @TempDir
    Path tmp;

    private Path source(String rel) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "class X {}");
        return p;
    }

    @Test
    void findsThePackageDirectoryInTheFirstRootThatHasIt() throws IOException {
        Path generated = source("target/generated-sources/annotations/com/acme/Other.java");
        Path foo = source("src/main/java/com/acme/Foo.java");
        SourceLocator l = new SourceLocator(List.of(tmp.resolve("src/main/java"),
                tmp.resolve("target/generated-sources/annotations")));
        assertEquals(Optional.of(foo), l.locate("com.acme.Foo", "Foo.java"));
        assertEquals(Optional.of(foo), l.locate("com.acme.Foo$Inner$1", "Foo.java"));
        assertEquals(Optional.of(generated), l.locate("com.acme.Other", "Other.java"));
    }

    @Test
    void guessesTheSourceFileWhenTheClassFileDoesNotNameIt() throws IOException {
        Path foo = source("src/com/acme/Foo.java");
        SourceLocator l = new SourceLocator(List.of(tmp.resolve("src")));
        assertEquals(Optional.of(foo), l.locate("com.acme.Foo$Inner", null));
        assertEquals("Foo.java", SourceLocator.guessSourceFile("Foo"));
    }

    @Test
    void defaultPackage() throws IOException {
        Path main = source("src/Main.java");
        assertEquals(Optional.of(main), new SourceLocator(List.of(tmp.resolve("src"))).locate("Main", "Main.java"));
    }

    @Test
    void fallsBackToAUniqueFileOfThatNameAnywhereUnderTheRoots() throws IOException {
        Path misplaced = source("src/wrong/dir/Foo.java");
        SourceLocator l = new SourceLocator(List.of(tmp.resolve("src"), tmp.resolve("missing-root")));
        assertEquals(Optional.of(misplaced), l.locate("com.acme.Foo", "Foo.java"));
    }

    @Test
    void emptyWhenNotFoundOrAmbiguous() throws IOException {
        source("src/a/Dup.java");
        source("src/b/Dup.java");
        SourceLocator l = new SourceLocator(List.of(tmp.resolve("src")));
        assertEquals(Optional.empty(), l.locate("com.acme.Dup", "Dup.java"));
        assertEquals(Optional.empty(), l.locate("com.acme.Nope", "Nope.java"));
        assertEquals(Optional.empty(), l.locate("com.acme.Evil", "../../etc/passwd"));
    }
}
