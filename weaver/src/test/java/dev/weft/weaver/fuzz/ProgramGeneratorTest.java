package dev.weft.weaver.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.harness.SourceCompiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the generator writes, checked without compiling: over the programs CI fuzzes (the 250 seeds
 * from {@code WeaverFuzzTest}'s default), every shape the fuzzer is meant to cover turns up, in
 * several programs. A generator change that loses a shape fails here, not silently.
 */
class ProgramGeneratorTest {
    private static final long CI_SEED = 20_261_124L;
    private static final int CI_COUNT = 250;
    private static final int AT_LEAST = 5;

    /** Shape name to a test that finds it in a program's source. */
    private static final Map<String, Predicate<String>> SHAPES = new LinkedHashMap<>();

    private static void shape(String name, String regex) {
        Pattern p = Pattern.compile(regex);
        SHAPES.put(name, source -> p.matcher(source).find());
    }

    private static final Pattern LOOP = Pattern.compile("^(\\s*)(l\\d+: )?(for|while|do) ?[({]");

    /** A loop header inside the body of another loop (blocks close at the header's indentation). */
    private static boolean nestedLoops(String source) {
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher outer = LOOP.matcher(lines[i]);
            if (!outer.find()) {
                continue;
            }
            String close = outer.group(1) + "}";
            for (int j = i + 1; j < lines.length && !lines[j].startsWith(close); j++) {
                if (LOOP.matcher(lines[j]).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    static {
        SHAPES.put("loop in a loop", ProgramGeneratorTest::nestedLoops);
        shape("if/else", "\\} else \\{");
        shape("switch on an int", "switch \\(Math\\.floorMod\\(");
        shape("switch on a String", "switch \\(\"k\" \\+");
        shape("switch on Strings with equal hash codes", "case \"Aa\"");
        shape("switch on the enum", "switch \\(E\\.values\\(\\)");
        shape("switch expression on the enum", "\\(switch \\(E\\.values\\(\\)");
        shape("switch expression on a String", "\\(switch \\(new String\\[\\]");
        shape("switch expression with yield", "yield ");
        shape("ternary", " \\? ");
        shape("try/catch", "\\} catch \\(");
        shape("try/finally", "\\} finally \\{");
        shape("try-with-resources", "try \\(R res");
        shape("await in a catch handler", "log\\(\"h\" \\+ Weft\\.await\\(t\\(e\\d+\\.getMessage\\(\\)\\)\\)");
        shape("await in a finally block", "\\} finally \\{\\n\\s+log\\(\"fin\"\\);\\n\\s+log\\(\"f\" \\+ \\(\\(int\\) Weft\\.await");
        shape("labelled break or continue", "(break|continue) l\\d+;");
        shape("int overflow", "Integer\\.(MAX|MIN)_VALUE");
        shape("exact arithmetic that throws", "Math\\.(addExact|subtractExact|multiplyExact|toIntExact)\\(");
        shape("long", "long [a-z]\\d+ = ");
        shape("double", "double [a-z]\\d+ = ");
        shape("float statement", "float n\\d+ = ");
        shape("byte statement", "byte n\\d+ = ");
        shape("short statement", "short n\\d+ = ");
        shape("char statement", "char n\\d+ = ");
        shape("byte/short/char increment", "\\bn\\d+(\\+\\+|--);");
        shape("compound assignment narrowed", "\\bn\\d+ (\\+|-|\\*|/|%|\\^|\\||&|<<|>>|>>>)= ");
        shape("increment in an expression", "\\((\\+\\+|--)[a-z]\\d+\\)|\\([a-z]\\d+(\\+\\+|--)\\)");
        shape("float comparison", "\\(\\(float\\)[^;]*(<|>|==|!=) ");
        shape("int array", "int\\[\\] arr\\d+ = ");
        shape("long array", "long\\[\\] a\\d+ = ");
        shape("array of another primitive", "(byte|short|char|float|double|boolean)\\[\\] ta\\d+ = ");
        shape("String array", "String\\[\\] ta\\d+ = ");
        shape("array of int rows", "int\\[\\]\\[\\] ta\\d+ = ");
        shape("string", "new StringBuilder\\(");
        shape("construction with an await in its arguments", "new P\\([^;]*Weft\\.await");
        shape("local class", "class Local\\d+ \\{");
        shape("async lambda", "Supplier<Task<Integer>> s\\d+ = \\(\\) -> \\{");
        shape("plain lambda", "\\(IntBinaryOperator\\) \\(p\\d+, q\\d+\\) ->|\\(ToIntFunction<String>\\) p\\d+ ->");
        shape("method reference", "\\(IntBinaryOperator\\) (Integer|Math)::");
        shape("call into a generated async method", "Weft\\.await\\(m\\d\\(d - 1, ");
        shape("await on a task", "Weft\\.await\\(t\\(");
        shape("await on a CompletionStage", "Weft\\.await\\(cs\\(");
        shape("await in a loop condition", "while \\([a-z]\\d+ < \\d+ && \\(\\(boolean\\) Weft\\.await");
        shape("field compound assignment", "O\\.[fghs] (\\+|-|\\^|\\*)= ");
        shape("call of the async instance method", "Weft\\.await\\((O|new Prog\\(\\))\\.im\\(");
        shape("call of the async instance method on a fresh instance", "Weft\\.await\\(new Prog\\(\\)\\.im\\(");
        shape("boxed locals live across awaits", "Integer bi\\d+ = [^;]*;\\n\\s+Long bl\\d+ = ");
        shape("boxed local that is null", "(Integer bi|Long bl|Boolean bz)\\d+ = null;");
        shape("null reference live across an await", "(String|Object|P) nr\\d+ = null;\\n\\s+log\\(\"bx\" \\+ Weft\\.await");
        shape("anonymous subclass with an async method", "AJ an\\d+ = new AJ\\(c\\d+\\) \\{\\n\\s+@Async Task<Integer> go");
        shape("anonymous generic interface with an async method", "new AG<Integer>\\(\\) \\{\\n[^\\n]*\\n\\s+@Async public Task<Integer> get\\(\\)");
        shape("anonymous Supplier with an async method (a bridge)",
                "new Supplier<Task<Integer>>\\(\\) \\{\\n[^\\n]*\\n\\s+@Async public Task<Integer> get\\(\\)");
        shape("generic async method, explicit type argument", "Prog\\.<(Integer|Long|String|Boolean|Double|Character)>(gen|gmax|gpair)\\(");
        shape("generic async method, inferred type argument", "Weft\\.await\\((gen|gmax)\\(");
        shape("generic async method with a bound", "gmax\\(");
        shape("await in a for update", "for \\(int i\\d+ = 0; i\\d+ < \\d+; [^)]*Weft\\.await\\(");
        shape("throw in a finally block after an await", "int fw\\d+ = Weft\\.await\\([^\\n]*\\n\\s+if \\(\\(fw\\d+ & 1\\) == 0 \\|\\| [^\\n]*throw new Boom\\(\"fin\"");
    }

    @Test
    void everyShapeTurnsUpInSeveralOfTheProgramsCiRuns() {
        Map<String, Integer> found = new LinkedHashMap<>();
        SHAPES.keySet().forEach(s -> found.put(s, 0));
        for (int i = 0; i < CI_COUNT; i++) {
            long seed = CI_SEED + i;
            WeaverFuzzTest.Case c = WeaverFuzzTest.Case.of(seed);
            String source = new ProgramGenerator(seed, c.release, c.compiler == SourceCompiler.JAVAC, "Prog")
                    .generate().render(Set.of());
            SHAPES.forEach((name, p) -> {
                if (p.test(source)) {
                    found.merge(name, 1, Integer::sum);
                }
            });
        }
        List<String> rare = new ArrayList<>();
        found.forEach((name, n) -> {
            if (n < AT_LEAST) {
                rare.add(name + ": " + n);
            }
        });
        assertEquals(List.of(), rare, "shapes in fewer than " + AT_LEAST + " of " + CI_COUNT + " programs; all: " + found);
    }

    @Test
    void ciRunsEveryCompilerAtEveryReleaseAndEveryFailureRate() {
        // Case.of once took its choice from the first draw of a Random seeded with consecutive seeds,
        // whose top bits barely move: all 250 programs were ecj --release 17
        Map<String, Integer> cases = new java.util.TreeMap<>();
        Map<Integer, Integer> failRates = new java.util.TreeMap<>();
        for (int i = 0; i < CI_COUNT; i++) {
            WeaverFuzzTest.Case c = WeaverFuzzTest.Case.of(CI_SEED + i);
            cases.merge(c.compiler.name().toLowerCase() + " " + c.release, 1, Integer::sum);
            failRates.merge(c.failPercent, 1, Integer::sum);
        }
        int max = SourceCompiler.JAVAC.maxRelease();
        Set<String> expected = new java.util.TreeSet<>(List.of("ecj 8", "ecj 17", "javac 8", "javac 11", "javac 17", "javac " + max));
        assertEquals(expected, cases.keySet(), cases.toString());
        cases.forEach((k, n) -> assertTrue(n >= 15, k + " in only " + n + " programs: " + cases));
        assertEquals(Set.of(0, 2, 5, 10), failRates.keySet(), failRates.toString());
        failRates.forEach((k, n) -> assertTrue(n >= 30, k + "% in only " + n + " programs: " + failRates));
    }

    @Test
    void theSameSeedWritesTheSameProgram() {
        String a = new ProgramGenerator(7, 17, true, "Prog").generate().render(Set.of());
        String b = new ProgramGenerator(7, 17, true, "Prog").generate().render(Set.of());
        assertEquals(a, b);
        assertTrue(a.contains("@Async static Task<Integer> m0(int d, int x)"), a);
    }
}
