package dev.weft.weaver.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a random but valid Java class {@code p.Prog} with {@code @Async} methods, from a seed.
 *
 * <p>Every await is written {@code Weft.await(...)}; the awaited tasks come from the helper
 * {@code t(v)}, whose schedule (done, next loop turn, another thread, failed) is chosen at run time
 * from the program's {@code SEED} and the await's ordinal, the same way in the woven and in the
 * reference run (see {@link DifferentialRunner}). Programs terminate: loops are counted with small
 * bounds, recursion between the {@code m}-methods is bounded by a depth argument, divisions and
 * array indexes are guarded. They append a trace to {@code L} and return a value. Exact arithmetic
 * ({@code Math.addExact} and kin) may throw ArithmeticException, which {@code main} catches like any
 * failure. {@link ProgramGeneratorTest} checks that every shape turns up in the programs CI runs.
 */
final class ProgramGenerator {
    enum Type {
        INT("int", "Integer"), LONG("long", "Long"), DOUBLE("double", "Double"), FLOAT("float", "Float"),
        BOOL("boolean", "Boolean"), STR("String", "String"), BYTE("byte", "Byte"), SHORT("short", "Short"),
        CHAR("char", "Character");

        final String java;
        final String boxed;

        Type(String java, String boxed) {
            this.java = java;
            this.boxed = boxed;
        }
    }

    private static final class Var {
        final String name;
        final Type type;
        final boolean assignable;
        final boolean effFinal;

        Var(String name, Type type, boolean assignable, boolean effFinal) {
            this.name = name;
            this.type = type;
            this.assignable = assignable;
            this.effFinal = effFinal;
        }
    }

    /** What a statement may do where it is written. */
    private static final class Ctx {
        final List<List<Var>> scopes = new ArrayList<>();
        final List<String> labels = new ArrayList<>();   // enclosing loops; null when unlabelled
        int loops;
        int breakables;                                   // loops and switches
        boolean inFinally;
        boolean hasDepth;                                 // 'd' is in scope for recursive calls
        boolean inInstance;                               // in im (or a class in it): no calls of im
        int calls;
        int nesting;

        Ctx() {
            scopes.add(new ArrayList<>());
        }
    }

    private final Random r;
    private final int release;
    private final boolean switchExpressions;
    private final int methods;
    private final String className;
    private int ids;
    private int names;
    private int budget;

    ProgramGenerator(long seed, int release, boolean switchExpressions, String className) {
        this.r = new Random(seed);
        this.release = release;
        this.switchExpressions = switchExpressions && release >= 14;
        this.methods = 1 + r.nextInt(3);
        this.className = className;
    }

    /** The class, as a tree of deletable statements. */
    Code generate() {
        Code c = new Code(-1);
        c.text("package p;\nimport dev.weft.*;\nimport java.util.*;\nimport java.util.concurrent.*;\n"
                + "import java.util.function.*;\n\n@SuppressWarnings(\"all\")\npublic class " + className + " {\n");
        c.text(HELPERS);
        // several calls, each caught: a program goes on after one call fails
        c.text("    @Async static Task<String> main() {\n        int r = 0;\n"
                + "        for (int k = 0; k < 3; k++) {\n"
                + "            try {\n                r += Weft.await(m0(" + (1 + r.nextInt(3)) + ", k * " + r.nextInt(100) + "));\n"
                + "            } catch (RuntimeException b) {\n                log(\"main caught \" + b.getClass().getSimpleName() + \" \" + b.getMessage());\n            }\n"
                + "        }\n        return Task.of(\"r=\" + r);\n    }\n\n");
        c.text(GENERIC);
        for (int i = 0; i < methods; i++) {
            c.add(method(i));
        }
        c.add(instanceMethod());
        c.text("}\n");
        return c;
    }

    /**
     * Generic async methods, called with several type arguments, and the abstract class the
     * anonymous classes extend. (Not in {@link #HELPERS}: those also go into programs without the
     * java.util imports.)
     */
    static final String GENERIC = ""
            + "    @Async static <T> Task<T> gen(T v, int n) {\n"
            + "        log(\"gen\" + n);\n"
            + "        T a = Weft.await(t(v));\n"
            + "        int k = n + Weft.await(t(n));\n"
            + "        log(\"g\" + a + \",\" + k + \",\" + v);\n"
            + "        return Task.of(k % 3 == 0 ? v : a);\n"
            + "    }\n"
            + "    @Async static <T extends Comparable<T>> Task<T> gmax(T a, T b) {\n"
            + "        T x = Weft.await(t(a));\n"
            + "        T y = Weft.await(cs(b));\n"
            + "        return Task.of(x.compareTo(y) >= 0 ? x : y);\n"
            + "    }\n"
            + "    @Async static <T> Task<List<T>> gpair(T a, T b) {\n"
            + "        List<T> l = new ArrayList<>();\n"
            + "        l.add(Weft.await(t(a)));\n"
            + "        l.add(b);\n"
            + "        l.add(Weft.await(t(l.get(0))));\n"
            + "        return Task.of(l);\n"
            + "    }\n"
            + "    static abstract class AJ {\n"
            + "        int k;\n"
            + "        AJ(int k) { this.k = k; }\n"
            + "        abstract Task<Integer> go(int z);\n"
            + "    }\n"
            + "    interface AG<T> { Task<T> get(); }\n\n";

    /**
     * An async instance method of the program's class, called on {@code O} or a fresh instance:
     * the instance fields are read before awaits and written after them.
     */
    private Code instanceMethod() {
        Code m = new Code(-1);
        m.text("    @Async Task<Integer> im(int x) {\n");
        Ctx ctx = new Ctx();
        ctx.inInstance = true;
        ctx.scopes.get(0).add(new Var("x", Type.INT, false, true));
        budget = 4 + r.nextInt(6);
        Code body = new Code(-1);
        body.add(stmt("        ", "int before = f; String sb = this.s;"));
        body.add(stmt("        ", "f += Weft.await(t(x)); log(\"im\" + before + \",\" + f);"));
        block(body, ctx, 1 + r.nextInt(3), "        ");
        body.add(stmt("        ", "this.g " + pick("+=", "^=", "-=") + " Weft.await(t((long) f)) + before;"));
        body.add(stmt("        ", "if (s.length() > 64) s = \"\"; s = s + Weft.await(t(\"i\" + x)) + sb.length();"));
        block(body, ctx, r.nextInt(3), "        ");
        body.add(stmt("        ", "h = h * 0.5 + Weft.await(cs((double) f)); log(\"im \" + f + \",\" + g + \",\" + h + \",\" + s.length());"));
        m.add(body);
        m.text("        return Task.of((int) (f + g + before + " + expr(ctx, Type.INT, 2) + "));\n    }\n\n");
        return m;
    }

