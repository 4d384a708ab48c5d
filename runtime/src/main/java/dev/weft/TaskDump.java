package dev.weft;

import dev.weft.internal.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Task dumps ({@link Weft#dumpTasks}, {@link Task#dump}, {@code TaskDumps.everyLoop()}): a snapshot
 * of a loop's live tasks taken on the loop's own thread (its frames and waiters are that thread's),
 * then rendered as a tree of who awaits whom. Nothing here runs unless a dump is asked for.
 *
 * <pre>
 * Task dump of loop 'main' (3 tasks):
 * Task 'Task-1' (waiting)
 *     at demo.Main.main(Main.java:30)
 *     waits on gather of 2
 *     Task 'a' (waiting)
 *         at demo.Main.worker(Main.java:21)
 *         waits on AsyncLock held by Task 'b'
 * </pre>
 */
final class TaskDump {
    private static final String INDENT = "    ";
    /** How long a loop gets to dump itself before it is read from the asking thread. */
    private static final long ANSWER_MILLIS = 1000;
    /** More frames than this in one task are counted, not listed (chains can be 100,000 deep). */
    private static final int MAX_FRAMES = 1000;
    /**
     * Deeper levels of the tree are not indented further but written at this level with their
     * level number, so that a chain of n tasks awaiting tasks makes a dump of size O(n), not O(n²).
     */
    static final int MAX_INDENT = 20;

    private TaskDump() {
    }

    /** One task, or a coroutine or a waited-on task shown under one. */
    static final class Node {
        final Task<?> task;
        final String title;
        /** Await sites, outermost first. */
        final List<StackTraceElement> frames = new ArrayList<>();
        int framesLeftOut;
        String waitsOn;
        /** {@link LoopTask}s (shown as their own nodes) and inline {@link Node}s. */
        final List<Object> children = new ArrayList<>();
        /** For tasks of a group of loops: the loop's name. */
        String loopName;

        Node(Task<?> task, String title) {
            this.task = task;
            this.title = title;
        }
    }

    // ---- one task ---------------------------------------------------------------------------

    static List<StackTraceElement> stackOf(Task<?> task) {
        Node n = nodeOf(task, EventLoop.current());
        List<StackTraceElement> s = new ArrayList<>(n.frames);
        Collections.reverse(s);
        return Collections.unmodifiableList(s);
    }

    static void dumpOne(Task<?> task, Appendable out) {
        Node n = nodeOf(task, EventLoop.current());
        n.children.clear();
        write(out, render(List.of(n), null, null));
    }

    static void print(Consumer<Appendable> dump) {
        StringBuilder b = new StringBuilder();
        dump.accept(b);
        System.out.print(b);
        System.out.flush();
    }

    private static Node nodeOf(Task<?> task, EventLoop current) {
        if (task instanceof LoopTask) {
            LoopTask<?> t = (LoopTask<?>) task;
            return taskNode(t, t.loop());
        }
        Node n = new Node(task, task.isDone() ? "Task (" + state(task) + ")" : task instanceof Coroutine
                ? "coroutine" + ownerSuffix((Coroutine<?>) task) + " (waiting)" : "Task (waiting)");
        if (!task.isDone()) {
            follow(n, task, visited());
        }
        return n;
    }

    // ---- snapshots --------------------------------------------------------------------------

    /** The nodes of {@code loop}'s live tasks, in creation order; on the loop's thread (or racily, from another). */
    static List<Node> snapshot(EventLoop loop, boolean named) {
        List<Node> nodes = new ArrayList<>();
        for (LoopTask<?> t : loop.liveTaskList()) {
            Node n = taskNode(t, loop);
            if (named) {
                n.loopName = loop.name();
            }
            nodes.add(n);
        }
        return nodes;
    }

    private static Node taskNode(LoopTask<?> t, EventLoop loop) {
        String state = t.isDone() ? state(t) : !t.isStarted() ? "scheduled" : t == loop.currentTask() ? "running" : "waiting";
        Node n = new Node(t, "Task '" + t.name() + "' (" + state + ")");
        Task<?> inner = t.inner();
        if (inner != null && !t.isDone()) {
            follow(n, inner, visited());
        }
        return n;
    }

    private static String state(Task<?> t) {
        return t.isCancelled() ? "cancelled" : t.isFailed() ? "failed" : t.isDone() ? "done" : "pending";
    }

    private static Set<Task<?>> visited() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * Adds the frames of the chain of coroutines from {@code start} down, and what the innermost waits on.
     * {@code visited}: the frames and inline tasks of this node's tree so far, so that frames that
     * await one another (a deadlock, which a dump is for) end the walk, shown as a cycle.
     */
    private static void follow(Node n, Task<?> start, Set<Task<?>> visited) {
        Task<?> cur = start;
        while (cur instanceof Coroutine && !cur.isDone()) {
            if (!visited.add(cur)) {
                n.waitsOn = cycle(cur);
                return;
            }
            Coroutine<?> c = (Coroutine<?>) cur;
            StackTraceElement site = siteOf(c);
            if (site != null) {
                if (n.frames.size() < MAX_FRAMES) {
                    n.frames.add(site);
                } else {
                    n.framesLeftOut++;
                }
            }
            Task<?> next = ((Task<?>) c).awaitedTask();
            if (next instanceof SleepMark) {
                n.waitsOn = ((SleepMark) next).waitsOn(c); // the frame is its own queue or timer entry
                return;
            }
            if (next instanceof Coroutine && !next.isDone() && ((Task<?>) next).ownerTask() == ((Task<?>) c).ownerTask()) {
                cur = next; // called inline by this frame: the same task's next frame
                continue;
            }
            waitsOn(n, next, visited);
            return;
        }
        if (cur != null && !(cur instanceof Coroutine)) {
            waitsOn(n, cur, visited); // a task whose body is no coroutine: createTask(() -> sleep(1000))
        }
    }

    /** What a frame or task already shown in this tree is called when it is awaited again: a cycle. */
    private static String cycle(Task<?> t) {
        String what = t instanceof Coroutine ? "coroutine" + ownerSuffix((Coroutine<?>) t) + at((Coroutine<?>) t)
                : waitsOnOf(t);
        return what + ", shown above: a cycle of awaits (a deadlock)";
    }

    private static String at(Coroutine<?> c) {
        StackTraceElement s = siteOf(c);
        return s == null ? "" : " at " + format(s);
    }

    /** Where frame {@code c} waits: its await site, else (a class woven without a debug table) its method. */
    private static StackTraceElement siteOf(Coroutine<?> c) {
        StackTraceElement s = c.awaitSite();
        if (s != null || ((Task<?>) c).awaitedTask() == null) {
            return s;
        }
        // describe() is "coroutine pkg.Owner.method" (and more in debug mode)
        String d = ((Task<?>) c).describe();
        String m = d.startsWith("coroutine ") ? d.substring("coroutine ".length()) : d;
        int space = m.indexOf(' ');
        if (space > 0) {
            m = m.substring(0, space);
        }
        int dot = m.lastIndexOf('.');
        return dot < 0 ? null : new StackTraceElement(m.substring(0, dot), m.substring(dot + 1), null, -1);
    }

    private static void waitsOn(Node n, Task<?> w, Set<Task<?>> visited) {
        if (w == null) {
            return; // it runs now
        }
        if (w.isDone()) {
            n.waitsOn = "nothing: it resumes on the loop's next turn";
            return;
        }
        w = asTask(w);
        if (w instanceof LoopTask) {
            n.waitsOn = "Task '" + w.name() + "'";
            n.children.add(w);
        } else if (visited.contains(w)) {
            n.waitsOn = cycle(w);
        } else if (w instanceof Coroutine) {
            n.waitsOn = "a coroutine";
            n.children.add(inlineNode(w, visited));
        } else {
            visited.add(w);
            n.waitsOn = waitsOnOf(w);
            addAwaited(n, w, visited);
        }
    }

    private static void addAwaited(Node n, Task<?> w, Set<Task<?>> visited) {
        for (Task<?> awaited : awaitedOf(w)) {
            if (awaited.isDone()) {
                continue;
            }
            Task<?> a = asTask(awaited);
            if (a instanceof LoopTask) {
                n.children.add(a);
            } else if (visited.contains(a)) {
                n.children.add(new Node(a, cycle(a)));
            } else {
                n.children.add(inlineNode(a, visited));
            }
        }
    }

    /**
     * The task that adopted frame {@code t} (given to a shield, say), which the dump lists and shows
     * as that task, not a second time inline; else {@code t}.
     */
    private static Task<?> asTask(Task<?> t) {
        LoopTask<?> own = LoopTask.coroutineTaskOf(t);
        return own != null && own.isAdopted() ? own : t;
    }

    /** A waiter's awaited tasks; none if its hook throws (a dump never fails for a task's sake). */
    private static java.util.Collection<? extends Task<?>> awaitedOf(Task<?> t) {
        try {
            return t.awaitedTasks();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A coroutine or a task that is not a loop's task, shown under the task that waits for it. */
    private static Node inlineNode(Task<?> t, Set<Task<?>> visited) {
        if (t instanceof Coroutine) {
            Node n = new Node(t, "coroutine" + ownerSuffix((Coroutine<?>) t) + " (waiting)");
            follow(n, t, visited);
            return n;
        }
        visited.add(t);
        Node n = new Node(t, waitsOnOf(t));
        addAwaited(n, t, visited);
        return n;
    }

    /** A waiter's own words (a user's {@code Waiter} may override them): one that throws is named so, not fatal. */
    private static String waitsOnOf(Task<?> t) {
        try {
            return String.valueOf(t.waitsOn());
        } catch (Throwable e) {
            return t.getClass().getName() + " (its waitsOn() threw " + e + ")";
        }
    }

    private static String ownerSuffix(Coroutine<?> c) {
        Task<?> owner = ((Task<?>) c).ownerTask();
        return owner instanceof LoopTask ? " of Task '" + owner.name() + "'" : "";
    }

    /**
     * Whether a live task of {@code loop} waits, down its chain, for something another thread will
     * hand over: a {@code toThread} call, a {@code CompletableFuture}, a task of another loop. For a
     * virtual-clock loop with a stall due and no timer: only when nothing is, does it jump to the stall.
     */
    static boolean waitsOffLoop(EventLoop loop) {
        Set<Task<?>> seen = visited();
        Deque<Task<?>> todo = new ArrayDeque<>(loop.liveTaskList());
        while (!todo.isEmpty()) {
            Task<?> t = todo.pop();
            if (t.isDone() || !seen.add(t)) {
                continue;
            }
            if (t instanceof LoopTask) {
                LoopTask<?> lt = (LoopTask<?>) t;
                if (lt.loop() != loop) {
                    return true;
                }
                if (lt.inner() != null) {
                    todo.push(lt.inner());
                }
            } else if (t instanceof Coroutine) {
                Task<?> next = t.awaitedTask();
                if (next != null) {
                    todo.push(next);
                }
            } else if (t.waitsOffLoop() || t.getClass().getName().startsWith("dev.weft.io.")) {
                // dev.weft.io's waiters wait for the outside world (a socket, a process)
                return true;
            } else {
                todo.addAll(awaitedOf(t));
            }
        }
        return false;
    }

    // ---- loops ------------------------------------------------------------------------------

    /**
     * The dump of {@code loops} (a loop, or the loops of a group) to {@code out}: each loop dumps
     * itself on its thread; one that does not answer within a second (it is blocked) is read from
     * this thread while it runs, and the dump says so.
     */
    static void dumpLoops(EventLoop[] loops, Appendable out) {
        write(out, dumpLoops(loops));
    }

    static String dumpLoops(EventLoop[] loops) {
        return dumpGroups(List.<EventLoop[]>of(loops));
    }

    /**
     * The dumps of {@code groups}, one after another. Every loop is asked first, then all answers
     * are awaited with one deadline (30 blocked loops cost one second, not thirty). While it waits,
     * a loop that dumps is marked {@link EventLoop#dumping}: a loop asking it meanwhile reads it from
     * its own thread at once (its tasks stand still), so two loops dumping at once never wait on
     * each other.
     */
    static String dumpGroups(List<EventLoop[]> groups) {
        EventLoop me = EventLoop.current();
        boolean wasDumping = me != null && me.dumping;
        if (me != null) {
            me.dumping = true;
        }
        try {
            List<Asked> asked = new ArrayList<>();
            for (EventLoop[] g : groups) {
                for (EventLoop l : g) {
                    asked.add(ask(l, g.length > 1));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS);
            StringBuilder b = new StringBuilder();
            int i = 0;
            for (EventLoop[] g : groups) {
                List<Node> all = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                for (int k = 0; k < g.length; k++) {
                    all.addAll(answerOf(asked.get(i++), deadline, notes));
                }
                if (g.length > 1) {
                    all.sort(Comparator.comparingInt(n -> ((LoopTask<?>) n.task).id()));
                }
                b.append(render(all, header(g, all.size()), notes));
            }
            return b.toString();
        } finally {
            if (me != null) {
                me.dumping = wasDumping;
            }
        }
    }

    /** A loop asked for its snapshot: taken already (this loop), or to come (another loop's answer). */
    private static final class Asked {
        final EventLoop loop;
        final boolean named;
        List<Node> taken;
        CompletableFuture<List<Node>> answer;

        Asked(EventLoop loop, boolean named) {
            this.loop = loop;
            this.named = named;
        }
    }

    private static Asked ask(EventLoop l, boolean named) {
        Asked a = new Asked(l, named);
        if (l.inLoopThread()) {
            a.taken = snapshot(l, named);
            return a;
        }
        CompletableFuture<List<Node>> answer = new CompletableFuture<>();
        Runnable request = () -> {
            try {
                answer.complete(snapshot(l, named));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        };
        if (l.enqueueUnlessClosed(request)) {
            a.answer = answer;
        }
        return a;
    }

    private static List<Node> answerOf(Asked a, long deadline, List<String> notes) {
        if (a.taken != null) {
            return a.taken;
        }
        EventLoop l = a.loop;
        if (a.answer != null) {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    // in slices: the loop may start dumping itself meanwhile, and then answers nobody
                    return a.answer.get(Math.max(1, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10))),
                            TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (l.dumping) {
                        return readFrom(a, notes); // it waits for dumps itself: its tasks stand still
                    }
                    if (left <= 0) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    notes.add("loop '" + l.name() + "' failed to dump itself: " + e.getCause());
                    return List.of();
                }
            }
        }
        notes.add("loop '" + l.name() + "' did not answer within " + ANSWER_MILLIS + " ms (blocked?): its tasks"
                + " were read from thread '" + Thread.currentThread().getName() + "' while it runs");
        return readFrom(a, notes);
    }

    private static List<Node> readFrom(Asked a, List<String> notes) {
        try {
            return snapshot(a.loop, a.named);
        } catch (Throwable e) {
            notes.add("loop '" + a.loop.name() + "' could not be read: " + e);
            return List.of();
        }
    }

    /** Every loop not closed yet, group by group, from any thread. */
    static String everyLoop() {
        List<EventLoop[]> groups = EventLoop.openGroups();
        if (groups.isEmpty()) {
            return "No Weft event loop is running in this JVM.\n";
        }
        return dumpGroups(groups);
    }

    private static String header(EventLoop[] loops, int tasks) {
        StringBuilder b = new StringBuilder("Task dump of loop");
        if (loops.length > 1) {
            b.append('s');
        }
        for (int i = 0; i < loops.length; i++) {
            b.append(i == 0 ? " '" : ", '").append(loops[i].name()).append('\'');
        }
        return b.append(" (").append(tasks).append(tasks == 1 ? " task):" : " tasks):").toString();
    }

    // ---- rendering --------------------------------------------------------------------------

    /**
     * The tree: roots are the tasks no other listed task waits for, in order; under each, what it
     * waits for. A task waited for twice (or in a cycle) is shown once, then named "shown above".
     */
    static String render(List<Node> nodes, String header, List<String> notes) {
        StringBuilder b = new StringBuilder();
        if (header != null) {
            b.append(header).append('\n');
        }
        if (notes != null) {
            for (String n : notes) {
                b.append("(").append(n).append(")\n");
            }
        }
        Map<Task<?>, Node> byTask = new IdentityHashMap<>();
        for (Node n : nodes) {
            byTask.put(n.task, n);
        }
        Set<Task<?>> referenced = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            collectReferences(n, referenced);
        }
        Set<Task<?>> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            if (!referenced.contains(n.task)) {
                renderTree(n, byTask, shown, b);
            }
        }
        for (Node n : nodes) {
            if (!shown.contains(n.task)) {
                renderTree(n, byTask, shown, b); // tasks that wait for one another in a cycle
            }
        }
        return b.toString();
    }

    private static void collectReferences(Node root, Set<Task<?>> into) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            for (Object c : todo.pop().children) {
                if (c instanceof Node) {
                    todo.push((Node) c);
                } else {
                    into.add((Task<?>) c);
                }
            }
        }
    }

    /** Depth-first, with an explicit stack: a chain of tasks awaiting tasks may be deep. */
    private static void renderTree(Node root, Map<Task<?>, Node> byTask, Set<Task<?>> shown, StringBuilder b) {
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] e = todo.pop();
            Object item = e[0];
            int depth = (Integer) e[1];
            Node n;
            if (item instanceof Node) {
                n = (Node) item;
            } else {
                Task<?> t = (Task<?>) item;
                n = byTask.get(t);
                if (n == null) {
                    line(b, Math.min(depth, MAX_INDENT), leveled(depth, "Task '" + t.name() + "' (" + (t.isDone() ? state(t) : "not in this dump") + ")"));
                    continue;
                }
                if (shown.contains(t)) {
                    line(b, Math.min(depth, MAX_INDENT), leveled(depth, "Task '" + t.name() + "' (shown above)"));
                    continue;
                }
            }
            shown.add(n.task);
            String title = n.loopName == null ? n.title : n.title + " on '" + n.loopName + "'";
            line(b, Math.min(depth, MAX_INDENT), leveled(depth, title));
            for (StackTraceElement f : n.frames) {
                line(b, depth + 1, "at " + format(f));
            }
            if (n.framesLeftOut > 0) {
                line(b, depth + 1, "... " + n.framesLeftOut + " more frames");
            }
            if (n.waitsOn != null) {
                line(b, depth + 1, "waits on " + n.waitsOn);
            }
            for (int i = n.children.size() - 1; i >= 0; i--) {
                todo.push(new Object[] {n.children.get(i), depth + 1});
            }
        }
    }

    /** {@code pkg.Class.method(File.java:12)}, without the module and loader prefixes of Java 9's form. */
    static String format(StackTraceElement f) {
        String where = f.getFileName() == null ? "Unknown Source"
                : f.getLineNumber() > 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }

    private static String leveled(int depth, String title) {
        return depth > MAX_INDENT ? "(level " + depth + ") " + title : title;
    }

    /** A line at {@code depth}, indented at most {@link #MAX_INDENT} + 1 levels. */
    private static void line(StringBuilder b, int depth, String text) {
        int indent = Math.min(depth, MAX_INDENT + 1);
        for (int i = 0; i < indent; i++) {
            b.append(INDENT);
        }
        b.append(text).append('\n');
    }

    private static void write(Appendable out, CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds with milliseconds, as the dump prints loop times: {@code 1.500 s}, {@code -0.700 s}. */
    static String seconds(long nanos) {
        if (nanos < 0) {
            return "-" + seconds(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos);
        }
        long millis = nanos / 1_000_000L;
        long whole = millis / 1000;
        long frac = millis % 1000;
        return whole + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac + " s";
    }

    /** How long until {@code deadline} from {@code now}: {@code 1.500 s left}, or {@code overdue by 0.700 s}. */
    static String left(long deadline, long now) {
        long d = deadline - now;
        return d >= 0 ? seconds(d) + " left" : "overdue by " + seconds(-d);
    }
}
