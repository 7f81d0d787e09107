package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.nodeTypes.NodeWithRange;
import com.github.javaparser.ast.stmt.TryStmt;

import dev.threadlint.engine.Trees;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The starting side of a task reading what the task writes before it waited for the task: a result read while
 * the thread that computes it may not have run yet. The state is a field of the starting class, or a local the
 * task captured (an array slot, a list); the wait is a join, a future's get, a latch, the end of a
 * try-with-resources executor, a helper of this class that waits, or a loop polling the state itself.
 */
public final class EarlyReads {

    /**
     * A read of {@code state} at {@code read}, after {@code start} and before any wait for it.
     */
    public record EarlyRead(TaskStart start, Expression read, String state) {
        public int line() {
            return read.getBegin().map(p -> p.line).orElse(0);
        }
    }

    private EarlyReads() {
    }

    /** Pre-order: by where a node begins, and the enclosing one first when two begin together. */
    private static final Comparator<NodeWithRange<?>> TREE_ORDER = Node.NODE_BY_BEGIN_POSITION
            .thenComparing(n -> n.getEnd().orElseThrow(), Comparator.reverseOrder());

    /**
     * The first early read after {@code start} in its own method, if there is one.
     *
     * @param insideTask whether a node belongs to the code of some task of the file (which runs elsewhere)
     */
    public static Optional<EarlyRead> find(TaskStart start, Predicate<Node> insideTask) {
        if (!awaitable(start) || start.owner().isEmpty()) {
            return Optional.empty();
        }
        Map<Node, String> written = writtenState(start);
        Node owner = start.owner().get();
        Node site = start.site();
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Node level = codeUnit(site, owner);
        Set<Node> states = written.keySet();
        // The reads first, through the method's index of names: most starts have none, and then the method is not
        // walked once per start (generated code starts thousands of threads in one method).
        List<Expression> reads = new ArrayList<>();
        Map<Node, List<Expression>> plainReads = Trees.kept(owner, PLAIN_READS, IdentityHashMap::new);
        for (Node state : states) {
            for (Expression access : plainReads.computeIfAbsent(state, s -> plainReadsOf(s, owner, insideTask))) {
                if (Waits.before(site, access) && codeUnit(access, owner) == level
                        && !inPollingCondition(access, states)) {
                    reads.add(access);
                }
            }
        }
        if (reads.isEmpty() || runsUntilStopped(start, owner)) {
            return Optional.empty();
        }
        reads.sort(TREE_ORDER);
        List<Node> waits = new ArrayList<>();
        Set<Node> handles = handles(start);
        owner.walk(node -> {
            if (!Waits.before(site, node) || insideTask.test(node) || codeUnit(node, owner) != level) {
                return;
            }
            if (node instanceof MethodCallExpr call && (waits(call, handles, owner) || polls(call, states))
                    || isPollingLoop(node, states)) {
                waits.add(node);
            }
        });
        Optional<TryStmt> closing = closingExecutorBlock(site);
        for (Expression read : reads) {
            // A read in the arguments of a wait is handed to the waiting code, as in waitFor(future, progress).
            boolean waited = waits.stream().anyMatch(wait -> Waits.onEveryPathTo(wait, read)
                    || wait instanceof MethodCallExpr call && call.getArguments().stream()
                    .anyMatch(argument -> argument == read || read.isDescendantOf(argument)))
                    || closing.filter(block -> Waits.before(block, read)).isPresent();
            if (!waited) {
                String state = written.get(Scopes.declaringNodeOf(read).orElseThrow());
                return Optional.of(new EarlyRead(start, read, state));
            }
        }
        return Optional.empty();
    }

    /**
     * The reads of {@code state} in {@code owner} outside every task, whichever start they follow: asked once per
     * method and state, not once per start (N tasks that each bump one counter would make it N times N).
     */
    private static List<Expression> plainReadsOf(Node state, Node owner, Predicate<Node> insideTask) {
        List<Expression> reads = new ArrayList<>();
        for (Expression access : Scopes.namesIn(owner).getOrDefault(Scopes.nameDeclaredBy(state), List.of())) {
            if (!insideTask.test(access) && Scopes.declaringNodeOf(access).filter(d -> d == state).isPresent()
                    && !AccessKinds.writes(access) && !isBlockingRead(access) && !isMonitorUse(access)) {
                reads.add(access);
            }
        }
        return reads;
    }

