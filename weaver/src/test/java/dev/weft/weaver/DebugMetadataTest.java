package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.DebugMetadata;
import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.Sources;
import dev.weft.weaver.harness.WovenProgram;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame class carries the debug table ({@code @DebugMetadata}) of its method: the await's line
 * and the next line of each suspension point, and the locals saved there under their source names
 * with the frame field that holds each, checked against the source.
 */
class DebugMetadataTest extends ShapeTestSupport {
    static final String SOURCE = source("Debugged", """
                @Async Task<Integer> instance(int n, String s) {
                    long big = n * 10L;
                    int a = await(t(n));                                   // AWAIT1
                    String joined = s + a;                                 // NEXT1
                    double d = await(t(2.5));                              // AWAIT2
                    return Task.of(joined.length() + (int) (d + big));     // NEXT2
                }

                @Async static Task<String> twice(String word, int times) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < times; i++) {                      // LOOP
                        sb.append(await(t(word)));                         // AWAIT3
                    }
                    return Task.of(sb.toString());
                }

                static Task<Integer> withLambda(int base) {
                    int[] unused = {1};
                    Supplier<Task<Integer>> f = () -> {
                        int x = await(t(base)) + base;                     // AWAIT4
                        return Task.of(x * 2);                             // NEXT4
                    };
                    return f.get();
                }

                @Async static Task<Integer> last(Task<Integer> t) {
                    return Task.of(await(t));                              // LAST
                }
            """);