    static final String HELPERS = ""
            + "    static boolean REAL; static long SEED; static int FAIL; static int N;\n"
            + "    static StringBuilder L = new StringBuilder();\n"
            + "    static final class Boom extends RuntimeException { Boom(String m) { super(m); } }\n"
            + "    enum E { A, B, C }\n"
            + "    static final class P {\n"
            + "        final int a; final String b;\n"
            + "        P(int a, String b) { this.a = a; this.b = b; }\n"
            + "        public String toString() { return \"P(\" + a + \",\" + b + \")\"; }\n"
            + "    }\n"
            + "    static void log(Object o) { L.append(o).append('|'); }\n"
            + "    int f; long g; double h; String s = \"\";\n"
            + "    static final Prog O = new Prog();\n"
            + "    static final class R implements AutoCloseable {\n"
            + "        final String n; R(String n) { this.n = n; log(\"open \" + n); }\n"
            + "        public void close() { log(\"close \" + n); }\n"
            + "    }\n"
            + "    static final long[] LA = new long[3];\n"
            + "    /** What await(stage) does in the reference run. */\n"
            + "    static <T> T refStage(CompletionStage<T> s) {\n"
            + "        CompletableFuture<T> f = s.toCompletableFuture();\n"
            + "        if (!f.isDone()) throw new IllegalStateException(\"reference run saw a pending stage\");\n"
            + "        try { return f.get(); } catch (ExecutionException e) { throw (RuntimeException) e.getCause(); }\n"
            + "        catch (InterruptedException e) { throw new IllegalStateException(e); }\n"
            + "    }\n"
            + "    /** A stage for v, like t(v): done, failed, or completed by another thread. */\n"
            + "    static <T> CompletionStage<T> cs(T v) {\n"
            + "        int n = N++;\n"
            + "        long h = mix(SEED * 31 + n);\n"
            + "        CompletableFuture<T> f = new CompletableFuture<>();\n"
            + "        if (Math.floorMod(h, 100) < FAIL) {\n"
            + "            Boom b = new Boom(\"g\" + n);\n"
            + "            if (REAL && ((h >>> 20) & 1) == 0) { ForkJoinPool.commonPool().execute(() -> f.completeExceptionally(b)); return f; }\n"
            + "            f.completeExceptionally(b);\n"
            + "            return f;\n"
            + "        }\n"
            + "        if (REAL && ((h >>> 40) & 1) == 0) return CompletableFuture.supplyAsync(() -> v);\n"
            + "        f.complete(v);\n"
            + "        return f;\n"
            + "    }\n"
            + "    /** What await does in the reference run: the task is done already; its value, or its failure thrown. */\n"
            + "    static <T> T ref(Task<T> t) {\n"
            + "        if (!t.isDone()) throw new IllegalStateException(\"reference run saw a pending task\");\n"
            + "        Throwable e = t.exception();\n"
            + "        if (e instanceof RuntimeException) throw (RuntimeException) e;\n"
            + "        if (e instanceof Error) throw (Error) e;\n"
            + "        if (e != null) throw new IllegalStateException(e);\n"
            + "        return t.result();\n"
            + "    }\n"
            + "    static long mix(long z) {\n"
            + "        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L; z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;\n"
            + "        return z ^ (z >>> 31);\n"
            + "    }\n"
            + "    /** A task for v: the n-th call's schedule comes from SEED; failures are the same in both runs. */\n"
            + "    static <T> Task<T> t(T v) {\n"
            + "        int n = N++;\n"
            + "        long h = mix(SEED * 31 + n);\n"
            + "        if (Math.floorMod(h, 100) < FAIL) {\n"
            + "            Boom b = new Boom(\"f\" + n);\n"
            + "            if (REAL && ((h >>> 20) & 1) == 0) return Weft.createTask(() -> Task.<T>failed(b));\n"
            + "            return Task.failed(b);\n"
            + "        }\n"
            + "        if (!REAL) return Task.of(v);\n"
            + "        switch ((int) ((h >>> 40) & 3)) {\n"
            + "            case 0: return Task.of(v);\n"
            + "            case 1: return Weft.createTask(() -> Task.of(v));\n"
            + "            case 2: return Task.from(CompletableFuture.supplyAsync(() -> v));\n"
            + "            default: return Weft.createTask(() -> Weft.createTask(() -> Task.of(v)));\n"
            + "        }\n"
            + "    }\n\n";

    // ---- methods --------------------------------------------------------------------------------

    private Code method(int index) {
        Code m = new Code(-1);
        m.text("    @Async static Task<Integer> m" + index + "(int d, int x) {\n");
        Ctx ctx = new Ctx();
        ctx.hasDepth = true;
        ctx.scopes.get(0).add(new Var("d", Type.INT, false, true));
        ctx.scopes.get(0).add(new Var("x", Type.INT, false, true));
        budget = 12 + r.nextInt(20);
        Code body = new Code(-1);
        if (r.nextInt(3) == 0) {
            body.add(declare(ctx, Type.INT, "int[]", "arr", "new int[] {" + lit(Type.INT) + ", " + lit(Type.INT)
                    + ", " + lit(Type.INT) + "}"));
        }
        block(body, ctx, 3 + r.nextInt(5), "        ");
        m.add(body);
        m.text("        log(\"end" + index + "\");\n        return Task.of((int) (" + expr(ctx, Type.INT, 2) + "));\n    }\n\n");
        return m;
    }

    private void block(Code into, Ctx ctx, int count, String indent) {
        ctx.scopes.add(new ArrayList<>());
        ctx.nesting++;
        for (int i = 0; i < count && budget > 0; i++) {
            budget--;
            into.add(statement(ctx, indent));
        }
        ctx.nesting--;
        ctx.scopes.remove(ctx.scopes.size() - 1);
    }

    private Code stmt(String indent, String text) {
        return new Code(ids++).text(indent + text + "\n");
    }

    private Code statement(Ctx ctx, String in) {
        int deep = ctx.nesting > 4 ? 0 : 1;
        int k = r.nextInt(37);
        if (deep == 0 && k >= 8) {
            k = r.nextInt(8);
        }
        switch (k) {
            case 0: case 1: {
                Type t = pick(Type.values());
                String name = "v" + names++;
                String init = t == Type.BYTE || t == Type.SHORT || t == Type.CHAR
                        ? "(" + t.java + ") (" + expr(ctx, Type.INT, 3) + ")" : expr(ctx, t, 3);
                Code c = stmt(in, t.java + " " + name + " = " + init + ";");
                ctx.scopes.get(ctx.scopes.size() - 1).add(new Var(name, t, true, false));
                return c;
            }
            case 2: case 3: return assign(ctx, in);
            case 4: case 5: return stmt(in, "log(" + expr(ctx, pick(Type.values()), 3) + ");");
            case 6: return jump(ctx, in);
            case 7: return stmt(in, "if (" + expr(ctx, Type.BOOL, 2) + " && (x & 3) == " + r.nextInt(4) + ") throw new Boom(\"b" + ids + "\" + "
                    + expr(ctx, Type.INT, 1) + ");");
            case 8: case 9: case 10: return ifElse(ctx, in);
            case 11: case 12: case 13: return loop(ctx, in);
            case 14: case 15: return switchStatement(ctx, in);
            case 16: case 17: case 18: return tryStatement(ctx, in);
            case 19: return lambda(ctx, in);
            case 20: return localClass(ctx, in);
            case 21: return ctx.inFinally ? assign(ctx, in)
                    : stmt(in, "if (" + expr(ctx, Type.BOOL, 2) + ") return Task.of((int) (" + expr(ctx, Type.INT, 2) + "));");
            case 22: return arrayStatement(ctx, in);
            case 23: return fieldStatement(ctx, in);
            case 24: case 25: return primitiveStatement(ctx, in);
            case 32: return instanceCall(ctx, in);
            case 33: return boxedStatement(ctx, in);
            case 34: return anonymousClass(ctx, in);
            case 35: return genericCall(ctx, in);
            case 36: return forUpdateLoop(ctx, in);
            default: return stmt(in, "log(" + expr(ctx, pick(Type.values()), 4) + ");");
        }
    }