    /** Kept per method: the file's task code is one and the same for every start in it. */
    private static final com.github.javaparser.ast.DataKey<Map<Node, List<Expression>>> PLAIN_READS =
            new com.github.javaparser.ast.DataKey<>() {
            };

    /** Threads, executor tasks and async stages; not periodic tasks, nor stream stages, which the caller joins. */
    private static boolean awaitable(TaskStart start) {
        String name = start.site() instanceof MethodCallExpr call ? call.getNameAsString() : "";
        return switch (start.kind()) {
            case THREAD, ASYNC -> true;
            case EXECUTOR -> name.equals("execute") || name.equals("submit");
            case TIMER, PARALLEL_STREAM -> false;
        };
    }

    /** The fields of the starting class and the captured locals the task's code writes, by declaring node. */
    private static Map<Node, String> writtenState(TaskStart start) {
        Map<Node, String> written = new IdentityHashMap<>();
        for (Node body : start.bodies()) {
            body.walk(node -> {
                if (!(node instanceof Expression access) || !AccessKinds.writes(access)) {
                    return;
                }
                Scopes.referencedBy(access).ifPresent(declaration -> {
                    Node declared = Scopes.declaringNode(declaration);
                    boolean outside = !declared.isDescendantOf(body) && !(declaration instanceof Scopes.FieldDeclared field
                            && start.instance().filter(instance -> instance == field.owner()).isPresent());
                    if (outside) {
                        written.put(declared, Scopes.nameDeclaredBy(declared));
                    }
                });
            });
        }
        return written;
    }

    /** {@code queue.take()}, {@code result.get()} on a future, {@code poll(timeout, unit)}: a read that waits. */
    private static boolean isBlockingRead(Expression access) {
        return access.getParentNode().filter(p -> p instanceof MethodCallExpr call
                && call.getScope().orElse(null) == access && blocks(call)).isPresent();
    }

    /** A wait, or a take from a queue: the call returns only once another thread has delivered. */
    private static boolean blocks(MethodCallExpr call) {
        return Waits.isWait(call) || Waits.takesHandOff(call);
    }

    /**
     * A wait for the task: a join, get or await; a method of this class that waits; or a call the task's handle
     * (its thread, its future, the list holding them) is passed to, such as {@code joinAll(workers)}.
     */
    private static boolean waits(MethodCallExpr call, Set<Node> handles, Node owner) {
        if (blocks(call)) {
            return true;
        }
        if (!AccessKinds.isMutatingCall(call.getNameAsString()) && call.getArguments().stream()
                .anyMatch(argument -> Scopes.declaringNodeOf(argument).filter(handles::contains).isPresent())) {
            return true;
        }
        if (call.getScope().isPresent() && !(call.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr)) {
            return false;
        }
        return Scopes.enclosingClass(owner).filter(type -> type instanceof TypeDeclaration<?>)
                .map(type -> ((TypeDeclaration<?>) type).getMethodsByName(call.getNameAsString()).stream()
                        .anyMatch(EarlyReads::waitsInside))
                .orElse(false);
    }

    /** A helper that waits: it joins, gets or awaits, or sleeps in a loop until something happens. */
    private static boolean waitsInside(MethodDeclaration method) {
        return method.getBody().flatMap(body -> body.findFirst(MethodCallExpr.class, call -> Waits.isWait(call)
                || (call.getNameAsString().equals("sleep") || call.getNameAsString().startsWith("park"))
                && TaskStarts.inLoop(call))).isPresent();
    }

    /**
     * A call given code that reads the task's state, such as {@code waitFor(() -> done.get())} or a condition
     * object: a helper that polls until the task is far enough.
     */
    private static boolean polls(MethodCallExpr call, Set<Node> written) {
        return call.getArguments().stream().anyMatch(argument -> (argument instanceof LambdaExpr
                || argument instanceof com.github.javaparser.ast.expr.ObjectCreationExpr creation
                && creation.getAnonymousClassBody().isPresent()) && mentions(argument, written));
    }

    /** {@code synchronized (state)}, {@code state.wait()}, {@code state.notifyAll()}: a monitor, not a value. */
    private static boolean isMonitorUse(Expression access) {
        Node parent = access.getParentNode().orElse(null);
        return parent instanceof com.github.javaparser.ast.stmt.SynchronizedStmt sync && sync.getExpression() == access
                || parent instanceof MethodCallExpr call && call.getScope().orElse(null) == access
                && Set.of("wait", "notify", "notifyAll").contains(call.getNameAsString());
    }

