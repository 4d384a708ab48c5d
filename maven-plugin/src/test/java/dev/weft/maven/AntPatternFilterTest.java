package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AntPatternFilterTest {

    @Test
    void defaultIncludesEveryClassFile() {
        AntPatternFilter f = AntPatternFilter.all();
        assertTrue(f.matches("Foo.class"));
        assertTrue(f.matches("com/acme/Foo$1.class"));
    }

    @Test
    void doubleStarMatchesZeroOrMoreDirectories() {
        AntPatternFilter f = new AntPatternFilter(List.of("com/acme/**/*.class"), null);
        assertTrue(f.matches("com/acme/Foo.class"));
        assertTrue(f.matches("com/acme/a/b/Foo.class"));
        assertFalse(f.matches("com/acmex/Foo.class"));
        assertFalse(f.matches("org/acme/Foo.class"));
    }

    @Test
    void singleStarAndQuestionMarkStayInOneSegment() {
        AntPatternFilter f = new AntPatternFilter(List.of("com/*/Foo?.class"), null);
        assertTrue(f.matches("com/acme/Foo1.class"));
        assertFalse(f.matches("com/acme/sub/Foo1.class"));
        assertFalse(f.matches("com/acme/Foo12.class"));
    }

    @Test
    void excludesWin() {
        AntPatternFilter f = new AntPatternFilter(List.of("**/*.class"), List.of("**/generated/**", "**/*Test.class"));
        assertTrue(f.matches("com/acme/Foo.class"));
        assertFalse(f.matches("com/acme/generated/Foo.class"));
        assertFalse(f.matches("com/acme/FooTest.class"));
    }

    @Test
    void trailingSlashMeansEverythingBelow() {
        AntPatternFilter f = new AntPatternFilter(List.of("com/acme/"), null);
        assertTrue(f.matches("com/acme/x/Y.class"));
        assertFalse(f.matches("com/other/Y.class"));
    }

    @Test
    void dotsAndDollarsAreLiteral() {
        AntPatternFilter f = new AntPatternFilter(List.of("**/Foo$Inner.class"), null);
        assertTrue(f.matches("a/Foo$Inner.class"));
        assertFalse(f.matches("a/Foo$InnerXclass"));
    }

    @Test
    void blankPatternsAreIgnored() {
        AntPatternFilter f = new AntPatternFilter(List.of(" "), List.of(""));
        assertTrue(f.matches("a/B.class"));
    }
}
