package dev.weft.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.InconsistentDebugInfoException;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.weft.Weft;
import dev.weft.internal.DebugMetadata;
import dev.weft.weaver.ClassBytesLookup;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDWP debugger (JDI, over loopback) stops on the line after an await that really suspended, in
 * {@link LocalsProgram} run in a child JVM: woven keeping every local (weave-tests' default), it sees
 * {@code this}, every parameter and every local in scope under its source name with its value, also
 * those the method no longer reads; woven without, those are lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebuggerLocalsTest {
    private static final String PROGRAM = LocalsProgram.class.getName();
    private static final Path SOURCE = Path.of("src/test/java/dev/weft/runtime/debug/LocalsProgram.java");
    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    /** Every variable visible at the breakpoint, as {@code type value}, with keepLocals. */
    private static final Map<String, String> ALL_LOCALS = new TreeMap<>(Map.ofEntries(
            Map.entry("count", "int 3"),
            Map.entry("big", "long 5000000000"),
            Map.entry("ratio", "double 0.25"),
            Map.entry("label", "\"ratio=\""),
            Map.entry("numbers", "int[] [int 1, int 2, int 3]"),
            Map.entry("unread", "int 21"),
            Map.entry("bigger", "long 10000000000"),
            Map.entry("half", "double 0.125"),
            Map.entry("upper", "\"RATIO=\""),
            Map.entry("copy", "int[] [int 1, int 2, int 3]"),
            Map.entry("total", "long 5000000003"),
            Map.entry("note", "\"ratio=0.25\"")));

    @Test
    void wovenByWeaveTestsTheDebuggerSeesEveryLocalWithItsValueAfterTheAwait() throws Exception {
        // the plugin's weave-tests goal wove this module's test classes, keeping locals by default
        Stop stop = debug(List.of(location(LocalsProgram.class), location(Weft.class)));
        assertEquals(1, stop.hits, "the breakpoint after the await is hit once");
        assertEquals(PROGRAM + " name=\"locals\"", stop.self);
        assertEquals(ALL_LOCALS, stop.locals);
        assertEquals("locals ratio=0.25/5000000003\n", stop.output);
    }

    @Test
    void wovenByTheWeaverKeepingLocalsItIsTheSame(@TempDir Path dir) throws Exception {
        Stop stop = debug(List.of(compileAndWeave(dir, true), location(Weft.class)));
        assertEquals(1, stop.hits);
        assertEquals(PROGRAM + " name=\"locals\"", stop.self);
        assertEquals(ALL_LOCALS, stop.locals);
    }

    @Test
    void wovenWithoutKeepingLocalsTheLocalsNotReadAfterTheAwaitAreLost(@TempDir Path dir) throws Exception {
        Stop stop = debug(List.of(compileAndWeave(dir, false), location(Weft.class)));
        assertEquals(1, stop.hits);
        assertEquals(PROGRAM + " name=\"locals\"", stop.self, "this is the receiver the frame holds");
        // the names are in scope (the LocalVariableTable), the values are not: only note and total were
        // saved; the parameters come back as the zeros the resumed body is called with, the locals never
        // written on the resume path read as the zeros HotSpot fills a new frame with, or not at all
        Map<String, String> expected = new TreeMap<>(ALL_LOCALS);
        expected.put("count", "int 0");
        expected.put("big", "long 0");
        expected.put("ratio", "double 0.0");
        expected.put("label", "null");
        expected.put("numbers", "null");
        expected.put("unread", "int 0");
        expected.put("bigger", "long 0");
        expected.put("half", "double 0.0");
        expected.put("upper", "unreadable");
        expected.put("copy", "unreadable");
        assertEquals(expected, stop.locals);
        assertEquals("locals ratio=0.25/5000000003\n", stop.output);
    }

    @Test
    void steppingOverAnAwaitThatSuspendsEndsInTheMethodsEntryNotOnTheNextLine() throws Exception {
        // the README says so: the method returns at the suspension, and a JDWP step ends where it
        // returned to, the entry (the method as callers see it, on its first line); later suspensions
        // would return to the loop. A breakpoint on the next line is the way to stop there.
        Stop stop = debug(List.of(location(LocalsProgram.class), location(Weft.class)), true);
        assertEquals(PROGRAM + ".work(IJDLjava/lang/String;[I)Ldev/weft/Task; line " + lineOf("// FIRST"), stop.stepEnd);
        assertEquals("locals ratio=0.25/5000000003\n", stop.output);
    }

    @Test
    void itsFrameClassCarriesTheDebugTableTheReadmeShows() throws Exception {
        DebugMetadata t = Class.forName(PROGRAM + "$weft$work$0").getAnnotation(DebugMetadata.class);
        assertEquals(1, t.version());
        assertEquals("work", t.method());
        assertEquals(List.of(lineOf("// AWAIT")), IntStream.of(t.awaitLines()).boxed().collect(Collectors.toList()));
        assertEquals(List.of(lineOf("// BREAK")), IntStream.of(t.nextLines()).boxed().collect(Collectors.toList()));
        assertEquals(List.of("this", "count", "big", "ratio", "label", "numbers", "unread", "bigger", "half", "upper",
                "copy", "total", "note"), List.of(t.localNames()));
        // the README's javap -v of this class, line for line
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String line : List.of(
                "  awaitLines=[" + lineOf("// AWAIT") + "]",
                "  nextLines=[" + lineOf("// BREAK") + "]",
                "  localPoints=" + javap(IntStream.of(t.localPoints()).mapToObj(String::valueOf)),
                "  localNames=" + javap(Stream.of(t.localNames()).map(n -> "\"" + n + "\"")),
                "  localDescriptors=" + javap(Stream.of(t.localDescriptors()).map(n -> "\"" + n + "\"")),
                "  localFields=" + javap(Stream.of(t.localFields()).map(n -> "\"" + n + "\"")))) {
            assertTrue(readme.contains("\n" + line + "\n"), "the README shows " + line);
        }
    }

    private static String javap(Stream<String> values) {
        return values.collect(Collectors.joining(",", "[", "]"));
    }

    /** What the debugger saw at the breakpoint, and what the program printed. */
    private static final class Stop {
        int hits;
        String self;
        Map<String, String> locals;
        String output;
        String stepEnd;
    }

    /**
     * Runs the program in a child JVM under JDWP on 127.0.0.1, attaches, stops on the line marked
     * {@code // BREAK} and reads the frame there, then lets the program finish.
     */
    private static Stop debug(List<Path> classPath) throws Exception {
        return debug(classPath, false);
    }

    /**
     * As {@link #debug(List)}; with {@code stepOver}, stops on the line of the await instead and steps
     * over it, recording where the step ends.
     */
    private static Stop debug(List<Path> classPath, boolean stepOver) throws Exception {
        int line = lineOf(stepOver ? "// AWAIT" : "// BREAK");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path err = Files.createTempFile("debuggee", ".err");
        Process process = new ProcessBuilder(java, "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-cp", cp, PROGRAM).redirectError(err.toFile()).start();
        VirtualMachine vm = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(first));
            assertTrue(m.find(), () -> "no JDWP address in " + first + "; stderr: " + read(err));
            vm = attach(m.group(1));
            Stop stop = run(vm, line, stepOver);
            vm = null; // disconnected when the program ended
            stop.output = out.lines().collect(Collectors.joining("\n", "", "\n"));
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the program ends");
            assertEquals(0, process.exitValue(), () -> "exit code; stderr: " + read(err));
            return stop;
        } finally {
            if (vm != null) {
                vm.dispose();
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(err);
        }
    }

    private static VirtualMachine attach(String port) throws IOException, IllegalConnectorArgumentsException {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(port);
        args.get("timeout").setValue("20000");
        return socket.attach(args);
    }

    /** Sets the breakpoint when the program's class is loaded, records every hit, returns at the VM's end. */
    private static Stop run(VirtualMachine vm, int line, boolean stepOver) throws Exception {
        EventRequestManager requests = vm.eventRequestManager();
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        prepare.addClassFilter(PROGRAM);
        prepare.enable();
        vm.resume();
        Stop stop = new Stop();
        int breakpoints = 0;
        while (true) {
            EventSet events = vm.eventQueue().remove(60_000);
            assertNotNull(events, "no event from the debuggee in 60 s");
            for (Event e : events) {
                if (e instanceof ClassPrepareEvent) {
                    ReferenceType type = ((ClassPrepareEvent) e).referenceType();
                    for (Location at : type.locationsOfLine(line)) {
                        BreakpointRequest b = requests.createBreakpointRequest(at);
                        b.enable();
                        breakpoints++;
                    }
                    if (!stepOver) {
                        assertEquals(1, breakpoints, "one method has code on line " + line + " (the woven body)");
                    }
                } else if (e instanceof BreakpointEvent && stepOver) {
                    // the await's line comes back in the suspend and resume code: step from its first hit only
                    requests.deleteAllBreakpoints();
                    StepRequest step = requests.createStepRequest(((BreakpointEvent) e).thread(), StepRequest.STEP_LINE,
                            StepRequest.STEP_OVER);
                    step.addCountFilter(1);
                    step.enable();
                } else if (e instanceof BreakpointEvent) {
                    stop.hits++;
                    read(((BreakpointEvent) e).thread().frame(0), stop);
                } else if (e instanceof StepEvent) {
                    Location at = ((StepEvent) e).location();
                    stop.stepEnd = at.declaringType().name() + "." + at.method().name() + at.method().signature()
                            + (at.method().isSynthetic() ? " (synthetic)" : "") + " line " + at.lineNumber();
                    requests.deleteEventRequest(e.request());
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    return stop;
                }
            }
            events.resume();
        }
    }

    private static void read(StackFrame frame, Stop stop) throws AbsentInformationException, IncompatibleThreadStateException {
        ObjectReference self = frame.thisObject();
        stop.self = self.referenceType().name() + " name=" + show(self.getValue(self.referenceType().fieldByName("name")));
        stop.locals = new TreeMap<>();
        for (LocalVariable v : frame.visibleVariables()) {
            String value;
            try {
                value = show(frame.getValue(v));
            } catch (InconsistentDebugInfoException e) {
                value = "unreadable"; // the JVM's verifier types say the slot holds no such value here
            }
            stop.locals.put(v.name(), value);
        }
    }

    private static String show(Value v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof StringReference) {
            return "\"" + ((StringReference) v).value() + "\"";
        }
        if (v instanceof ArrayReference) {
            return v.type().name() + " " + ((ArrayReference) v).getValues().stream().map(DebuggerLocalsTest::show)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof PrimitiveValue) {
            return v.type().name() + " " + v;
        }
        return v.type().name();
    }

    /** Compiles LocalsProgram's source anew (with -g, as Maven does) and weaves it, keeping locals or not. */
    private static Path compileAndWeave(Path dir, boolean keepLocals) throws IOException {
        Path compiled = Files.createDirectories(dir.resolve("compiled"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, "-g", "--release", "17", "-cp", location(Weft.class).toString(),
                "-d", compiled.toString(), SOURCE.toString());
        assertEquals(0, exit, "javac");
        Map<String, byte[]> classes = new HashMap<>();
        try (Stream<Path> files = Files.walk(compiled)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = compiled.relativize(f).toString().replace('\\', '/');
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
            }
        }
        Weaver weaver = new Weaver(ClassBytesLookup.ofMap(classes)
                .orElse(ClassBytesLookup.ofClassLoader(DebuggerLocalsTest.class.getClassLoader())),
                WeaveOptions.defaults().withKeepLocals(keepLocals));
        Path woven = Files.createDirectories(dir.resolve("woven"));
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            WeaveResult r = weaver.weave(c.getValue());
            assertEquals(List.of(), r.diagnostics(), c.getKey());
            write(woven, c.getKey(), r.bytes());
            r.generatedClasses().forEach((name, bytes) -> write(woven, name, bytes));
        }
        return woven;
    }

    private static void write(Path root, String internalName, byte[] bytes) {
        try {
            Path f = root.resolve(internalName + ".class");
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory or jar {@code c} was loaded from. */
    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lineOf(String marker) throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                found.add(i + 1);
            }
        }
        assertEquals(1, found.size(), "lines marked " + marker);
        return found.get(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