    @Override
    String className() {
        return "p.Debugged";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    private static int line(String marker) {
        return Sources.lineOf(SOURCE, marker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void anInstanceMethodsTableNamesItsAwaitsNextLinesAndLiveLocals(Toolchain tc) {
        DebugMetadata t = table(woven(tc), "instance");
        assertEquals(1, t.version());
        assertEquals("Debugged.java", t.sourceFile());
        assertEquals("p.Debugged", t.declaringClass());
        assertEquals("(ILjava/lang/String;)Ldev/weft/Task;", t.descriptor());
        assertArrayEquals(new int[] {line("AWAIT1"), line("AWAIT2")}, t.awaitLines());
        assertArrayEquals(new int[] {line("NEXT1"), line("NEXT2")}, t.nextLines());
        // n is not read after the first await, a not after the second: not saved, so not listed
        assertEquals(List.of(
                "1 this Lp/Debugged; self", "1 s Ljava/lang/String; a0", "1 big J j0",
                "2 this Lp/Debugged; self", "2 big J j0", "2 joined Ljava/lang/String; a0"), locals(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void aStaticMethodsTableHasNoThisAndItsNextLineIsTheLoops(Toolchain tc) {
        DebugMetadata t = table(woven(tc), "twice");
        assertEquals("(Ljava/lang/String;I)Ldev/weft/Task;", t.descriptor());
        assertArrayEquals(new int[] {line("AWAIT3")}, t.awaitLines());
        // after the append, the loop's increment: a debugger stepping over the await stops on the for
        assertArrayEquals(new int[] {line("LOOP")}, t.nextLines());
        assertEquals(List.of("1 word Ljava/lang/String; a0", "1 times I i0", "1 sb Ljava/lang/StringBuilder; a1",
                "1 i I i1"), locals(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void aLambdasTableNamesTheLambdaMethodAndItsCapturedValues(Toolchain tc) {
        // javac names it lambda$withLambda$N, ecj lambda$N, and N depends on the compiler's version
        DebugMetadata t = tableAwaitingAt(woven(tc), line("AWAIT4"));
        String prefix = tc.compiler() == SourceCompiler.JAVAC ? "lambda$withLambda$" : "lambda$";
        assertTrue(t.method().matches(Pattern.quote(prefix) + "\\d+"), t.method());
        assertEquals("p.Debugged", t.declaringClass());
        assertEquals("(I)Ldev/weft/Task;", t.descriptor());
        assertArrayEquals(new int[] {line("AWAIT4")}, t.awaitLines());
        assertArrayEquals(new int[] {line("NEXT4")}, t.nextLines());
        // ecj writes no LocalVariableTable entry for a lambda's captured values: no name, so not listed
        assertEquals(tc.compiler() == SourceCompiler.JAVAC ? List.of("1 base I i0") : List.of(), locals(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void anAwaitOnTheLastLineHasNoNextLine(Toolchain tc) {
        DebugMetadata t = table(woven(tc), "last");
        assertArrayEquals(new int[] {line("LAST")}, t.awaitLines());
        assertArrayEquals(new int[] {0}, t.nextLines());
        assertEquals(List.of(), locals(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void keepingLocalsListsEveryLocalInScopeAtEachAwait(Toolchain tc) {
        WovenProgram w = keptLocals(tc);
        // n is kept at both awaits, a at the second, though neither is read after them
        assertEquals(List.of(
                "1 this Lp/Debugged; self", "1 n I i0", "1 s Ljava/lang/String; a0", "1 big J j0",
                "2 this Lp/Debugged; self", "2 n I i0", "2 s Ljava/lang/String; a0", "2 big J j0", "2 a I i1",
                "2 joined Ljava/lang/String; a1"), locals(table(w, "instance")));
        assertEquals(locals(table(woven(tc), "twice")), locals(table(w, "twice")), "all live already");
        assertArrayEquals(table(woven(tc), "instance").nextLines(), table(w, "instance").nextLines());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.weft.weaver.ShapeTestSupport#javacAndEcj")
    void codeWovenKeepingLocalsGivesTheSameResults(Toolchain tc) {
        for (boolean later : new boolean[] {false, true}) {
            for (WovenProgram w : List.of(woven(tc), keptLocals(tc))) {
                w.setStatic(className(), "LATER", later);
                Object debugged = w.newInstance(className());
                assertEquals(35, (int) w.<Integer>runOn(debugged, "instance", 3, "ab"));
                assertEquals("gogogo", w.run(className(), "twice", "go", 3));
                assertEquals(12, (int) w.<Integer>run(className(), "withLambda", 3));
            }
        }
    }

    private WovenProgram keptLocals(Toolchain tc) {
        return WovenProgram.builder().compiler(tc.compiler()).release(tc.release()).keepLocals(true)
                .source(className(), sourceText()).buildCached();
    }

    @Test
    void javapShowsTheTable(@TempDir Path dir) throws IOException {
        WovenProgram w = woven(JAVAC_17);
        String frame = w.generatedClasses().stream().filter(n -> n.contains("$weft$twice$")).findFirst().orElseThrow();
        Path file = dir.resolve("Frame.class");
        Files.write(file, w.bytes(frame.replace('/', '.')));
        StringWriter out = new StringWriter();
        int exit = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), "-v", file.toString());
        assertEquals(0, exit, out.toString());
        String text = out.toString();
        assertTrue(text.contains("RuntimeVisibleAnnotations:"), text);
        assertTrue(text.contains("dev.weft.internal.DebugMetadata("), text);
        assertTrue(text.contains("awaitLines=[" + line("AWAIT3") + "]"), text);
        assertTrue(text.contains("localNames=[\"word\",\"times\",\"sb\",\"i\"]"), text);
    }

    /** The table of the frame class whose method awaits on {@code line}. */
    static DebugMetadata tableAwaitingAt(WovenProgram w, int line) {
        List<DebugMetadata> found = new ArrayList<>();
        for (String name : w.generatedClasses()) {
            DebugMetadata t = w.load(name.replace('/', '.')).getAnnotation(DebugMetadata.class);
            if (IntStream.of(t.awaitLines()).anyMatch(l -> l == line)) {
                found.add(t);
            }
        }
        assertEquals(1, found.size(), "frame classes awaiting on line " + line);
        return found.get(0);
    }

    /** The table of the frame class of {@code method}. */
    static DebugMetadata table(WovenProgram w, String method) {
        List<DebugMetadata> found = new ArrayList<>();
        for (String name : w.generatedClasses()) {
            DebugMetadata t = w.load(name.replace('/', '.')).getAnnotation(DebugMetadata.class);
            assertNotNull(t, "no @DebugMetadata on " + name);
            if (t.method().equals(method)) {
                found.add(t);
            }
        }
        assertEquals(1, found.size(), "frame classes of " + method);
        return found.get(0);
    }

    /** The local entries as {@code "label name descriptor field"}, in table order. */
    static List<String> locals(DebugMetadata t) {
        int n = t.localPoints().length;
        assertEquals(n, t.localNames().length);
        assertEquals(n, t.localDescriptors().length);
        assertEquals(n, t.localFields().length);
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(t.localPoints()[j] + " " + t.localNames()[j] + " " + t.localDescriptors()[j] + " " + t.localFields()[j]);
        }
        return out;
    }
}
