package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.engine.TypeQuestions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which code of a file runs on which thread, and every access it makes to shared state with the locks held there.
 * Built once per file and shared by the rules that ask ({@link dev.threadlint.engine.RuleContext#fileFact}).
 *
 * <p>Contexts: each task's code (and the methods of this file it calls, with the locks held at the call); the
 * starting thread's code after the start until it waits (join, get, await), and, when it never waits, the other
 * methods of the starting class, which may be called while the task runs; a Thread subclass's run() against the
 * class's other methods; and the methods of a class annotated {@code @ThreadSafe}, which promises callers on
 * many threads. Accesses before a start are publication, not races, and are not collected.
 */
public final class ThreadModel {

    private static final int CALL_DEPTH = 6;
    private final List<TaskStart> starts;
    private final List<StateAccess> accesses = new ArrayList<>();
    private final Set<Node> taskBodies = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> capturedLocals = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, SharedState> states = new IdentityHashMap<>();
    private final Map<TaskStart, Optional<Node>> waitsAfter = new IdentityHashMap<>();
    /** The waits (join, get, await) of each method that starts tasks, in file order: found once per method. */
    private final Map<Node, List<MethodCallExpr>> waitsIn = new IdentityHashMap<>();
    /** The roots and methods each context's walk went through: which code each thread can reach. */
    private final Map<ThreadContext, Set<Node>> reached = new IdentityHashMap<>();
    private final CompilationUnit unit;
    /** The file's calls of its own methods, by name: built on first use, for {@link #calledOnlyBefore}. */
    private Map<String, List<MethodCallExpr>> ownCalls;
    /** The file's methods by name, built on first use. */
    private Map<String, List<MethodDeclaration>> methodsByName;
    private final Map<ThreadContext, Boolean> waitingTasks = new IdentityHashMap<>();
    private final Map<ThreadContext, Map<ThreadContext, Boolean>> startedLater = new IdentityHashMap<>();
    private final Map<ThreadContext, Map<ThreadContext, Boolean>> hosting = new IdentityHashMap<>();

    private ThreadModel(CompilationUnit unit, TypeQuestions types, String file) {
        this.unit = unit;
        starts = TaskStarts.find(unit, types);
        starts.forEach(start -> taskBodies.addAll(start.bodies()));
        for (TaskStart start : starts) {
            for (Node body : start.bodies()) {
                body.findAll(Expression.class, e -> e instanceof NameExpr || e instanceof TypeExpr)
                        .forEach(name -> Scopes.variableNamed(name)
                                .filter(d -> d instanceof Scopes.LocalDeclared local
                                        && !local.declaration().isDescendantOf(body))
                                .ifPresent(d -> capturedLocals.add(((Scopes.LocalDeclared) d).declaration())));
            }
        }
        Set<Node> startedHere = Collections.newSetFromMap(new IdentityHashMap<>());
        List<TypeDeclaration<?>> withCallers = new ArrayList<>();
        findWaits();
        for (TaskStart start : starts) {
            startedHere.addAll(start.bodies());
            collectStart(start, file).ifPresent(withCallers::add);
        }
        for (ClassOrInterfaceDeclaration type : unit.findAll(ClassOrInterfaceDeclaration.class)) {
            if (TaskStarts.extendsThread(type, types)) {
                if (collectThreadSubclass(type, startedHere)) {
                    withCallers.add(type);
                }
            } else if (type.getAnnotations().stream().anyMatch(a -> a.getName().getIdentifier().equals("ThreadSafe"))) {
                ThreadContext callers = new ThreadContext(Optional.empty(), true, true, true,
                        "concurrent callers of " + type.getNameAsString() + " (declared @ThreadSafe)");
                for (MethodDeclaration method : callableMethods(type, null)) {
                    collect(callers, method, node -> true, Set.of(), identitySet(), 0);
                }
            }
        }
        // Callers last: they leave out what the threads themselves reach, which is only known now.
        Set<Node> reachedByThreads = Collections.newSetFromMap(new IdentityHashMap<>());
        reached.forEach((context, nodes) -> {
            if (context.onTask()) {
                reachedByThreads.addAll(nodes);
            }
        });
        starts.forEach(start -> start.owner().ifPresent(reachedByThreads::add));
        // Once per class, by identity: a node's equals and hashCode compare and hash its whole subtree.
        Set<Node> done = identitySet();
        withCallers.stream().filter(done::add).forEach(type -> collectCallers(type, reachedByThreads));
    }

    /** @param file the file's name, as messages show it ({@code Worker.java}) */
    public static ThreadModel of(CompilationUnit unit, TypeQuestions types, String file) {
        return new ThreadModel(unit, types, file);
    }

    public List<TaskStart> starts() {
        return starts;
    }

    /** True for code inside a task of this file: it runs on another thread than the code around it. */
    public boolean inTaskCode(Node node) {
        return insideTask(node, null);
    }

    /**
     * Nodes the walks of all the file's contexts may visit, callees included. Calls that fan out at every level,
     * each under other locks (a generated dispatcher whose handlers lock and call a dozen others), make more
     * distinct ways to reach a method than any bound on depth can keep small. Counted, not timed, so that every
     * machine stops at the same node and reports the same findings.
     */
    public static final long WALK_BUDGET = 2_000_000;
    private long walked;

    /** The code being walked when the walks stopped at {@link #WALK_BUDGET}, if they did. */
    private Node spentAt;

    /**
     * Where the walks stopped at {@link #WALK_BUDGET}, if they did: the task or method being walked then. Accesses
     * past it were not collected.
     */
    public Optional<Node> budgetSpentAt() {
        return Optional.ofNullable(spentAt);
    }

    /** Every access to shared state, in the order the contexts were walked. */
    public List<StateAccess> accesses() {
        return accesses;
    }

    /** True when the two accesses' code can run at the same time. */
    public boolean concurrent(StateAccess first, StateAccess second) {
        ThreadContext a = first.thread();
        ThreadContext b = second.thread();
        if (a != b && (hosts(a, b) || hosts(b, a))) {
            return false;
        }
        if (a == b && perIteration(first.state(), a)) {
            return false;
        }
        if (!first.state().isField() && (a == b || sameStart(a, b))
                && (ownActivation(first) || ownActivation(second))) {
            return false;
        }
        if (a != b && a.onTask() && b.onTask() && (sameOneThreadExecutor(a, b) || sameTaskWonByUpdate(a, b))) {
            // Tasks of one single-thread executor run one after another.
            return false;
        }
        if (a != b && (waitsBeforeWork(a) || waitsBeforeWork(b))) {
            // One thread waits on a monitor, latch, condition or queue before its work: the other, or someone,
            // hands over to it (a log flusher started in a constructor that takes records from a queue the rest of
            // the constructor has not fed yet). The model cannot match the signal to the wait, and precision comes
            // first.
            return false;
        }
        if (a != b && (startsLater(a, b) || startsLater(b, a))) {
            return false;
        }
        if (a != b && (doneBeforeStart(first, b) || doneBeforeStart(second, a))) {
            return false;
        }
        return a.concurrentWith(b, this::waitedBetween);
    }

    /**
     * True when {@code access}, on the starting thread's side of one start, comes before {@code task}'s own start in
     * the same method, and not in a loop around that start: it happens-before the task (JLS 17.4.5), whatever other
     * task started before it runs alongside ({@code futures.add(supplyAsync(..))} in a loop, then one
     * {@code runAsync} that reads the list).
     */
    private static boolean doneBeforeStart(StateAccess access, ThreadContext task) {
        if (access.thread().onTask() || !task.onTask() || task.start().isEmpty()
                || access.thread().start().isEmpty() || task.start().get() == access.thread().start().get()) {
            return false;
        }
        TaskStart later = task.start().get();
        Optional<Node> owner = later.owner();
        if (owner.isEmpty() || access.thread().start().get().owner().orElse(null) != owner.get()
                || !access.node().isDescendantOf(owner.get()) || !Waits.before(access.node(), later.site())) {
            return false;
        }
        Optional<Node> loop = TaskStarts.innermostLoop(later.site());
        return loop.isEmpty() || !access.node().isDescendantOf(loop.get());
    }

    /**
     * True when {@code starter} is the window after a start in a method that the file calls only from the method
     * that starts {@code task}, and only before that start: the whole window runs, on one thread, before the task
     * is handed over ({@code export()} starts helpers and records them, then {@code start()} submits the task that
     * reads the record).
     */
    private boolean startsLater(ThreadContext starter, ThreadContext task) {
        if (starter.onTask() || !task.onTask() || starter.start().isEmpty() || task.start().isEmpty()) {
            return false;
        }
        // Asked for every pair of accesses: answered once per pair of contexts.
        return startedLater.computeIfAbsent(starter, k -> new IdentityHashMap<>())
                .computeIfAbsent(task, k -> startedLater(starter, task));
    }

    private boolean startedLater(ThreadContext starter, ThreadContext task) {
        Optional<Node> window = starter.start().get().owner();
        Optional<Node> taskOwner = task.start().get().owner();
        if (window.isEmpty() || taskOwner.isEmpty() || !(window.get() instanceof MethodDeclaration method)
                || window.get() == taskOwner.get()) {
            return false;
        }
        if (ownCalls == null) {
            ownCalls = new java.util.HashMap<>();
            for (MethodCallExpr call : unit.findAll(MethodCallExpr.class, call -> call.getScope().isEmpty()
                    || call.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr)) {
                ownCalls.computeIfAbsent(call.getNameAsString(), k -> new ArrayList<>()).add(call);
            }
        }
        return calledOnlyBefore(method, taskOwner.get(), task.start().get().site(), 0);
    }

    /**
     * True when every call of {@code method} in the file is in {@code owner} before {@code site}, or in a method
     * that is itself called only so (start() -> export() -> exportOne(), a few levels deep).
     */
    private boolean calledOnlyBefore(MethodDeclaration method, Node owner, Node site, int depth) {
        List<MethodCallExpr> calls = ownCalls.getOrDefault(method.getNameAsString(), List.of());
        if (calls.isEmpty() || depth > 3) {
            return false;
        }
        for (MethodCallExpr call : calls) {
            if (call.isDescendantOf(owner) && !insideTask(call, owner)) {
                if (!Waits.before(call, site)) {
                    return false;
                }
                continue;
            }
            Optional<Node> caller = Scopes.enclosingCallable(call);
            if (insideTask(call, null) || caller.isEmpty() || !(caller.get() instanceof MethodDeclaration outer)
                    || outer == method || !calledOnlyBefore(outer, owner, site, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same task handed off from two places, each only by the thread that wins a compare-and-set: whoever wins
     * runs it, and the loser leaves it to the run in progress, so the two never overlap.
     */
    private static boolean sameTaskWonByUpdate(ThreadContext a, ThreadContext b) {
        TaskStart first = a.start().orElse(null);
        TaskStart second = b.start().orElse(null);
        return first != null && second != null && !first.bodies().isEmpty() && !second.bodies().isEmpty()
                && first.bodies().get(0) == second.bodies().get(0)
                && TaskStarts.wonByCompareAndSet(first.site()) && TaskStarts.wonByCompareAndSet(second.site());
    }

    private static boolean sameOneThreadExecutor(ThreadContext a, ThreadContext b) {
        Optional<Node> first = a.start().flatMap(TaskStart::sequentialOn);
        Optional<Node> second = b.start().flatMap(TaskStart::sequentialOn);
        return first.isPresent() && second.isPresent() && first.get() == second.get();
    }

    private static final Set<String> SIGNAL_WAITS = Set.of("wait", "await", "join", "acquire");

    /** A task run once that waits for a signal before (or during) its work. */
    private boolean waitsBeforeWork(ThreadContext context) {
        return context.onTask() && !context.repeated() && waitsForSignal(context);
    }

    /** The task waits for a signal, in its own code or in a method of the file it calls (one level down). */
    private boolean waitsForSignal(ThreadContext task) {
        return waitingTasks.computeIfAbsent(task, t -> t.start().map(TaskStart::bodies).orElse(List.of()).stream()
                .anyMatch(body -> body.findFirst(MethodCallExpr.class,
                        call -> !insideTask(call, body) && (isSignalWait(call) || ownMethodWaits(call))).isPresent()));
    }

    /**
     * wait(), await(), join(), acquire(), a queue's take() or poll with a timeout, and a future's get() with no
     * arguments or with a timeout.
     */
    private static boolean isSignalWait(MethodCallExpr call) {
        String name = call.getNameAsString();
        return SIGNAL_WAITS.contains(name)
                || Waits.takesHandOff(call)
                || name.equals("get") && call.hasScope() && (call.getArguments().isEmpty() || call.getArguments().size() == 2);
    }

    private boolean ownMethodWaits(MethodCallExpr call) {
        if (call.hasScope() && !(call.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr)) {
            return false;
        }
        if (methodsByName == null) {
            methodsByName = new java.util.HashMap<>();
            unit.findAll(MethodDeclaration.class).forEach(m -> methodsByName
                    .computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>()).add(m));
        }
        return methodsByName.getOrDefault(call.getNameAsString(), List.of()).stream()
                .filter(m -> m.getParameters().size() == call.getArguments().size())
                .anyMatch(m -> m.findFirst(MethodCallExpr.class,
                        inner -> isSignalWait(inner) && !insideTask(inner, m)).isPresent());
    }

    /** A local declared inside the loop that starts the task: each copy of the task gets its own. */
    private static boolean perIteration(SharedState state, ThreadContext context) {
        if (state.isField() || context.start().isEmpty()) {
            return false;
        }
        return TaskStarts.innermostLoop(context.start().get().site())
                .filter(loop -> state.declaration().isDescendantOf(loop)).isPresent();
    }

    /**
     * A local reached by a task through a call, outside the task's own body: the task's call made that activation,
     * so the local is its own, not the one of the code that started it, nor of another copy of the task (a retry
     * task calling the method that submitted it).
     */
    private static boolean ownActivation(StateAccess access) {
        ThreadContext thread = access.thread();
        return thread.onTask() && thread.start().isPresent() && thread.start().get().bodies().stream()
                .noneMatch(body -> body == access.node() || access.node().isDescendantOf(body));
    }

    private static boolean sameStart(ThreadContext a, ThreadContext b) {
        return a.start().isPresent() && b.start().isPresent() && a.start().get() == b.start().get();
    }

    /**
     * True when {@code host} is a thread whose code starts {@code context}'s task (or is that task's starting
     * side): a thread started from another thread's code. Before the start the host's writes are published to
     * the task, after it the starter's window stands for the host, so the host as a whole is not paired.
     */
    private boolean hosts(ThreadContext host, ThreadContext context) {
        if (!host.onTask() || context.start().isEmpty() || context.start().get().owner().isEmpty()) {
            return false;
        }
        // Asked for every pair of accesses: answered once per pair of contexts.
        return hosting.computeIfAbsent(host, k -> new IdentityHashMap<>())
                .computeIfAbsent(context, k -> hosted(host, context));
    }

    private boolean hosted(ThreadContext host, ThreadContext context) {
        Set<Node> hostReach = reached.get(host);
        if (hostReach != null && hostReach.contains(context.start().get().owner().get())) {
            return true;
        }
        // A start inside the host's own task body (a lambda that hands batches on to another pool): its owner is the
        // method around the lambda, which the host does not run, but the start is the host's code.
        Node site = context.start().get().site();
        return host.start().filter(start -> start != context.start().get())
                .map(start -> start.bodies().stream().anyMatch(site::isDescendantOf)).orElse(false);
    }

    /** True when the starter waited (join, get, await) after the first start and before the second. */
    private boolean waitedBetween(Optional<TaskStart> first, Optional<TaskStart> second) {
        if (first.isEmpty() || second.isEmpty() || first.get().owner().isEmpty()
                || second.get().owner().isEmpty() || first.get().owner().get() != second.get().owner().get()) {
            return false;
        }
        Optional<Node> wait = waitsAfter.get(first.get());
        return wait != null && wait.isPresent() && Waits.before(wait.get(), second.get().site());
    }

    /**
     * Above this many starts in one method whose tasks all outlive it, their starter windows are walked as one:
     * each window is the rest of the method, so walking them one by one costs the square of the method's length
     * (generated code starts thousands of threads in one method). An outliving task pairs with every starter
     * window alike, so the union loses nothing but the start named in messages.
     */
    private static final int SEPARATE_WINDOWS = 4;

    /** The starts of each method whose tasks outlive it, in file order; filled before the windows are walked. */
    private final Map<Node, List<TaskStart>> outlivingStarts = new IdentityHashMap<>();

    /** Finds the first wait after each start, so that the starts each window belongs with are known. */
    private void findWaits() {
        for (TaskStart start : starts) {
            Optional<Node> wait = start.owner().flatMap(owner -> firstWaitAfter(owner, start.site()));
            waitsAfter.put(start, wait);
            if (wait.isEmpty() && start.owner().isPresent()) {
                outlivingStarts.computeIfAbsent(start.owner().get(), k -> new ArrayList<>()).add(start);
            }
        }
    }

    /** Collects a start's task and its starter's window; returns the class whose callers the task outlives. */
    private Optional<TypeDeclaration<?>> collectStart(TaskStart start, String file) {
        String where = where(start, file);
        Optional<Node> wait = waitsAfter.get(start);
        boolean outlives = wait.isEmpty();
        ThreadContext task = new ThreadContext(Optional.of(start), true, start.repeated(), outlives,
                (start.repeated() ? "the tasks started" : start.kind().phrase()) + where);
        for (Node body : start.bodies()) {
            collect(task, body, node -> true, Set.of(), identitySet(), 0);
        }
        if (start.owner().isEmpty()) {
            return Optional.empty();
        }
        Node owner = start.owner().get();
        List<TaskStart> together = outlives ? outlivingStarts.get(owner) : List.of(start);
        if (together.size() <= SEPARATE_WINDOWS) {
            ThreadContext starter = new ThreadContext(Optional.of(start), false, false, false,
                    "the starting thread, after " + start.kind().phrase() + where);
            StarterWindows window = StarterWindows.of(List.of(start.site()), owner);
            Set<Node> stages = laterStages(start.site());
            Optional<Node> loop = TaskStarts.innermostLoop(start.site());
            collect(starter, owner, node -> window.contains(node) && wait.map(w -> Waits.before(node, w)).orElse(true)
                    && !stages.contains(node) && !earlierTurnsOwn(node, start, loop), Set.of(), identitySet(), 0);
        } else if (together.get(0) == start) {
            ThreadContext starter = new ThreadContext(Optional.of(start), false, false, false,
                    "the starting thread, after the " + together.size() + " starts from " + file + ":" + start.line());
            StarterWindows windows = StarterWindows.of(together.stream().map(TaskStart::site).toList(), owner);
            collect(starter, owner, windows::contains, Set.of(), identitySet(), 0);
        }
        if (!outlives) {
            return Optional.empty();
        }
        return Scopes.enclosingClass(owner).filter(c -> c instanceof TypeDeclaration<?>)
                .map(c -> (TypeDeclaration<?>) c);
    }

    /**
     * A local declared inside the start's loop, used before the start: each turn of the loop declares its own, so
     * the next turn's value is not the one the task captured (a lambda captures only effectively final locals).
     */
    private static boolean earlierTurnsOwn(Node node, TaskStart start, Optional<Node> loop) {
        if (loop.isEmpty() || !(node instanceof NameExpr name) || !Waits.before(node, start.site())) {
            return false;
        }
        return Scopes.variableNamed(name)
                .filter(d -> d instanceof Scopes.LocalDeclared local && local.declaration().isDescendantOf(loop.get()))
                .isPresent();
    }

    /** Completion stages whose code runs only once the task is done: it happens-after the task. */
    private static final Set<String> STAGES = Set.of("thenApply", "thenAccept", "thenRun", "thenCompose",
            "thenCombine", "exceptionally", "exceptionallyCompose", "handle", "whenComplete", "thenApplyAsync",
            "thenAcceptAsync", "thenRunAsync", "thenComposeAsync", "handleAsync", "whenCompleteAsync",
            "exceptionallyAsync");

    /**
     * The code chained on the start as later stages ({@code runAsync(task).exceptionally(e -> ...)}), every node of
     * it: it is not the starting thread's code running alongside the task, but runs after the task, which
     * happens-before it. Marked once, so that the window's test of each node stays a lookup.
     */
    private static Set<Node> laterStages(Node site) {
        Set<Node> stages = identitySet();
        Node link = site;
        while (link.getParentNode().orElse(null) instanceof MethodCallExpr next
                && next.getScope().orElse(null) == link && STAGES.contains(next.getNameAsString())) {
            next.getArguments().stream().filter(a -> a instanceof LambdaExpr || a instanceof MethodReferenceExpr)
                    .forEach(stage -> stage.walk(stages::add));
            link = next;
        }
        return stages;
    }

    /** Two threads started on one line are told apart by their variables: "by 'a.start()'". */
    private static String where(TaskStart start, String file) {
        boolean named = start.site() instanceof MethodCallExpr call && call.getArguments().isEmpty()
                && call.getScope().filter(scope -> scope instanceof NameExpr).isPresent();
        return (named ? " by '" + start.site() + "'" : "") + " at " + file + ":" + start.line();
    }

    /**
     * The methods of a class whose thread outlives its start, as other threads may call them while it runs: once
     * per class, whatever the number of such threads, since all callers count as one thread. Left out: methods
     * the class's threads reach themselves (their own helpers), methods that start threads (the window after the
     * start covers them; before it is publication), and what comes after a wait (join, get, await). A class
     * annotated {@code @NotThreadSafe} has no such callers.
     */
    private void collectCallers(TypeDeclaration<?> type, Set<Node> reachedByThreads) {
        if (type.getAnnotations().stream().anyMatch(a -> a.getName().getIdentifier().equals("NotThreadSafe"))) {
            // The class says its callers keep it to one thread at a time: only the threads it starts itself count.
            return;
        }
        ThreadContext callers = new ThreadContext(Optional.empty(), false, false, false,
                "callers of " + Scopes.className(type) + "'s methods");
        for (MethodDeclaration method : callableMethods(type, null)) {
            if (reachedByThreads.contains(method) || method.getNameAsString().equals("run")
                    || TaskStarts.runsOnceInLife(method)) {
                // init(), start(), open(): set-up that runs once, before the object's threads get to work.
                continue;
            }
            Optional<Node> wait = method.findFirst(MethodCallExpr.class,
                    call -> Waits.isWait(call) && !insideTask(call, null))
                    .map(call -> (Node) call);
            collect(callers, method, node -> wait.map(w -> !Waits.before(w, node)).orElse(true), Set.of(),
                    identitySet(), 0);
        }
    }

    /** A Thread subclass started outside this file: its run(); returns whether it was collected. */
    private boolean collectThreadSubclass(ClassOrInterfaceDeclaration type, Set<Node> startedHere) {
        List<MethodDeclaration> runs = type.getMethodsBySignature("run");
        if (runs.isEmpty() || startedHere.contains(runs.get(0)) || runs.get(0).getBody().isEmpty()) {
            return false;
        }
        ThreadContext thread = new ThreadContext(Optional.empty(), true, false, true,
                "the thread running " + type.getNameAsString() + ".run()");
        collect(thread, runs.get(0), node -> true, Set.of(), identitySet(), 0);
        return true;
    }

    /** Methods other threads may call: not private, with a body, not {@code except}. */
    private static List<MethodDeclaration> callableMethods(TypeDeclaration<?> type, Node except) {
        List<MethodDeclaration> methods = new ArrayList<>();
        for (MethodDeclaration method : type.getMethods()) {
            if (method != except && !method.isPrivate() && method.getBody().isPresent()
                    && !method.getNameAsString().equals("main")) {
                methods.add(method);
            }
        }
        return methods;
    }

    /**
     * Collects the accesses under {@code root} that {@code inScope} accepts, skipping code that is itself a task
     * (it runs elsewhere) and following calls to methods of this file's classes.
     */
    private void collect(ThreadContext thread, Node root, Predicate<Node> inScope, Set<LockName> inherited,
            Set<Node> visiting, int depth) {
        if (!visiting.add(root)) {
            return;
        }
        reached.computeIfAbsent(thread, t -> Collections.newSetFromMap(new IdentityHashMap<>())).add(root);
        walk(root, root, node -> {
            if (!inScope.test(node)) {
                return;
            }
            if (isMonitorExpression(node)) {
                return;
            }
            if (node instanceof NameExpr || node instanceof TypeExpr && node.getParentNode()
                    .filter(p -> p instanceof MethodReferenceExpr).isPresent()) {
                Expression name = (Expression) node;
                Scopes.variableNamed(name)
                        .filter(d -> !ownedByTaskInstance(d, thread))
                        .flatMap(this::stateOf)
                        .ifPresent(state -> record(thread, state, name, inherited));
            } else if (node instanceof FieldAccessExpr access && AccessKinds.isOwnField(access)) {
                Scopes.enclosingClass(access).flatMap(owner -> AccessKinds.fieldOf(owner, access.getNameAsString()))
                        .filter(d -> !ownedByTaskInstance(d, thread))
                        .flatMap(this::stateOf)
                        .ifPresent(state -> record(thread, state, access, inherited));
            } else if (node instanceof MethodCallExpr call && depth < CALL_DEPTH && isOwnCall(call)) {
                Set<LockName> held = new LinkedHashSet<>(inherited);
                held.addAll(HeldLocks.at(call, taskBodies::contains));
                for (MethodDeclaration callee : callees(call)) {
                    if (firstFollowed(thread, callee, held, depth + 1)) {
                        collect(thread, callee, n -> true, held, visiting, depth + 1);
                    }
                }
            }
        });
        visiting.remove(root);
    }

    /**
     * For each context and callee, the locks held at the calls it was followed from, each with the shallowest depth
     * it was followed at. A callee followed again with the same locks records the same accesses again, so it is
     * followed only when reached shallower (it may then reach further): without this, calls that fan out at every
     * level (a generated dispatcher whose handlers call a dozen others) are followed once per path, a dozen to the
     * depth.
     */
    private final Map<ThreadContext, Map<Node, Map<Set<LockName>, Integer>>> followed = new IdentityHashMap<>();

    private boolean firstFollowed(ThreadContext thread, Node callee, Set<LockName> held, int depth) {
        Map<Set<LockName>, Integer> byLocks = followed.computeIfAbsent(thread, t -> new IdentityHashMap<>())
                .computeIfAbsent(callee, c -> new java.util.HashMap<>());
        Integer shallowest = byLocks.get(held);
        if (shallowest != null && shallowest <= depth) {
            return false;
        }
        byLocks.put(held, depth);
        return true;
    }

    /** A field of the task object made for this start: one task's own state, not shared by its copies. */
    private static boolean ownedByTaskInstance(Scopes.Declaration declaration, ThreadContext thread) {
        if (!thread.onTask() || !(declaration instanceof Scopes.FieldDeclared field) || field.field().isStatic()) {
            return false;
        }
        if (thread.start().flatMap(TaskStart::instance).filter(c -> c == field.owner()).isPresent()) {
            return true;
        }
        // An anonymous class instantiated by the task's code (a visitor, a callback): each run makes its own object,
        // and no code outside the anonymous class can name its fields.
        return field.owner() instanceof com.github.javaparser.ast.expr.ObjectCreationExpr
                && Scopes.enclosingCallable(field.owner()).isPresent();
    }

    /** {@code synchronized (lock)}: naming the monitor is taking a lock, not touching shared state. */
    private static boolean isMonitorExpression(Node node) {
        return node.getParentNode().filter(p -> p instanceof SynchronizedStmt sync && sync.getExpression() == node)
                .isPresent();
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Pre-order walk that does not enter nested tasks: their code runs on another thread. */
    private void walk(Node root, Node node, java.util.function.Consumer<Node> visit) {
        if (++walked > WALK_BUDGET) {
            if (spentAt == null) {
                spentAt = root;
            }
            return;
        }
        if (node != root && taskBodies.contains(node)) {
            return;
        }
        if (node != root && node instanceof com.github.javaparser.ast.expr.ObjectCreationExpr creation
                && creation.getAnonymousClassBody().filter(body -> body.stream().anyMatch(taskBodies::contains))
                .isPresent()) {
            // A task object's helper methods are the task's code too: only its constructor arguments run here.
            creation.getArguments().forEach(argument -> walk(root, argument, visit));
            return;
        }
        visit.accept(node);
        for (Node child : node.getChildNodes()) {
            walk(root, child, visit);
        }
    }

    private void record(ThreadContext thread, SharedState state, Expression access, Set<LockName> inherited) {
        StateAccess.Kind kind = AccessKinds.of(access, state);
        if (!state.isField() && kind == StateAccess.Kind.WRITE && access instanceof NameExpr) {
            // A local a lambda captures is effectively final: its one assignment comes before the capture, and each
            // pass of a loop has its own. Only what it refers to (a list, an array) can be shared.
            return;
        }
        Set<LockName> locks = new LinkedHashSet<>(inherited);
        locks.addAll(HeldLocks.at(access, taskBodies::contains));
        accesses.add(new StateAccess(state, kind, access, locks, thread));
    }

    private Optional<SharedState> stateOf(Scopes.Declaration declaration) {
        if (declaration instanceof Scopes.FieldDeclared field) {
            if (field.field().isFinal() && field.variable().getType().isPrimitiveType()) {
                return Optional.empty();
            }
            return Optional.of(states.computeIfAbsent(field.variable(),
                    v -> SharedState.ofField(field.owner(), field.field(), field.variable())));
        }
        Node local = ((Scopes.LocalDeclared) declaration).declaration();
        if (!capturedLocals.contains(local)) {
            return Optional.empty();
        }
        return Optional.of(states.computeIfAbsent(local, SharedState::ofLocal));
    }

    private static boolean isOwnCall(MethodCallExpr call) {
        return call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr;
    }

    /**
     * Methods of the enclosing classes (anonymous ones included) that an unqualified call can mean (same name and
     * arity).
     */
    private static List<MethodDeclaration> callees(MethodCallExpr call) {
        for (Optional<Node> owner = Scopes.enclosingClass(call); owner.isPresent();
                owner = Scopes.enclosingClass(owner.get())) {
            List<MethodDeclaration> candidates = owner.get() instanceof TypeDeclaration<?> type
                    ? type.getMethodsByName(call.getNameAsString())
                    : ((com.github.javaparser.ast.expr.ObjectCreationExpr) owner.get()).getAnonymousClassBody()
                    .map(body -> body.stream().filter(m -> m instanceof MethodDeclaration method
                            && method.getNameAsString().equals(call.getNameAsString()))
                            .map(m -> (MethodDeclaration) m).toList()).orElse(List.of());
            List<MethodDeclaration> matches = new ArrayList<>();
            for (MethodDeclaration method : candidates) {
                if (method.getParameters().size() == call.getArguments().size() && method.getBody().isPresent()) {
                    matches.add(method);
                }
            }
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        return List.of();
    }

    private Optional<Node> firstWaitAfter(Node owner, Node site) {
        List<MethodCallExpr> waits = waitsIn.computeIfAbsent(owner, o -> o.findAll(MethodCallExpr.class,
                call -> Waits.isWait(call) && !insideTask(call, null)));
        return waits.stream().filter(call -> Waits.before(site, call)).map(c -> (Node) c).findFirst();
    }

    /** Inside the code of a task, looking outward no further than {@code within} (null: the whole file). */
    private boolean insideTask(Node node, Node within) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent() && parent.get() != within;
                parent = parent.get().getParentNode()) {
            if (taskBodies.contains(parent.get())) {
                return true;
            }
        }
        return false;
    }
}
