package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.harness.SourceCompiler;
import dev.weft.weaver.harness.WovenProgram;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The woven body takes the frame as one more parameter, and the JVM allows 255 parameter slots
 * ({@code this} and two for each long or double included): a method using 254 is woven and runs, one
 * using 255 is refused with a diagnostic (it used to fail to load with a ClassFormatError).
 */
class ParameterSlotsTest {
    /** {@code @Async [static] Task<Long> NAME(<ints> int parameters, <longs> long parameters)}: their sum after an await. */
    static String method(String name, boolean isStatic, int ints, int longs) {
        StringBuilder b = new StringBuilder("    @Async ").append(isStatic ? "static " : "").append("Task<Long> ")
                .append(name).append("(");
        StringBuilder sum = new StringBuilder("0L");
        for (int i = 0; i < ints + longs; i++) {
            b.append(i == 0 ? "" : ", ").append(i < ints ? "int" : "long").append(" a").append(i);
            sum.append(" + a").append(i);
        }
        b.append(") {\n        long s = ").append(sum).append(";\n");
        b.append("        return Task.of(s + await(LATER ? Weft.createTask(() -> Task.of(1L)) : Task.of(1L)));\n    }\n");
        return b.toString();
    }

    static final String WOVEN = "package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\npublic class Slots {\n"
            + "    static boolean LATER;\n"
            + method("ints254", true, 254, 0)
            + method("longs254", true, 0, 127)
            + method("instance254", false, 253, 0)
            + "}\n";
    static final String REFUSED = "package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\npublic class TooMany {\n"
            + "    static boolean LATER;\n"
            + method("ints255", true, 255, 0)
            + method("longsAndInt255", true, 1, 127)
            + method("instance255", false, 254, 0)
            + "}\n";

    @ParameterizedTest
    @EnumSource(SourceCompiler.class)
    void twoHundredFiftyFourSlotsAreWovenAndTwoHundredFiftyFiveRefused(SourceCompiler compiler) throws Exception {
        WovenProgram w = WovenProgram.builder().compiler(compiler).release(17).source("p.Slots", WOVEN)
                .source("p.TooMany", REFUSED).allowWeaveErrors().build();
        List<String> messages = w.diagnostics().stream().map(Diagnostic::toString).collect(Collectors.toList());
        String hint = " over the JVM's limit of 255 in TooMany.%s(); pass fewer parameters, for example some of them"
                + " grouped in an object";
        assertEquals(List.of(
                "TooMany.java:8: error: too many parameters to weave: they take 255 slots (this, and two for each long or"
                        + " double, included) and the woven method needs one more," + String.format(hint, "ints255"),
                "TooMany.java:12: error: too many parameters to weave: they take 255 slots (this, and two for each long or"
                        + " double, included) and the woven method needs one more," + String.format(hint, "longsAndInt255"),
                "TooMany.java:16: error: too many parameters to weave: they take 255 slots (this, and two for each long or"
                        + " double, included) and the woven method needs one more," + String.format(hint, "instance255")), messages);
        for (boolean later : new boolean[] {false, true}) {
            w.setStatic("p.Slots", "LATER", later);
            assertEquals(254L * 255 / 2 + 1, (long) w.run("p.Slots", "ints254", numbers(254, 0)));
            assertEquals(127L * 128 / 2 + 1, (long) w.run("p.Slots", "longs254", numbers(0, 127)));
            Object slots = w.newInstance("p.Slots");
            assertEquals(253L * 254 / 2 + 1, (long) w.runOn(slots, "instance254", numbers(253, 0)));
        }
    }

    /** 1, 2, 3...: {@code ints} Integers, then {@code longs} Longs. */
    static Object[] numbers(int ints, int longs) {
        Object[] args = new Object[ints + longs];
        for (int i = 0; i < args.length; i++) {
            args[i] = i < ints ? (Object) (i + 1) : (Object) (long) (i + 1);
        }
        return args;
    }
}
