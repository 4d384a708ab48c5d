package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.WeaveResults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for the weaver. "Class files" are text: {@code async NAME [frames=N] [warn]} is woven to
 * {@code woven NAME} plus N frame classes {@code NAME$weft$I}; {@code bad NAME} fails with an error
 * at line 42; {@code throw} throws; anything else (including woven text) is unchanged. What it
 * writes ends with {@link #mark}, as a weaver's output depends on its options.
 */
final class FakeTransformer implements ClassTransformer {
    final List<String> seen = new ArrayList<>();
    /** Appended to every woven class and frame class: stands for the weaving options. */
    String mark = "";

    @Override
    public WeaveResult transform(byte[] classBytes) {
        String text = new String(classBytes, StandardCharsets.UTF_8);
        seen.add(text);
        String[] words = text.split(" ");
        String name = words.length > 1 ? words[1] : "?";
        String binaryName = name.replace('/', '.');
        switch (words[0]) {
            case "async": {
                int frames = 1;
                List<Diagnostic> problems = new ArrayList<>();
                for (String w : words) {
                    if (w.startsWith("frames=")) {
                        frames = Integer.parseInt(w.substring("frames=".length()));
                    }
                    if (w.equals("warn")) {
                        problems.add(new Diagnostic(Diagnostic.Kind.WARNING, binaryName, "run", simpleSource(name), 7,
                                "task of fetch() is never awaited", "await it or keep the task"));
                    }
                }
                Map<String, byte[]> generated = new TreeMap<>();
                for (int i = 0; i < frames; i++) {
                    generated.put(name + "$weft$" + i, bytes("frame " + name + " " + i + mark));
                }
                return WeaveResults.woven(bytes("woven " + name + mark), generated, problems);
            }
            case "bad":
                return WeaveResults.failed(classBytes, List.of(new Diagnostic(Diagnostic.Kind.ERROR, binaryName, "run", simpleSource(name), 42,
                        "await inside synchronized in " + binaryName + ".run()", "move the await out of the synchronized block")));
            case "throw":
                throw new IllegalStateException("boom");
            default:
                return WeaveResults.unchanged(classBytes, List.of());
        }
    }

    static String simpleSource(String internalName) {
        String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        int dollar = simple.indexOf('$');
        return (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