    /** A call of the async instance method, on the shared instance or on a fresh one. */
    private Code instanceCall(Ctx ctx, String in) {
        if (ctx.inInstance) {
            return fieldStatement(ctx, in);
        }
        String target = pick("O", "new " + className + "()", "O");
        return stmt(in, "log(\"ic\" + Weft.await(" + target + ".im(" + expr(ctx, Type.INT, 2) + ")) + \",\" + O.f);");
    }

    /**
     * Boxed locals (maybe null) and a null reference, live across awaits; unboxed around awaits,
     * always behind a null check (an NPE's message names locals, which weaving may renumber).
     */
    private Code boxedStatement(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String n = String.valueOf(names++);
        String bi = "bi" + n, bl = "bl" + n, bz = "bz" + n, nr = "nr" + n, sum = "bs" + n;
        c.text(in + "Integer " + bi + " = " + (r.nextInt(3) == 0 ? "null" : pick("", "Integer.valueOf") + "((int) (" + expr(ctx, Type.INT, 2) + "))") + ";\n");
        c.text(in + "Long " + bl + " = " + (r.nextInt(3) == 0 ? "null" : "Long.valueOf(" + expr(ctx, Type.LONG, 2) + ")") + ";\n");
        c.text(in + "Boolean " + bz + " = " + (r.nextInt(3) == 0 ? "null" : "(" + expr(ctx, Type.BOOL, 2) + ")") + ";\n");
        String nrType = pick("String", "Object", "P");
        c.text(in + nrType + " " + nr + " = null;\n");
        c.add(stmt(in, "log(\"bx\" + Weft.await(t(" + expr(ctx, Type.INT, 2) + ")) + " + bi + " + " + nr + ");"));
        c.add(stmt(in, "if (" + bi + " != null) " + bi + " " + pick("+=", "-=", "*=") + " Weft.await(t((int) (" + expr(ctx, Type.INT, 2)
                + "))); else " + bi + " = Weft.await(t((int) (" + expr(ctx, Type.INT, 2) + ")));"));
        c.add(stmt(in, "long " + sum + " = (" + bl + " == null ? " + lit(Type.LONG) + " : " + bl + ") + Weft.await(t((long) ("
                + expr(ctx, Type.INT, 2) + ")));"));
        c.add(stmt(in, "if (" + bz + " == null ? " + await(ctx, Type.BOOL, 2) + " : " + bz + ") " + nr + " = "
                + (nrType.equals("P") ? "new P(" + bi + ", \"n\")" : nrType.equals("String") ? "\"t\" + " + bi : bi) + ";"));
        c.add(stmt(in, "Integer " + bi + "w = Weft.await(t(" + bi + " + 1)); " + bi + "++;"));
        c.add(stmt(in, "log(" + bi + " + \",\" + " + bi + "w + \",\" + " + bl + " + \",\" + " + bz + " + \",\" + (" + nr
                + " == null) + \",\" + " + sum + " + \",\" + (" + bi + ".equals(" + bi + "w)));"));
        return c;
    }

    /**
     * An anonymous class with an async method: a subclass of the abstract {@code AJ}, or an
     * implementation of the generic interface {@code AG<Integer>} (no bridge method) or of
     * {@code Supplier<Task<Integer>>} (a bridge method); it captures effectively final locals.
     */
    private Code anonymousClass(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String copy = "c" + names++;
        String a = "an" + names++;
        c.text(in + "final int " + copy + " = " + expr(ctx, Type.INT, 2) + ";\n");
        boolean supplier = r.nextBoolean();
        // Supplier<Task<Integer>> gets a bridge Object get() that carries @Async too (fuzz seed 20261126)
        String iface = supplier && r.nextBoolean() ? "Supplier<Task<Integer>>" : "AG<Integer>";
        Ctx inner = innerCtx(ctx);
        inner.scopes.get(0).add(new Var(copy, Type.INT, false, true));
        String arg = expr(ctx, Type.INT, 2);
        if (supplier) {
            c.text(in + iface + " " + a + " = new " + iface + "() {\n" + in + "    int z = " + copy + ";\n"
                    + in + "    @Async public Task<Integer> get() {\n");
            inner.scopes.get(0).add(new Var("z", Type.INT, true, false));
        } else {
            c.text(in + "AJ " + a + " = new AJ(" + copy + ") {\n" + in + "    @Async Task<Integer> go(int z) {\n");
            inner.scopes.get(0).add(new Var("z", Type.INT, true, false));
            inner.scopes.get(0).add(new Var("k", Type.INT, true, false));
        }
        c.add(stmt(in + "        ", "z += Weft.await(t(" + copy + "));"));
        int saved = budget;
        budget = Math.min(budget, 4);
        block(c, inner, 1 + r.nextInt(3), in + "        ");
        budget = saved - 2;
        c.text(in + "        return Task.of(z" + (supplier ? "" : " + k") + ");\n" + in + "    }\n" + in + "};\n");
        c.text(in + "log(\"an\" + Weft.await(" + a + (supplier ? ".get()" : ".go(" + arg + ")") + "));\n");
        return c;
    }

    /** Calls of the generic async methods, with several type arguments, explicit or inferred. */
    private Code genericCall(Ctx ctx, String in) {
        switch (r.nextInt(3)) {
            case 0: {
                Type t = pick(Type.INT, Type.LONG, Type.STR, Type.BOOL, Type.DOUBLE, Type.CHAR);
                String call = (r.nextBoolean() ? className + ".<" + t.boxed + ">" : "") + "gen(" + boxedAs(t, expr(ctx, t, 2)) + ", "
                        + expr(ctx, Type.INT, 1) + ")";
                if (t == Type.INT || t == Type.LONG) {
                    String v = "gv" + names++;
                    return stmt(in, t.java + " " + v + " = Weft.await(" + call + ") + " + expr(ctx, t, 1) + "; log(" + v + ");");
                }
                return stmt(in, "log(\"gn\" + Weft.await(" + call + "));");
            }
            case 1: {
                Type t = pick(Type.INT, Type.LONG, Type.STR, Type.DOUBLE);
                return stmt(in, "log(\"gm\" + Weft.await(" + (r.nextBoolean() ? className + ".<" + t.boxed + ">" : "") + "gmax("
                        + boxedAs(t, expr(ctx, t, 2)) + ", " + boxedAs(t, expr(ctx, t, 2)) + ")));");
            }
            default: {
                Type t = pick(Type.INT, Type.STR, Type.BOOL);
                return stmt(in, "log(\"gp\" + Weft.await(" + className + ".<" + t.boxed + ">gpair(" + boxedAs(t, expr(ctx, t, 2)) + ", "
                        + boxedAs(t, expr(ctx, t, 1)) + ")).size());");
            }
        }
    }

