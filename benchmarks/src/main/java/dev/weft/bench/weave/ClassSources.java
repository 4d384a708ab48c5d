package dev.weft.bench.weave;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Java sources of the classes the weaving workload feeds the weaver, by binary name: application
 * code in three kinds. "Async" classes have several {@code @Async} methods (loops, try/finally,
 * try-with-resources, awaits of several types, an awaiting lambda) besides plain ones; "plain"
 * classes never name the runtime; "mentions" classes use {@code Task} without {@code @Async}.
 * Each class of a kind differs a little from the others, so that none is a copy.
 */
final class ClassSources {
    private ClassSources() {}

    static Map<String, String> async(int n) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = "Service" + i;
            sources.put("gen." + name, "package gen;\n"
                    + "import static dev.weft.Weft.await;\n"
                    + "import dev.weft.*;\n"
                    + "import dev.weft.sync.*;\n"
                    + "import java.time.Duration;\n"
                    + "import java.util.HashMap;\n"
                    + "import java.util.List;\n"
                    + "import java.util.Map;\n"
                    + "public class " + name + " {\n"
                    + "  private final AsyncQueue<String> inbox = AsyncQueue.fifo(" + (8 + i) + ");\n"
                    + "  private final AsyncLock lock = AsyncLock.create();\n"
                    + "  private final Map<String, Integer> seen = new HashMap<>();\n"
                    + "  private long handled;\n"
                    + "  @Async public Task<Integer> total(List<Task<Integer>> parts) {\n"
                    + "    int sum = " + i + ";\n"
                    + "    for (Task<Integer> p : parts) { sum += await(p); }\n"
                    + "    return Task.of(sum);\n"
                    + "  }\n"
                    + "  @Async public Task<String> find(String prefix, long attempts, double backoff) {\n"
                    + "    try {\n"
                    + "      for (long a = 0; a < attempts; a++) {\n"
                    + "        String s = await(inbox.get());\n"
                    + "        if (s.startsWith(prefix)) { return Task.of(s); }\n"
                    + "        await(Weft.sleep(Duration.ofMillis((long) (a * backoff) + " + i + ")));\n"
                    + "      }\n"
                    + "      return Task.of(null);\n"
                    + "    } finally {\n"
                    + "      handled++;\n"
                    + "    }\n"
                    + "  }\n"
                    + "  @Async public Task<Void> forward(AsyncQueue<String> out, char[] marks) {\n"
                    + "    int i = 0;\n"
                    + "    while (!inbox.isEmpty()) {\n"
                    + "      String s = await(inbox.get());\n"
                    + "      try (Permit held = await(lock.acquire())) {\n"
                    + "        seen.merge(s, 1, Integer::sum);\n"
                    + "        await(out.put(s + marks[i++ % marks.length]));\n"
                    + "      }\n"
                    + "    }\n"
                    + "    return Task.done();\n"
                    + "  }\n"
                    + "  @Async Task<Long> handledAfter(Task<?> first, Task<?> second) {\n"
                    + "    await(first);\n"
                    + "    Object o = await(second);\n"
                    + "    return Task.of(handled + (o == null ? 0 : o.hashCode()));\n"
                    + "  }\n"
                    + "  public Task<Integer> later(List<Task<Integer>> parts) {\n"
                    + "    return Weft.createTask(() -> { int t = await(total(parts)); return Task.of(t * " + (i + 2) + "); });\n"
                    + "  }\n"
                    + "  public int count(String key) { return seen.getOrDefault(key, " + i + "); }\n"
                    + "  @Override public String toString() { return \"" + name + "[\" + handled + \"]\"; }\n"
                    + "}\n");
        }
        return sources;
    }

    static Map<String, String> plain(int n, boolean mentionRuntime) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = (mentionRuntime ? "Model" : "Plain") + i;
            StringBuilder s = new StringBuilder("package gen;\nimport java.util.*;\npublic class " + name + " {\n")
                    .append("  private final List<String> items = new ArrayList<>();\n")
                    .append("  private final Map<String, Integer> index = new HashMap<>();\n")
                    .append("  private int count;\n");
            for (int m = 0; m < 6 + i % 4; m++) {
                s.append("  public int m").append(m).append("(int x, String tag) {\n")
                        .append("    count += x * ").append(m + i).append(";\n")
                        .append("    if (tag != null && !tag.isEmpty()) { items.add(tag + x); index.put(tag, count); }\n")
                        .append("    switch (x % 3) { case 0: return count; case 1: return items.size(); default: return index.size(); }\n")
                        .append("  }\n");
            }
            s.append("  public String describe() {\n")
                    .append("    StringBuilder b = new StringBuilder(\"").append(name).append("\");\n")
                    .append("    for (String item : items) { b.append(',').append(item); }\n")
                    .append("    return b.toString();\n  }\n");
            if (mentionRuntime) {
                s.append("  public dev.weft.Task<Integer> count() { return dev.weft.Task.of(count); }\n")
                        .append("  public dev.weft.Task<String> described(dev.weft.Task<String> prefix) {\n")
                        .append("    return prefix.isDone() ? dev.weft.Task.of(prefix.result() + describe()) : prefix;\n  }\n");
            }
            sources.put("gen." + name, s.append("}\n").toString());
        }
        return sources;
    }
}
