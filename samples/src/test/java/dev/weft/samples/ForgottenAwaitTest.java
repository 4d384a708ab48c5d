package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgottenAwaitTest {
    static final String EXPECTED = "Without await:\n"
            + "forgetful() is done\n"
            + "report saved: false\n"
            + "With await:\n"
            + "saved report\n"
            + "careful() is done\n"
            + "report saved: true\n";

    @Test
    void withoutAwaitTheRunEndsBeforeTheSaveWithAwaitItFinishes() {
        SampleOutput out = SampleOutput.run(() -> ForgottenAwait.main(new String[0]));
        assertEquals(EXPECTED, out.text);
        assertTrue(out.millis >= 190 && out.millis < 2000, "took " + out.millis + " ms");
    }

    /**
     * The build's warning, from the weaver itself: target/classes is woven already (and a woven
     * class is left alone), so the sample's source is compiled afresh and its bytes woven here.
     */
    @Test
    void theWeaverWarnsAboutTheDroppedTaskAtItsLine(@TempDir Path tmp) throws IOException {
        Path classes = SampleSources.compile(tmp, List.of(SampleSources.file("ForgottenAwait")));
        byte[] bytes = Files.readAllBytes(classes.resolve("dev/weft/samples/ForgottenAwait.class"));
        WeaveResult r = new Weaver(ClassBytesLookup.ofClassLoader(getClass().getClassLoader())).weave(bytes);

        assertTrue(r.isWoven(), "a warning does not keep the class from being woven: " + r.diagnostics());
        int line = SampleSources.lineOf("ForgottenAwait", "save(\"report\");");
        assertEquals(List.of("ForgottenAwait.java:" + line + ": warning: the task returned by save() is discarded"
                + " without being awaited (in ForgottenAwait.forgetful()); await it, or keep it and await it later;"
                + " use Weft.createTask(...) to run it in the background"),
                r.diagnostics().stream().map(Diagnostic::toString).collect(java.util.stream.Collectors.toList()));
        Diagnostic d = r.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.WARNING, d.kind());
        assertEquals("forgetful", d.methodName());
    }
}
