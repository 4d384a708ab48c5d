package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs small applications under {@code java -javaagent:target/weft-agent.jar} (the shaded jar, as
 * users get it) in a JVM of the JDK running the build, and checks exactly what they print.
 */
class AgentIT {
    private static final Path AGENT = property("weft.agent.jar");
    private static final Path APPS = property("weft.it.apps");
    private static final Path LIBS = property("weft.it.libs");
    private static final Path WORK = property("weft.it.work");
    private static final Path RUNTIME = Javac.runtime();

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: run the ITs through Maven (mvn verify)");
        }
        return Paths.get(value);
    }

    /** Compiles the app in src/test/apps/NAME against the runtime and {@code extra}. */
    private static Path compile(String name, Path... extra) {
        List<Path> cp = Stream.concat(Stream.of(RUNTIME), Stream.of(extra)).collect(Collectors.toList());
        return Javac.compileTree(APPS.resolve(name), WORK.resolve(name).resolve("classes"), cp);
    }

    private static JavaProcess withAgent() {
        return new JavaProcess().option("-javaagent:" + AGENT);
    }

    @Test
    void autoInstallIsOffInThisJvm() {
        // Failsafe sets -Dweft.agent.autoInstall=false: the launcher session listener must honour it.
        assertFalse(WeftAgent.isInstalled());
    }

    @Test
    void helloSuspendsAndResumes() throws Exception {
        Path app = compile("hello");
        JavaProcess.Result r = withAgent().classPath(app, RUNTIME).run(WORK.resolve("hello"), "app.Hello");
        assertEquals(new JavaProcess.Result(0, "Hello\nWorld\n", ""), r);
    }

    @Test
    void withoutTheAgentAwaitSaysItIsNotWoven() throws Exception {
        Path app = compile("hello");
        JavaProcess.Result r = new JavaProcess().classPath(app, RUNTIME).run(WORK.resolve("hello-unwoven"), "app.Hello");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("dev.weft.NotWovenError: await() was called from code that was not woven: app.Hello."), r.toString());
        assertTrue(r.err().contains("or run with -javaagent:weft-agent.jar"), r.toString());
    }

    @Test
    void dumpsTheWeaversBytesForTheClassAndItsFrameClass() throws Exception {
        Path app = compile("hello");
        Path dump = WORK.resolve("dump").resolve("out");
        deleteTree(dump);
        JavaProcess.Result r = withAgent().option("-Dweft.dump=" + dump).classPath(app, RUNTIME)
                .run(WORK.resolve("dump"), "app.Hello");
        assertEquals(new JavaProcess.Result(0, "Hello\nWorld\n", ""), r);

        // The plugin calls the same Weaver with a lookup over the class path: the bytes must be equal.
        URLClassLoader classPath = new URLClassLoader(new URL[] {app.toUri().toURL(), RUNTIME.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        WeaveResult direct = new Weaver(ClassBytesLookup.ofClassLoader(classPath))
                .weave(Files.readAllBytes(app.resolve("app/Hello.class")));
        Map<String, byte[]> expected = new TreeMap<>(direct.generatedClasses());
        expected.put("app/Hello", direct.bytes());
        Map<String, byte[]> dumped = classesUnder(dump);
        assertEquals(expected.keySet(), dumped.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, dumped.get(name), name));
    }

    @Test
    void keepLocalsInTheAgentsArgumentWeavesAsTheWeaverWithThatOption() throws Exception {
        Path app = compile("keeplocals");
        Path dump = WORK.resolve("keeplocals").resolve("out");
        deleteTree(dump);
        JavaProcess.Result r = new JavaProcess().option("-javaagent:" + AGENT + "=keepLocals")
                .option("-Dweft.dump=" + dump).classPath(app, RUNTIME).run(WORK.resolve("keeplocals"), "app.Work");
        assertEquals(new JavaProcess.Result(0, "6\n", ""), r);

        URLClassLoader classPath = new URLClassLoader(new URL[] {app.toUri().toURL(), RUNTIME.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        WeaveResult direct = new Weaver(ClassBytesLookup.ofClassLoader(classPath), WeaveOptions.defaults().withKeepLocals(true))
                .weave(Files.readAllBytes(app.resolve("app/Work.class")));
        Map<String, byte[]> expected = new TreeMap<>(direct.generatedClasses());
        expected.put("app/Work", direct.bytes());
        Map<String, byte[]> dumped = classesUnder(dump);
        assertEquals(expected.keySet(), dumped.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, dumped.get(name), name));
        // the local no longer read after the await is kept: its name is in the frame class's debug table
        assertTrue(new String(dumped.get("app/Work$weft$work$0"), StandardCharsets.ISO_8859_1).contains("unreadAfterAwait"));
    }

    @Test
    void aMisspeltAgentOptionStopsTheJvmWithAMessageNamingIt() throws Exception {
        Path app = compile("keeplocals");
        JavaProcess.Result r = new JavaProcess().option("-javaagent:" + AGENT + "=keepLocal").classPath(app, RUNTIME)
                .run(WORK.resolve("keeplocals-misspelt"), "app.Work");
        assertEquals(new JavaProcess.Result(1, "", "[weft] unknown agent option 'keepLocal' in 'keepLocal';"
                + " the options are: keepLocals[=true|false], separated by commas; the JVM stops\n"), r);
    }

    @Test
    void aWeavingErrorIsReportedOnceAndTheAppKeepsRunning() throws Exception {
        Path app = compile("broken");
        JavaProcess.Result r = withAgent().classPath(app, RUNTIME).run(WORK.resolve("broken"), "app.Main");

        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.err().split("\n");
        assertEquals(4, lines.length, r.toString());
        Matcher error = Pattern.compile("\\[weft] Broken\\.java:(\\d+): error: .*synchronized.*").matcher(lines[0]);
        assertTrue(error.matches(), lines[0]);
        int line = lineOf(APPS.resolve("broken/app/Broken.java"), "await(sleep(10));");
        assertEquals(line, Integer.parseInt(error.group(1)));
        assertEquals("[weft] left app.Broken unwoven; its await() calls will throw", lines[1]);
        assertTrue(lines[2].startsWith("[weft] Swallowing.java:"), lines[2]);
        assertEquals("[weft] left app.Swallowing unwoven; its await() calls will throw", lines[3]);

        // the NotWovenError names the await and the agent's reason; Swallowing's catch (RuntimeException e) lets it pass
        String notWoven = "await() was called from code that was not woven: app.Broken.locked (Broken.java:" + line
                + "). The weft agent left app.Broken unwoven: " + lines[0].substring("[weft] ".length());
        assertEquals("start\n" + notWoven + "\n" + notWoven + "\nSwallowing: not woven\nfine\nstill running\n", r.out(), r.toString());
    }

    @Test
    void weavesInClassLoadersTheAppCreates() throws Exception {
        Path app = compile("loaders");
        Path plugin = compile("loaders-plugin");
        JavaProcess.Result r = withAgent().classPath(app, RUNTIME)
                .run(WORK.resolve("loaders"), "app.Main", plugin.toString(), RUNTIME.toString());
        assertEquals(new JavaProcess.Result(0, "hello from child\nframe class in the same loader: true\n"
                + "hello from isolated\nframe class in the same loader: true\n", ""), r);
    }

    @Test
    void weavesAClassDefinedWithoutAName() throws Exception {
        Path app = compile("nullname");
        Path generated = compile("nullname-gen");
        JavaProcess.Result r = withAgent().classPath(app, RUNTIME)
                .run(WORK.resolve("nullname"), "app.Main", generated.toString());
        assertEquals(new JavaProcess.Result(0, "defined gen.Job\nwoven gen.Job\nframe class in the same loader: true\n", ""), r);
    }

    @Test
    void theAppsOwnAsmAndByteBuddyAreUnaffected() throws Exception {
        Path asm = LIBS.resolve("asm-9.2.jar");
        Path byteBuddy = LIBS.resolve("byte-buddy-1.14.12.jar");
        Path app = compile("ownlibs", asm, byteBuddy);
        JavaProcess.Result r = withAgent().classPath(app, RUNTIME, asm, byteBuddy).run(WORK.resolve("ownlibs"), "app.Main");
        assertEquals(new JavaProcess.Result(0, "asm-9.2.jar reads app/Main\nbyte-buddy-1.14.12.jar makes app.Made\n"
                + "Hello\nWorld\n", ""), r);
    }

    @Test
    void selfAttachWeavesClassesLoadedAfterwards() throws Exception {
        Path app = compile("selfattach", AGENT);
        JavaProcess.Result r = new JavaProcess().option("-XX:+EnableDynamicAgentLoading")
                .classPath(app, RUNTIME, AGENT).run(WORK.resolve("selfattach"), "app.Main");
        assertEquals(new JavaProcess.Result(0, "installed: true\n42\n", ""), r);
    }

    @Test
    void selfAttachWithoutTheFlagWarnsFromJdk21On() throws Exception {
        Path app = compile("selfattach", AGENT);
        JavaProcess.Result r = new JavaProcess().classPath(app, RUNTIME, AGENT)
                .run(WORK.resolve("selfattach-noflag"), "app.Main");
        assertEquals("installed: true\n42\n", r.out(), r.toString());
        assertEquals(JavaProcess.javaVersion() >= 21, r.err().contains("-XX:+EnableDynamicAgentLoading"), r.toString());
    }

    @Test
    void frameClassesKeepThePackagesManifestAttributes() throws Exception {
        Path classes = compile("manifest");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.2.3");
        manifest.getMainAttributes().put(Attributes.Name.SEALED, "true");
        Path jar = WORK.resolve("manifest").resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
            }
        }
        JavaProcess.Result r = withAgent().classPath(jar, RUNTIME).run(WORK.resolve("manifest"), "app.Main");
        assertEquals(new JavaProcess.Result(0, "version 1.2.3\nsealed true\n", ""), r);
    }

    @Test
    void theAgentJarHoldsItsLibrariesRelocatedAndNotTheRuntime() throws Exception {
        List<String> classes;
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).collect(Collectors.toList());
            Manifest manifest = jar.getManifest();
            assertEquals("dev.weft.agent.WeftAgent", manifest.getMainAttributes().getValue("Premain-Class"));
            assertEquals("dev.weft.agent.WeftAgent", manifest.getMainAttributes().getValue("Agent-Class"));
        }
        List<String> outside = classes.stream().filter(n -> !n.startsWith("dev/weft/agent/")).collect(Collectors.toList());
        assertEquals(List.of(), outside, "everything must live under dev/weft/agent/ (relocated), and the runtime is the app's");
        for (String library : List.of("asm/ClassReader", "bytebuddy/agent/ByteBuddyAgent", "weaver/Weaver")) {
            assertTrue(classes.contains("dev/weft/agent/shaded/" + library + ".class"), library);
        }
    }

    @Test
    void theShadedAgentJarIsTheAutomaticModuleDevWeftAgent() throws Exception {
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            assertEquals("dev.weft.agent", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
        // The JVM accepts the jar, shaded packages and all, as a module of that name.
        List<String> names = ModuleFinder.of(AGENT).findAll().stream()
                .map(m -> m.descriptor().name()).collect(Collectors.toList());
        assertEquals(List.of("dev.weft.agent"), names);
    }

    private static int lineOf(Path source, String text) throws IOException {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + source);
    }

    private static Map<String, byte[]> classesUnder(Path dir) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(p));
            }
        }
        return classes;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }
}