    /** Boxes to exactly the type's wrapper, also an int (an int expression may be a char variable). */
    private static String boxedAs(Type t, String e) {
        return t == Type.INT ? "(int) (" + e + ")" : cast(t, e);
    }

    /** A counted for loop whose update clause awaits (by at least one a turn, so it ends). */
    private Code forUpdateLoop(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String i = "i" + names++;
        int bound = 1 + r.nextInt(5);
        ctx.loops++;   // no recursive calls in the update either: it runs every turn
        String step = "1 + Math.floorMod(" + expr(ctx, Type.INT, 1) + ", 2)";
        ctx.loops--;
        String update = r.nextBoolean() ? i + " += Weft.await(t(" + step + "))"
                : i + "++, " + i + " = " + i + " + Weft.await(" + pick("t", "cs") + "(" + step + ")) - 1";
        c.text(in + "for (int " + i + " = 0; " + i + " < " + bound + "; " + update + ") {\n");
        ctx.scopes.add(new ArrayList<>());
        ctx.scopes.get(ctx.scopes.size() - 1).add(new Var(i, Type.INT, false, false));
        ctx.labels.add(null);
        ctx.loops++;
        ctx.breakables++;
        c.add(stmt(in + "    ", "log(\"fu\" + " + i + ");"));
        block(c, ctx, 1 + r.nextInt(3), in + "    ");
        ctx.loops--;
        ctx.breakables--;
        ctx.labels.remove(ctx.labels.size() - 1);
        ctx.scopes.remove(ctx.scopes.size() - 1);
        return c.text(in + "}\n");
    }

    private Code declare(Ctx ctx, Type elem, String type, String prefix, String init) {
        String name = prefix + names++;
        Code c = stmt("        ", type + " " + name + " = " + init + ";");
        ctx.scopes.get(ctx.scopes.size() - 1).add(new Var(name, null, false, false));
        return c;
    }

    private Code assign(Ctx ctx, String in) {
        Var v = pickVar(ctx, null, true);
        if (v == null) {
            return stmt(in, "log(" + expr(ctx, Type.INT, 3) + ");");
        }
        switch (v.type) {
            case BYTE: case SHORT: case CHAR:
                switch (r.nextInt(4)) {
                    case 0: return stmt(in, v.name + pick("++;", "--;"));
                    case 1: return stmt(in, v.name + " " + compound(ctx) + ";");
                    default: return stmt(in, v.name + " = (" + v.type.java + ") (" + expr(ctx, Type.INT, 3) + ");");
                }
            case INT: case LONG:
                switch (r.nextInt(5)) {
                    case 0: return stmt(in, v.name + "++;");
                    case 1: return stmt(in, v.name + " " + pick("+=", "-=", "*=", "^=", "|=", "&=", "<<=", ">>=", ">>>=")
                            + " " + expr(ctx, v.type, 3) + ";");
                    default: return stmt(in, v.name + " = " + expr(ctx, v.type, 3) + ";");
                }
            case DOUBLE: case FLOAT:
                if (r.nextInt(4) == 0) {
                    return stmt(in, v.name + pick("++;", "--;"));
                }
                return stmt(in, v.name + " " + pick("=", "+=", "*=", "-=", "/=", "%=") + " " + expr(ctx, v.type, 3) + ";");
            case BOOL:
                return stmt(in, v.name + " " + pick("=", "&=", "|=", "^=") + " " + expr(ctx, Type.BOOL, 3) + ";");
            case STR:
                return stmt(in, v.name + " " + pick("=", "+=") + " " + expr(ctx, Type.STR, 3) + ";");
            default:
                return stmt(in, v.name + " = " + expr(ctx, v.type, 3) + ";");
        }
    }

    /**
     * A compound assignment's operator and right-hand side for a byte, short or char: any operator,
     * with an int, long, float or double operand (divisors guarded), narrowed back implicitly.
     */
    private String compound(Ctx ctx) {
        String op = pick("+=", "-=", "*=", "/=", "%=", "^=", "|=", "&=", "<<=", ">>=", ">>>=");
        Type t = op.length() == 2 && "+-*/%".indexOf(op.charAt(0)) >= 0
                ? pick(Type.INT, Type.LONG, Type.FLOAT, Type.DOUBLE) : pick(Type.INT, Type.LONG);
        String rhs = expr(ctx, t, 2);
        if (op.equals("/=") || op.equals("%=")) {
            rhs = t == Type.INT ? "(" + rhs + " | 1)" : t == Type.LONG ? "(" + rhs + " | 1L)" : rhs;
        }
        return op + " " + rhs;
    }

    /** Statements on bytes, shorts, chars and floats: increments, compound assignments, overflowing casts. */
    private Code primitiveStatement(Ctx ctx, String in) {
        Type t = pick(Type.BYTE, Type.SHORT, Type.CHAR, Type.FLOAT);
        String name = "n" + names++;
        Code c = new Code(ids++);
        String init = t == Type.FLOAT ? expr(ctx, Type.FLOAT, 2) : "(" + t.java + ") (" + expr(ctx, Type.INT, 2) + ")";
        c.text(in + t.java + " " + name + " = " + init + ";\n");
        switch (r.nextInt(4)) {
            case 0: c.text(in + name + pick("++;", "--;", " += 1;", " -= 1;") + "\n"); break;
            case 1: c.text(in + name + " " + (t == Type.FLOAT ? pick("*=", "/=", "+=") + " " + expr(ctx, Type.FLOAT, 2)
                    : compound(ctx)) + ";\n"); break;
            case 2: c.text(in + name + " = (" + t.java + ") (" + name + " " + pick("+", "*", "-") + " "
                    + expr(ctx, pick(Type.INT, Type.LONG), 2) + ");\n"); break;
            default: c.text(in + name + " = (" + t.java + ") " + expr(ctx, pick(Type.LONG, Type.DOUBLE, Type.FLOAT), 2) + ";\n");
        }
        c.text(in + "log(\"" + t.java + " \" + " + name + " + \" \" + (int) " + name + " + \" \" + (long) " + name
                + " + \" \" + (" + (t == Type.FLOAT ? "double" : "int") + ") " + name + ");\n");
        ctx.scopes.get(ctx.scopes.size() - 1).add(new Var(name, t, true, false));
        return c;
    }

    private Code jump(Ctx ctx, String in) {
        if (ctx.inFinally || ctx.breakables == 0) {
            return stmt(in, "log(" + expr(ctx, Type.STR, 2) + ");");
        }
        String cond = "if (" + expr(ctx, Type.BOOL, 2) + ") ";
        List<String> labels = new ArrayList<>();
        for (String l : ctx.labels) {
            if (l != null) {
                labels.add(l);
            }
        }
        if (!labels.isEmpty() && r.nextBoolean()) {
            return stmt(in, cond + pick("break ", "continue ") + pick(labels.toArray(new String[0])) + ";");
        }
        if (ctx.loops > 0 && r.nextBoolean()) {
            return stmt(in, cond + "continue;");
        }
        return stmt(in, cond + "break;");
    }

