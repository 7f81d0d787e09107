package dev.threadlint.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.ProjectRule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.concurrency.LockOrderGraph;
import dev.threadlint.engine.concurrency.LockSummaries;
import dev.threadlint.engine.concurrency.LockSummary;
import dev.threadlint.engine.concurrency.Scopes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cycles in the project's lock-order graph, and two objects of one class locked in argument order. The graph is
 * the engine's ({@link LockOrderGraph}); this class words the findings.
 */
@RuleInfo(id = "inconsistent-lock-order",
        summary = "The same locks taken in different orders on different paths: a deadlock waiting to happen",
        severity = Severity.ERROR,
        tags = {"threads", "deadlock"},
        since = "0.1.0")
public final class InconsistentLockOrderRule implements ProjectRule<LockSummary> {

    /** Written next to the main report. */
    public static final String GRAPH_FILE = "lock-order.dot";

    private static final java.util.Set<String> ORDERING_CALLS = java.util.Set.of(
            "identityHashCode", "compareTo", "compare");
    private static final String FIX_HINT = "take these locks in one global order on every path (or take the later "
            + "one with tryLock and a timeout, backing off on failure), and avoid calling other objects' "
            + "synchronized methods while holding a lock";

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(SynchronizedStmt.class, InconsistentLockOrderRule::checkArgumentOrder);
    }

    @Override
    public Class<LockSummary> summaryType() {
        return LockSummary.class;
    }

    @Override
    public LockSummary summarize(CompilationUnit unit, RuleContext context) {
        return LockSummaries.of(unit, context::site);
    }

    @Override
    public void finish(List<LockSummary> summaries, ProjectContext context) {
        LockOrderGraph graph = LockOrderGraph.of(summaries);
        List<LockOrderGraph.Cycle> cycles = graph.cycles();
        for (LockOrderGraph.Cycle cycle : cycles) {
            if (cycle.knot().isEmpty()) {
                context.report(cycle.anchor(), "locks taken in opposite orders: " + path(cycle) + ". Threads on "
                        + "these paths at once can each hold one lock and wait forever for the next", FIX_HINT,
                        related(cycle));
                continue;
            }
            List<String> locks = cycle.knot();
            String named = locks.size() <= KNOT_LOCKS_NAMED ? String.join(", ", locks)
                    : String.join(", ", locks.subList(0, KNOT_LOCKS_NAMED)) + " and " + (locks.size() - KNOT_LOCKS_NAMED)
                    + " more";
            String examples = cycle.examples().stream().map(InconsistentLockOrderRule::path)
                    .collect(Collectors.joining(" | "));
            context.report(cycle.anchor(), locks.size() + " locks are taken in orders that contradict each other ("
                    + named + "); the shortest cycles: " + examples + ". Threads on these paths at once can each "
                    + "hold one lock and wait forever for the next", FIX_HINT,
                    cycle.examples().stream().flatMap(example -> related(example).stream()).distinct().toList());
        }
        if (graph.searchBudgetSpent()) {
            context.limitReached("inconsistent-lock-order searched a large group of locks in mutual orders for "
                    + "example cycles until its budget of steps was spent; the finding shows those found");
        }
        // Written even when empty, so that a graph from an earlier run never outlives the cycles it showed.
        context.attach(GRAPH_FILE, LockOrderGraph.dot(cycles));
    }

    /** A large group of locks in mutual orders names this many of them, then counts the rest. */
    private static final int KNOT_LOCKS_NAMED = 8;

    private static String path(LockOrderGraph.Cycle cycle) {
        return cycle.edges().stream()
                .map(edge -> edge.from().shown() + " -> " + edge.to().shown() + " at " + edge.site().shortName()
                        + edge.via())
                .collect(Collectors.joining("; "));
    }

    /** Each acquisition of the cycle, as a place the report links to. */
    private static List<Finding.Related> related(LockOrderGraph.Cycle cycle) {
        return cycle.edges().stream()
                .map(edge -> new Finding.Related(edge.site().file(), edge.site().line(), edge.site().column(),
                        edge.to().shown() + " taken while " + edge.from().shown() + " is held" + edge.via()))
                .toList();
    }

    /**
     * {@code synchronized (from) { synchronized (to) { ... } }} with two variables of one class: a call with the
     * arguments swapped, on another thread, takes the same two monitors in the other order. Fine when the method
     * first decides the order from something both objects share (an id, an identity hash).
     */
    private static void checkArgumentOrder(SynchronizedStmt inner, RuleContext context) {
        if (!(inner.getExpression() instanceof NameExpr second)) {
            return;
        }
        Optional<SynchronizedStmt> outer = inner.findAncestor(SynchronizedStmt.class);
        if (outer.isEmpty() || !(outer.get().getExpression() instanceof NameExpr first)
                || first.getNameAsString().equals(second.getNameAsString())) {
            return;
        }
        Optional<String> firstType = localClass(first);
        Optional<String> secondType = localClass(second);
        if (firstType.isEmpty() || !firstType.equals(secondType) || ordersFirst(inner, firstType.get())) {
            return;
        }
        context.report(inner, "'synchronized (" + second + ")' inside 'synchronized (" + first + ")' locks two "
                        + firstType.get() + " objects in the order the arguments came: the same call with them "
                        + "swapped, on another thread, takes the two monitors the other way round and both wait forever",
                "lock the two in an order both threads agree on (compare ids, or System.identityHashCode with a "
                        + "tie-breaking lock), or use one lock for both");
    }

    /** The declared class of a parameter or local, when it is a class (not Object or a lock). */
    private static Optional<String> localClass(NameExpr name) {
        return Scopes.resolve(name.getNameAsString(), name)
                .filter(d -> d instanceof Scopes.LocalDeclared)
                .flatMap(Scopes::declaredClass)
                .map(type -> type.getNameAsString())
                .filter(type -> !type.equals("Object"));
    }

    /**
     * A condition in the method that compares two variables of the locked class: the order is chosen (by id, by
     * identity hash), not given by the arguments.
     */
    private static boolean ordersFirst(Node inner, String lockedClass) {
        Optional<CallableDeclaration> method = inner.findAncestor(CallableDeclaration.class);
        if (method.isEmpty()) {
            return false;
        }
        // An order computed from what both objects share: an identity hash or a comparison of keys.
        if (method.get().findFirst(com.github.javaparser.ast.expr.MethodCallExpr.class,
                call -> ORDERING_CALLS.contains(call.getNameAsString())).isPresent()) {
            return true;
        }
        List<Expression> conditions = new java.util.ArrayList<>();
        method.get().findAll(IfStmt.class).forEach(s -> conditions.add(s.getCondition()));
        method.get().findAll(ConditionalExpr.class).forEach(c -> conditions.add(c.getCondition()));
        return conditions.stream().anyMatch(condition -> condition.findAll(NameExpr.class).stream()
                .filter(name -> localClass(name).filter(lockedClass::equals).isPresent())
                .map(NameExpr::getNameAsString).distinct().count() >= 2);
    }

}
