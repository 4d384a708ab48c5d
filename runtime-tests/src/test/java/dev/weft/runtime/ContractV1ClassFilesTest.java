package dev.weft.runtime;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.internal.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The class files in {@code contract/v1/}, {@code contract/v2/} and {@code contract/v3/} were woven
 * for runtime contracts 1, 2 and 3 and checked in (see the README.txt there): a class woven by an earlier Weft version runs on
 * this runtime with the same output. A class woven for a contract this runtime does not implement is
 * refused when it is initialized, with a message that says what to do.
 */
class ContractV1ClassFilesTest {
    private static final List<String> CLASSES = List.of("Program", "Program$weft$main$0", "Program$weft$slow$1",
            "Program$weft$fails$2", "Program$weft$guarded$3", "Program$weft$future$4", "Program$weft$victim$5",
            "Program$weft$cancellation$6", "Program$weft$lambda$main$0$7");

    @Test
    void classesWovenForContract1RunOnThisRuntime() throws Exception {
        runsWithTheSameOutput("v1");
    }

    @Test
    void classesWovenForContract2RunOnThisRuntime() throws Exception {
        runsWithTheSameOutput("v2");
    }

    @Test
    void classesWovenForContract3RunOnThisRuntime() throws Exception {
        runsWithTheSameOutput("v3");
    }

    private static void runsWithTheSameOutput(String version) throws Exception {
        Class<?> program = new CheckedInLoader(version, UnaryOperator.identity()).loadClass("contract." + version + ".Program");
        List<String> log = Virtual.run(() -> timed(program));
        assertEquals(List.of("start a", "start b", "end b", "end a", "gathered [1, 2]",
                "caught boom 40000000000 0.5", "finally", "guarded recovered",
                "start lambda", "end lambda", "lambda 42",
                "start future", "end future", "future value 5",
                "victim cleanup", "cancelled enough true",
                "took 34 ms"), log);
    }

    @Async
    private static Task<List<String>> timed(Class<?> program) {
        @SuppressWarnings("unchecked")
        Task<List<String>> main = (Task<List<String>>) invokeMain(program);
        List<String> log = new java.util.ArrayList<>(await(main));
        log.add("took " + Virtual.nowMs() + " ms");
        return Task.of(log);
    }

    private static Object invokeMain(Class<?> program) {
        try {
            return program.getMethod("main").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCheckedInClassesSayTheirContract() {
        theCheckedInClassesSay("v1", 1);
        theCheckedInClassesSay("v2", 2);
        theCheckedInClassesSay("v3", 3);
    }

    private static void theCheckedInClassesSay(String version, int expected) {
        for (String c : CLASSES) {
            int[] contract = {-1};
            new ClassReader(resource(version, c)).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                    return !desc.equals("Ldev/weft/internal/Woven;") ? null : new AnnotationVisitor(Opcodes.ASM9) {
                        @Override
                        public void visit(String name, Object value) {
                            contract[0] = (Integer) value;
                        }
                    };
                }
            }, 0);
            assertEquals(expected, contract[0], version + "/" + c);
        }
    }

    @Test
    void aClassWovenForAnotherContractIsRefusedWhenInitialized() {
        CheckedInLoader loader = new CheckedInLoader("v1", ContractV1ClassFilesTest::wovenFor999);
        IncompatibleClassChangeError e = assertThrows(IncompatibleClassChangeError.class,
                () -> Class.forName("contract.v1.Program", true, loader));
        assertEquals("contract.v1.Program was woven for Weft runtime contract 999, but this runtime (Weft "
                + System.getProperty("weft.version") + ") implements contracts 1 to 4: weave it again with the weaver"
                + " of this Weft version (weft-maven-plugin or -javaagent), or run it with a Weft runtime that"
                + " implements contract 999", e.getMessage());
    }

    @Test
    void theCheckPassesForContracts1To4AndRefusesEveryOther() {
        assertEquals(4, Contract.VERSION);
        assertEquals(1, Contract.OLDEST);
        assertDoesNotThrow(() -> Contract.check(1, ContractV1ClassFilesTest.class));
        assertDoesNotThrow(() -> Contract.check(2, ContractV1ClassFilesTest.class));
        assertDoesNotThrow(() -> Contract.check(3, ContractV1ClassFilesTest.class));
        assertDoesNotThrow(() -> Contract.check(4, ContractV1ClassFilesTest.class));
        for (int other : new int[] {0, 5, -1}) {
            IncompatibleClassChangeError e = assertThrows(IncompatibleClassChangeError.class,
                    () -> Contract.check(other, ContractV1ClassFilesTest.class));
            assertEquals("dev.weft.runtime.ContractV1ClassFilesTest was woven for Weft runtime contract " + other
                    + ", but this runtime (Weft " + System.getProperty("weft.version") + ") implements contracts 1 to 4:"
                    + " weave it again with the weaver of this Weft version (weft-maven-plugin or -javaagent), or"
                    + " run it with a Weft runtime that implements contract " + other, e.getMessage());
        }
    }

    /** Program.class with its marker and its static initializer's check saying contract 999. */
    private static byte[] wovenFor999(byte[] bytes) {
        ClassWriter out = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, out) {
            @Override
            public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                AnnotationVisitor a = super.visitAnnotation(desc, visible);
                return !desc.equals("Ldev/weft/internal/Woven;") ? a : new AnnotationVisitor(Opcodes.ASM9, a) {
                    @Override
                    public void visit(String name, Object value) {
                        super.visit(name, 999);
                    }
                };
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor m = super.visitMethod(access, name, desc, signature, exceptions);
                return !name.equals("<clinit>") ? m : new MethodVisitor(Opcodes.ASM9, m) {
                    private boolean first = true;

                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(first && value.equals(1) ? 999 : value);
                        first = false;
                    }
                };
            }
        }, 0);
        return out.toByteArray();
    }

    private static byte[] resource(String version, String simpleName) {
        String path = "contract/" + version + "/" + simpleName + ".class";
        try (InputStream in = ContractV1ClassFilesTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new AssertionError("missing " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines the checked-in classes of one contract itself (Program.class passed through {@code patch}); the rest comes from the test's loader. */
    private static final class CheckedInLoader extends ClassLoader {
        private final String prefix;
        private final String version;
        private final UnaryOperator<byte[]> patch;
        private final Map<String, Class<?>> defined = new HashMap<>();

        CheckedInLoader(String version, UnaryOperator<byte[]> patch) {
            super(ContractV1ClassFilesTest.class.getClassLoader());
            this.prefix = "contract." + version + ".";
            this.version = version;
            this.patch = patch;
        }

        @Override
        protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
            Class<?> c = defined.get(name);
            if (c == null) {
                String simple = name.substring(prefix.length());
                byte[] bytes = resource(version, simple);
                if (simple.equals("Program")) {
                    bytes = patch.apply(bytes);
                }
                c = defineClass(name, bytes, 0, bytes.length);
                defined.put(name, c);
            }
            return c;
        }
    }
}