    private Code ifElse(Ctx ctx, String in) {
        Code c = new Code(ids++);
        c.text(in + "if (" + expr(ctx, Type.BOOL, 3) + ") {\n");
        block(c, ctx, 1 + r.nextInt(3), in + "    ");
        if (r.nextBoolean()) {
            c.text(in + "} else {\n");
            block(c, ctx, 1 + r.nextInt(3), in + "    ");
        }
        return c.text(in + "}\n");
    }

    private Code loop(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String label = r.nextInt(3) == 0 ? "l" + names++ : null;
        String prefix = label == null ? "" : label + ": ";
        String i = "i" + names++;
        int bound = 1 + r.nextInt(4);
        ctx.scopes.add(new ArrayList<>());
        int kind = r.nextInt(5);
        String close;
        switch (kind) {
            case 0:
                c.text(in + "int " + i + " = 0;\n" + in + prefix + "while (" + i + " < " + bound
                        + (r.nextBoolean() ? "" : " && " + await(ctx, Type.BOOL, 2)) + ") {\n"
                        + in + "    " + i + "++;\n");
                close = in + "}\n";
                break;
            case 1:
                c.text(in + "int " + i + " = 0;\n" + in + prefix + "do {\n" + in + "    " + i + "++;\n");
                close = in + "} while (" + i + " < " + bound + " && " + expr(ctx, Type.BOOL, 2) + ");\n";
                break;
            case 2:
                c.text(in + prefix + "for (int " + i + " : new int[] {" + lit(Type.INT) + ", " + i.length() + ", "
                        + r.nextInt(9) + "}) {\n");
                close = in + "}\n";
                break;
            case 3:
                c.text(in + prefix + "for (int " + i + " : Arrays.asList(" + lit(Type.INT) + ", " + r.nextInt(9) + ")) {\n");
                close = in + "}\n";
                break;
            default:
                c.text(in + prefix + "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {\n");
                close = in + "}\n";
        }
        ctx.scopes.get(ctx.scopes.size() - 1).add(new Var(i, Type.INT, false, false));
        ctx.labels.add(label);
        ctx.loops++;
        ctx.breakables++;
        Code body = new Code(-1);
        block(body, ctx, 1 + r.nextInt(4), in + "    ");
        c.add(body);
        ctx.loops--;
        ctx.breakables--;
        ctx.labels.remove(ctx.labels.size() - 1);
        ctx.scopes.remove(ctx.scopes.size() - 1);
        if (kind <= 1) {
            // the counter's block, so the minimizer deletes the loop and its counter together
            Code wrapped = new Code(ids++).text(in + "{\n");
            c.text(close);
            return wrapped.add(c).text(in + "}\n");
        }
        return c.text(close);
    }

    private Code switchStatement(Ctx ctx, String in) {
        Code c = new Code(ids++);
        boolean arrows = release >= 14 && r.nextBoolean();
        int kind = r.nextInt(3);
        String selector;
        String[] labels;
        switch (kind) {
            case 0:
                selector = "Math.floorMod(" + expr(ctx, Type.INT, 2) + ", 5)";
                labels = new String[] {"0", "1", "3", "4"};
                break;
            case 1:
                if (r.nextBoolean()) {
                    // "Aa" and "BB" have the same hash code: the compilers' two-level string switch
                    selector = "new String[] {\"Aa\", \"BB\", \"C#\", \"k\"}[Math.floorMod(" + expr(ctx, Type.INT, 2) + ", 4)]";
                    labels = new String[] {"\"BB\"", "\"Aa\"", "\"k\""};
                } else {
                    selector = "\"k\" + Math.floorMod(" + expr(ctx, Type.INT, 2) + ", 4)";
                    labels = new String[] {"\"k0\"", "\"k1\"", "\"k3\""};
                }
                break;
            default:
                selector = "E.values()[Math.floorMod(" + expr(ctx, Type.INT, 2) + ", 3)]";
                labels = new String[] {"A", "B", "C"};
        }
        c.text(in + "switch (" + selector + ") {\n");
        ctx.breakables++;
        ctx.labels.add(null);
        ctx.loops -= 0;
        int cases = 1 + r.nextInt(labels.length);
        for (int k = 0; k < cases; k++) {
            Code arm = new Code(ids++);
            arm.text(in + "    case " + labels[k] + (arrows ? " -> {\n" : ": {\n"));
            block(arm, ctx, 1 + r.nextInt(3), in + "        ");
            arm.text(in + "    }" + (!arrows && r.nextInt(3) > 0 ? " break;\n" : "\n"));
            c.add(arm);
        }
        if (r.nextBoolean()) {
            Code arm = new Code(ids++);
            arm.text(in + "    default" + (arrows ? " -> {\n" : ": {\n"));
            block(arm, ctx, 1 + r.nextInt(2), in + "        ");
            arm.text(in + "    }\n");
            c.add(arm);
        }
        ctx.labels.remove(ctx.labels.size() - 1);
        ctx.breakables--;
        return c.text(in + "}\n");
    }

    private Code tryStatement(Ctx ctx, String in) {
        Code c = new Code(ids++);
        boolean resource = r.nextInt(4) == 0;
        c.text(in + (resource ? "try (R res" + names++ + " = new R(" + expr(ctx, Type.STR, 2) + ")) {\n" : "try {\n"));
        block(c, ctx, 1 + r.nextInt(4), in + "    ");
        int shape = r.nextInt(resource ? 5 : 4);   // 0 catch, 1 finally, 2 both, 3 two catches, 4 neither
        if (shape != 1 && shape != 4) {
            String e = "e" + names++;
            c.text(in + "} catch (" + (shape == 3 ? "Boom" : pick("Boom", "RuntimeException")) + " " + e + ") {\n");
            c.add(stmt(in + "    ", "log(\"caught \" + " + e + ".getMessage());"));
            if (r.nextBoolean()) {
                // an await in the handler, with the caught exception live across it
                c.add(stmt(in + "    ", "log(\"h\" + Weft.await(t(" + e + ".getMessage())) + " + e + ".getMessage().length());"));
            }
            block(c, ctx, r.nextInt(3), in + "    ");
            if (r.nextInt(4) == 0) {
                c.add(stmt(in + "    ", "if (" + expr(ctx, Type.BOOL, 1) + ") throw " + e + ";"));
            }
            if (shape == 3) {
                String e2 = "e" + names++;
                c.text(in + "} catch (IllegalStateException | ArithmeticException " + e2 + ") {\n");
                c.add(stmt(in + "    ", "log(\"ise \" + " + e2 + ".getMessage());"));
                block(c, ctx, r.nextInt(2), in + "    ");
            }
        }
        if (shape == 1 || shape == 2) {
            c.text(in + "} finally {\n");
            boolean was = ctx.inFinally;
            ctx.inFinally = true;
            c.add(stmt(in + "    ", "log(\"fin\");"));
            if (r.nextBoolean()) {
                // an await in the finally block: on the normal path, and with an exception (or a return) pending
                c.add(stmt(in + "    ", "log(\"f\" + " + await(ctx, Type.INT, 2) + ");"));
            }
            block(c, ctx, r.nextInt(3), in + "    ");
            if (r.nextInt(3) == 0) {
                // a finally that throws its own exception, replacing a pending one (or a return), after an await
                String fw = "fw" + names++;
                c.add(stmt(in + "    ", "int " + fw + " = Weft.await(t(" + expr(ctx, Type.INT, 2) + ")); log(\"fw\" + " + fw + ");"));
                c.add(stmt(in + "    ", "if ((" + fw + " & 1) == 0 || " + expr(ctx, Type.BOOL, 1) + ") throw new Boom(\"fin\" + " + fw + ");"));
            }
            ctx.inFinally = was;
        }
        return c.text(in + "}\n");
    }