    /**
     * A task that loops until the starting method tells it to stop ({@code while (keepGoing.get())}, then
     * {@code keepGoing.set(false)}): a worker whose progress is watched while it runs, not a result awaited.
     */
    private static boolean runsUntilStopped(TaskStart start, Node owner) {
        Set<Node> stoppedBy = Collections.newSetFromMap(new IdentityHashMap<>());
        owner.walk(node -> {
            if (node instanceof Expression access && Waits.before(start.site(), node) && AccessKinds.writes(access)) {
                Scopes.declaringNodeOf(access).ifPresent(stoppedBy::add);
            }
        });
        return !stoppedBy.isEmpty() && start.bodies().stream().anyMatch(body -> body.findFirst(Node.class,
                loop -> isPollingLoop(loop, stoppedBy)).isPresent());
    }

    private static boolean inPollingCondition(Node read, Set<Node> written) {
        for (Node part = read; part != null && !(part instanceof com.github.javaparser.ast.stmt.Statement);
                part = part.getParentNode().orElse(null)) {
            Node loop = part.getParentNode().orElse(null);
            if (loop != null && LoopConditions.condition(loop) == part && isPollingLoop(loop, written)) {
                return true;
            }
        }
        return false;
    }

    /** {@code while (!done) ...}: a loop that polls the task's state waits for it, however badly. */
    private static boolean isPollingLoop(Node node, Set<Node> states) {
        Expression condition = LoopConditions.condition(node);
        return condition != null && mentions(condition, states);
    }

    /** The code reads or writes one of {@code states} (declaring nodes) by name. */
    private static boolean mentions(Node code, Set<Node> states) {
        return code.findFirst(Expression.class, e -> Scopes.declaringNodeOf(e).filter(states::contains).isPresent())
                .isPresent();
    }

    /** The variables that stand for the task: its thread or future, and the collections they are added to. */
    private static Set<Node> handles(TaskStart start) {
        Set<Node> handles = Collections.newSetFromMap(new IdentityHashMap<>());
        Node site = start.site();
        Expression handle = null;
        if (start.kind() == TaskStart.Kind.THREAD && site instanceof MethodCallExpr call
                && call.getScope().filter(s -> s instanceof NameExpr).isPresent()) {
            handle = call.getScope().get();
        }
        Node parent = site.getParentNode().orElse(null);
        if (parent instanceof VariableDeclarator variable) {
            handles.add(variable);
        } else if (parent instanceof AssignExpr assign) {
            Scopes.declaringNodeOf(assign.getTarget()).ifPresent(handles::add);
        } else if (parent instanceof MethodCallExpr add) {
            add.getScope().flatMap(Scopes::declaringNodeOf).ifPresent(handles::add);
        }
        if (handle != null) {
            // The thread's variable, and the collections it is added to: threads.add(worker).
            Scopes.declaringNodeOf(handle).ifPresent(thread -> {
                handles.add(thread);
                start.owner().ifPresent(owner -> Scopes.uses(thread, owner).forEach(use -> {
                    if (use.getParentNode().orElse(null) instanceof MethodCallExpr add
                            && add.getArguments().contains(use) && AccessKinds.isMutatingCall(add.getNameAsString())) {
                        add.getScope().flatMap(Scopes::declaringNodeOf).ifPresent(handles::add);
                    }
                }));
            });
        }
        return handles;
    }

    /** The try-with-resources block the task is handed off in: closing its executor waits for the task. */
    private static Optional<TryStmt> closingExecutorBlock(Node site) {
        for (Optional<Node> parent = site.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            if (parent.get() instanceof TryStmt block && !block.getResources().isEmpty()
                    && site.isDescendantOf(block.getTryBlock())
                    && block.getResources().stream().anyMatch(r -> r instanceof VariableDeclarationExpr)) {
                return Optional.of(block);
            }
            if (parent.get() instanceof com.github.javaparser.ast.body.BodyDeclaration<?>) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * The code {@code node} runs as part of, by identity: the owner itself, or a lambda or a method of an anonymous
     * class inside it, which run when someone calls them, not in sequence with the owner's statements.
     */
    private static Node codeUnit(Node node, Node owner) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent() && parent.get() != owner;
                parent = parent.get().getParentNode()) {
            if (parent.get() instanceof LambdaExpr || parent.get() instanceof BodyDeclaration<?>) {
                return parent.get();
            }
        }
        return owner;
    }
}