    /** A lambda returning a task, awaiting inside; it sees only effectively final locals. */
    private Code lambda(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String copy = "c" + names++;
        String s = "s" + names++;
        c.text(in + "final int " + copy + " = " + expr(ctx, Type.INT, 2) + ";\n");
        c.text(in + "Supplier<Task<Integer>> " + s + " = () -> {\n");
        Ctx inner = innerCtx(ctx);
        inner.scopes.get(0).add(new Var(copy, Type.INT, false, true));
        int saved = budget;
        budget = Math.min(budget, 4);
        block(c, inner, 1 + r.nextInt(3), in + "    ");
        budget = saved - 2;
        c.text(in + "    return Task.of((int) (" + expr(inner, Type.INT, 2) + "));\n" + in + "};\n");
        c.text(in + "log(Weft.await(" + s + ".get()));\n");
        return c;
    }

    /** A local class with an async method, constructed with awaited arguments. */
    private Code localClass(Ctx ctx, String in) {
        Code c = new Code(ids++);
        String cls = "Local" + names++;
        c.text(in + "class " + cls + " {\n" + in + "    int k;\n" + in + "    " + cls + "(int k) { this.k = k; }\n");
        c.text(in + "    @Async Task<Integer> go(int z) {\n");
        Ctx inner = innerCtx(ctx);
        inner.scopes.get(0).add(new Var("z", Type.INT, true, false));
        inner.scopes.get(0).add(new Var("k", Type.INT, true, false));
        int saved = budget;
        budget = Math.min(budget, 4);
        block(c, inner, 1 + r.nextInt(3), in + "        ");
        budget = saved - 2;
        c.text(in + "        return Task.of(z + k);\n" + in + "    }\n" + in + "}\n");
        c.text(in + "log(Weft.await(new " + cls + "(" + expr(ctx, Type.INT, 2) + ").go(" + expr(ctx, Type.INT, 2) + ")));\n");
        return c;
    }

    private Ctx innerCtx(Ctx outer) {
        Ctx inner = new Ctx();
        for (List<Var> scope : outer.scopes) {
            for (Var v : scope) {
                if (v.effFinal) {
                    inner.scopes.get(0).add(new Var(v.name, v.type, false, true));
                }
            }
        }
        inner.hasDepth = outer.hasDepth;
        inner.inInstance = outer.inInstance;
        inner.calls = 2;   // no recursion from inside: keeps the call tree small
        inner.nesting = outer.nesting + 2;
        return inner;
    }

    /** Compound assignments to fields and array elements: the object (and index) wait on the stack. */
    private Code fieldStatement(Ctx ctx, String in) {
        String target;
        Type t;
        switch (r.nextInt(5)) {
            case 0: target = "O.f"; t = Type.INT; break;
            case 1: target = "O.g"; t = Type.LONG; break;
            case 2: target = "O.h"; t = Type.DOUBLE; break;
            case 3: target = "O.s"; t = Type.STR; break;
            default: target = "LA[Math.floorMod(" + expr(ctx, Type.INT, 1) + ", 3)]"; t = Type.LONG;
        }
        String op = t == Type.STR ? "+=" : t == Type.DOUBLE ? pick("+=", "*=", "-=") : pick("+=", "-=", "^=", "*=");
        return stmt(in, target + " " + op + " " + expr(ctx, t, 3) + "; log(\"o\" + O.f + \",\" + O.g + \",\" + O.h + \",\" + O.s.length() + Arrays.toString(LA));");
    }

    private Code arrayStatement(Ctx ctx, String in) {
        if (r.nextBoolean()) {
            return typedArrayStatement(ctx, in);
        }
        String arr = arrayName(ctx);
        if (arr == null) {
            String name = "a" + names++;
            Code c = stmt(in, "long[] " + name + " = new long[" + (1 + r.nextInt(4)) + "]; " + name + "[0] = "
                    + expr(ctx, Type.LONG, 2) + "; log(Arrays.toString(" + name + "));");
            return c;
        }
        return stmt(in, arr + "[Math.floorMod(" + expr(ctx, Type.INT, 2) + ", " + arr + ".length)] "
                + pick("=", "+=", "^=") + " " + expr(ctx, Type.INT, 2) + ";");
    }

    /**
     * An array of another element type (or of int rows), one element updated in place: the array
     * and its index (two, for a row) wait on the stack while the right-hand side awaits.
     */
    private Code typedArrayStatement(Ctx ctx, String in) {
        String name = "ta" + names++;
        String index = "[Math.floorMod(" + expr(ctx, Type.INT, 1) + ", 3)]";
        if (r.nextInt(5) == 0) {
            return stmt(in, "int[][] " + name + " = new int[3][2]; " + name + index + "[Math.floorMod("
                    + expr(ctx, Type.INT, 1) + ", 2)] " + pick("+=", "=", "*=", "<<=") + " " + expr(ctx, Type.INT, 2)
                    + "; log(Arrays.deepToString(" + name + "));");
        }
        Type t = pick(Type.BYTE, Type.SHORT, Type.CHAR, Type.FLOAT, Type.DOUBLE, Type.BOOL, Type.STR);
        String update;
        switch (t) {
            case BYTE: case SHORT: case CHAR:
                update = r.nextInt(3) == 0 ? pick("++", "--") : " " + compound(ctx);
                break;
            case FLOAT: case DOUBLE:
                update = " " + pick("+=", "*=", "/=", "-=", "=") + " " + expr(ctx, t, 2);
                break;
            case BOOL:
                update = " " + pick("|=", "^=", "&=", "=") + " " + expr(ctx, Type.BOOL, 2);
                break;
            default:
                update = " " + pick("+=", "=") + " " + expr(ctx, Type.STR, 2);
        }
        return stmt(in, t.java + "[] " + name + " = {" + lit(t) + ", " + lit(t) + ", " + lit(t) + "}; "
                + name + index + update + "; log(Arrays.toString(" + name + "));");
    }

    private String arrayName(Ctx ctx) {
        for (List<Var> scope : ctx.scopes) {
            for (Var v : scope) {
                if (v.type == null) {
                    return v.name;
                }
            }
        }
        return null;
    }

    // ---- expressions ----------------------------------------------------------------------------

    private String await(Ctx ctx, Type t, int depth) {
        // cast to the primitive, so the await is usable anywhere its type is (also under a cast)
        return "((" + t.java + ") Weft.await(" + (r.nextInt(4) == 0 ? "cs(" : "t(") + cast(t, expr(ctx, t, depth - 1)) + ")))";
    }

    /** Boxes to exactly the type's wrapper, so t(...) is a Task of that wrapper. */
    private static String cast(Type t, String e) {
        switch (t) {
            case BYTE: case SHORT: case CHAR: case LONG: case FLOAT: case DOUBLE:
                return "(" + t.java + ") (" + e + ")";
            default:
                return e;
        }
    }

    String expr(Ctx ctx, Type t, int depth) {
        if (depth <= 0) {
            Var v = pickVar(ctx, t, false);
            return v != null && r.nextBoolean() ? v.name : lit(t);
        }
        int k = r.nextInt(10);
        if (k == 0) {
            return await(ctx, t, depth);
        }
        if (k == 1) {
            Var v = pickVar(ctx, t, false);
            if (v != null) {
                return v.name;
            }
        }
        if (k == 2) {
            return "(" + expr(ctx, Type.BOOL, depth - 1) + " ? " + expr(ctx, t, depth - 1) + " : "
                    + expr(ctx, t, depth - 1) + ")";
        }
        switch (t) {
            case INT: return intExpr(ctx, depth);
            case LONG: return longExpr(ctx, depth);
            case DOUBLE: case FLOAT: return floating(ctx, t, depth);
            case BOOL: return boolExpr(ctx, depth);
            case STR: return strExpr(ctx, depth);
            default: return "(" + t.java + ") (" + intExpr(ctx, depth) + ")";
        }
    }

    private String intExpr(Ctx ctx, int depth) {
        int d = depth - 1;
        switch (r.nextInt(17)) {
            case 0: return "(" + expr(ctx, Type.INT, d) + " " + pick("+", "-", "*", "&", "|", "^", "<<", ">>", ">>>")
                    + " " + expr(ctx, Type.INT, d) + ")";
            case 1: return "(" + expr(ctx, Type.INT, d) + " " + pick("/", "%") + " (" + expr(ctx, Type.INT, d) + " | 1))";
            case 2: return "(int) " + expr(ctx, pick(Type.LONG, Type.DOUBLE, Type.FLOAT, Type.CHAR, Type.BYTE, Type.SHORT), d);
            case 3: {
                if (ctx.hasDepth && ctx.calls < 2 && ctx.loops == 0) {
                    ctx.calls++;
                    return "(d > 0 ? (int) Weft.await(m" + r.nextInt(methods) + "(d - 1, " + expr(ctx, Type.INT, d) + ")) : "
                            + expr(ctx, Type.INT, d) + ")";
                }
                return await(ctx, Type.INT, depth);
            }
            case 4: {
                String arr = arrayName(ctx);
                if (arr != null) {
                    return arr + "[Math.floorMod(" + expr(ctx, Type.INT, d) + ", " + arr + ".length)]";
                }
                return "(" + pick("-", "~") + " " + expr(ctx, Type.INT, d) + ")";
            }
            case 5: return expr(ctx, Type.STR, d) + "." + pick("length()", "hashCode()");
            case 6: {
                if (switchExpressions) {
                    return switchExpression(ctx, d);
                }
                return "Integer.compare(" + expr(ctx, Type.INT, d) + ", " + expr(ctx, Type.INT, d) + ")";
            }
            case 7: {
                Var v = pickVar(ctx, Type.INT, true);
                if (v != null) {
                    return "(" + v.name + " " + pick("+=", "=", "-=") + " " + expr(ctx, Type.INT, d) + ")";
                }
                return lit(Type.INT);
            }
            case 8: return "new P(" + expr(ctx, Type.INT, d) + ", " + expr(ctx, Type.STR, d) + ").a";
            case 9: return "Math.max(" + expr(ctx, Type.INT, d) + ", " + expr(ctx, Type.INT, d) + ")";
            case 10: {
                // overflow that throws: ArithmeticException out of the middle of an expression
                if (r.nextInt(3) == 0) {
                    return "Math.toIntExact(" + expr(ctx, Type.LONG, d) + ")";
                }
                return "Math." + pick("addExact", "subtractExact", "multiplyExact") + "(" + expr(ctx, Type.INT, d) + ", "
                        + expr(ctx, Type.INT, d) + ")";
            }
            case 11: return plainLambda(ctx, d);
            case 12: {
                // increments as expressions, of every type that reads as an int
                Var v = pickNarrow(ctx);
                if (v != null) {
                    return r.nextBoolean() ? "(" + v.name + pick("++", "--") + ")" : "(" + pick("++", "--") + v.name + ")";
                }
                return "(" + pick("-", "~") + " " + expr(ctx, Type.INT, d) + ")";
            }
            default: return "(" + expr(ctx, Type.INT, d) + " + " + expr(ctx, Type.INT, d) + ")";
        }
    }

    /**
     * A switch expression (javac, release 14+) over an int, a String or the enum, arrows or colons
     * with yield, cast to int.
     */
    private String switchExpression(Ctx ctx, int d) {
        String selector;
        String[] labels;
        boolean exhaustive = false;
        switch (r.nextInt(3)) {
            case 0:
                selector = "Math.floorMod(" + expr(ctx, Type.INT, d) + ", 3)";
                labels = new String[] {"0", "1"};
                break;
            case 1:
                selector = "new String[] {\"Aa\", \"BB\", \"k\"}[Math.floorMod(" + expr(ctx, Type.INT, d) + ", 3)]";
                labels = new String[] {"\"Aa\"", "\"BB\""};
                break;
            default:
                selector = "E.values()[Math.floorMod(" + expr(ctx, Type.INT, d) + ", 3)]";
                exhaustive = r.nextBoolean();   // no default: the compiler adds one that throws
                labels = exhaustive ? new String[] {"A", "B", "C"} : new String[] {"A", "C"};
        }
        boolean arrows = r.nextBoolean();
        StringBuilder b = new StringBuilder("((int) (switch (" + selector + ") { ");
        for (int i = 0; i < labels.length; i++) {
            b.append("case ").append(labels[i]);
            if (i == 1) {
                String y = "y" + names++;
                b.append(arrows ? " -> { " : ": { ").append("int ").append(y).append(" = ").append(expr(ctx, Type.INT, d))
                        .append("; log(\"sw\" + ").append(y).append("); yield ").append(expr(ctx, Type.INT, d))
                        .append(" + ").append(y).append("; } ");
            } else {
                b.append(arrows ? " -> " : ": yield ").append(expr(ctx, Type.INT, d)).append("; ");
            }
        }
        if (!exhaustive) {
            b.append(arrows ? "default -> " : "default: yield ").append(expr(ctx, Type.INT, d)).append("; ");
        }
        // Cast to int: an arm may read a byte, short or char variable, and as the argument of a
        // generic call (t(switch ...)) each arm would be boxed on its own (Short, Integer), whose
        // inferred common type javac rejects. Under the cast every arm is an int.
        return b.append("}))").toString();
    }

    /**
     * A lambda or method reference that does not await, called at once with (maybe awaited)
     * arguments; the lambda captures an effectively final int.
     */
    private String plainLambda(Ctx ctx, int d) {
        String args = expr(ctx, Type.INT, d) + ", " + expr(ctx, Type.INT, d);
        switch (r.nextInt(3)) {
            case 0: return "((IntBinaryOperator) " + pick("Integer::sum", "Math::max", "Integer::rotateLeft") + ").applyAsInt(" + args + ")";
            case 1: {
                Var captured = pickEffectivelyFinalInt(ctx);
                String p = "p" + names++;
                String q = "q" + names++;
                return "((IntBinaryOperator) (" + p + ", " + q + ") -> " + p + " * 31 + " + q + " + "
                        + (captured != null ? captured.name : lit(Type.INT)) + ").applyAsInt(" + args + ")";
            }
            default: {
                String p = "p" + names++;
                return "((ToIntFunction<String>) " + p + " -> " + p + ".length() + " + p + ".hashCode()).applyAsInt("
                        + expr(ctx, Type.STR, d) + ")";
            }
        }
    }

    private Var pickEffectivelyFinalInt(Ctx ctx) {
        List<Var> found = new ArrayList<>();
        for (List<Var> scope : ctx.scopes) {
            for (Var v : scope) {
                if (v.effFinal && v.type == Type.INT) {
                    found.add(v);
                }
            }
        }
        return found.isEmpty() ? null : found.get(r.nextInt(found.size()));
    }

    /** An assignable int, byte, short or char variable, or null. */
    private Var pickNarrow(Ctx ctx) {
        List<Var> found = new ArrayList<>();
        for (List<Var> scope : ctx.scopes) {
            for (Var v : scope) {
                if (v.assignable && (v.type == Type.INT || v.type == Type.BYTE || v.type == Type.SHORT || v.type == Type.CHAR)) {
                    found.add(v);
                }
            }
        }
        return found.isEmpty() ? null : found.get(r.nextInt(found.size()));
    }

    private String longExpr(Ctx ctx, int depth) {
        int d = depth - 1;
        switch (r.nextInt(8)) {
            case 0: return "(" + expr(ctx, Type.LONG, d) + " " + pick("+", "-", "*", "&", "|", "^") + " "
                    + expr(ctx, Type.LONG, d) + ")";
            case 6: return "(" + pick("-", "~") + " " + expr(ctx, Type.LONG, d) + ")";
            case 7: return r.nextBoolean() ? "(long) " + expr(ctx, pick(Type.FLOAT, Type.CHAR, Type.SHORT), d)
                    : "Math.multiplyExact(" + expr(ctx, Type.LONG, d) + ", " + expr(ctx, Type.LONG, d) + ")";
            case 1: return "(" + expr(ctx, Type.LONG, d) + " " + pick("/", "%") + " (" + expr(ctx, Type.LONG, d) + " | 1L))";
            case 2: return "(" + expr(ctx, Type.LONG, d) + " " + pick("<<", ">>", ">>>") + " " + expr(ctx, Type.INT, d) + ")";
            case 3: return "(long) " + expr(ctx, pick(Type.INT, Type.DOUBLE), d);
            case 4: return "Long.rotateLeft(" + expr(ctx, Type.LONG, d) + ", " + expr(ctx, Type.INT, d) + ")";
            default: return "(" + expr(ctx, Type.INT, d) + " * " + lit(Type.LONG) + ")";
        }
    }

    private String floating(Ctx ctx, Type t, int depth) {
        int d = depth - 1;
        switch (r.nextInt(6)) {
            case 0: return "(" + expr(ctx, t, d) + " " + pick("+", "-", "*", "/", "%") + " " + expr(ctx, t, d) + ")";
            case 1: return "(" + t.java + ") " + expr(ctx, pick(Type.INT, Type.LONG, Type.DOUBLE, Type.FLOAT), d);
            case 4: return "(- " + expr(ctx, t, d) + ")";
            case 2: return "(" + t.java + ") Math.sqrt(Math.abs(" + expr(ctx, Type.DOUBLE, d) + "))";
            default: return "(" + expr(ctx, Type.INT, d) + " * " + lit(t) + ")";
        }
    }

    private String boolExpr(Ctx ctx, int depth) {
        int d = depth - 1;
        switch (r.nextInt(6)) {
            case 0: return "(" + expr(ctx, Type.BOOL, d) + " " + pick("&&", "||", "^", "&") + " " + expr(ctx, Type.BOOL, d) + ")";
            case 1: return "!" + expr(ctx, Type.BOOL, d);
            case 2: {
                Type t = pick(Type.LONG, Type.DOUBLE, Type.FLOAT, Type.CHAR, Type.BYTE, Type.SHORT);
                return "(" + expr(ctx, t, d) + " " + pick("<", ">=", "==", "!=", ">", "<=") + " " + expr(ctx, t, d) + ")";
            }
            case 3: return expr(ctx, Type.STR, d) + ".equals(" + expr(ctx, Type.STR, d) + ")";
            default: return "(" + expr(ctx, Type.INT, d) + " " + pick("<", ">", "<=", ">=", "==", "!=") + " "
                    + expr(ctx, Type.INT, d) + ")";
        }
    }

    private String strExpr(Ctx ctx, int depth) {
        int d = depth - 1;
        switch (r.nextInt(6)) {
            case 0: return "(" + expr(ctx, Type.STR, d) + " + " + expr(ctx, pick(Type.values()), d) + ")";
            case 1: return "String.valueOf(" + expr(ctx, pick(Type.values()), d) + ")";
            case 2: return "new P(" + expr(ctx, Type.INT, d) + ", " + expr(ctx, Type.STR, d) + ").toString()";
            case 3: return "new StringBuilder(" + expr(ctx, Type.STR, d) + ").append(" + expr(ctx, Type.LONG, d)
                    + ").reverse().toString()";
            case 4: return "(\"\" + " + expr(ctx, pick(Type.values()), d) + " + '" + (char) ('a' + r.nextInt(26)) + "')";
            default: return lit(Type.STR);
        }
    }

    private String lit(Type t) {
        switch (t) {
            case INT: return pick("0", "1", "-1", "7", "42", "Integer.MAX_VALUE", "Integer.MIN_VALUE", "1000003",
                    String.valueOf(r.nextInt(200) - 100));
            case LONG: return pick("0L", "1L", "-3L", "Long.MAX_VALUE", "Long.MIN_VALUE", "4294967296L",
                    r.nextInt(1000) + "L");
            case DOUBLE: return pick("0.0", "1.5", "-2.25", "1e300", "Double.NaN", "0.1", r.nextInt(100) + ".5");
            case FLOAT: return pick("0f", "1.5f", "-0.5f", "3.4e38f", r.nextInt(100) + ".25f");
            case BOOL: return pick("true", "false");
            case STR: return pick("\"\"", "\"a\"", "\"xyz\"", "\"k1\"", "\"s" + r.nextInt(50) + "\"");
            case BYTE: return "(byte) " + (r.nextInt(256) - 128);
            case SHORT: return "(short) " + (r.nextInt(65536) - 32768);
            case CHAR: return pick("'a'", "'Z'", "'\\u00e9'", "(char) 65535");
            default: throw new AssertionError(t);
        }
    }

    /** A variable readable as {@code t} (null: any assignable variable), or null. */
    private Var pickVar(Ctx ctx, Type t, boolean assignable) {
        List<Var> found = new ArrayList<>();
        for (List<Var> scope : ctx.scopes) {
            for (Var v : scope) {
                if (v.type == null || (assignable && !v.assignable)) {
                    continue;
                }
                if (t == null || v.type == t || (t == Type.INT && (v.type == Type.BYTE || v.type == Type.SHORT
                        || v.type == Type.CHAR) && !assignable)) {
                    found.add(v);
                }
            }
        }
        return found.isEmpty() ? null : found.get(r.nextInt(found.size()));
    }

    @SafeVarargs
    private final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }
}
