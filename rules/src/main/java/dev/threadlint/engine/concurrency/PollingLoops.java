package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loops that wait for another thread by sleeping and looking again: the loop's exit depends on shared state (a
 * field, a future's {@code isDone()}, a collection's emptiness, a thread's {@code isAlive()}), and its body does
 * nothing but sleep, count and log. A loop that does work on every turn (a heartbeat, a sample) is periodic work,
 * and one whose exit reads only locals waits for time, not for another thread.
 */
public final class PollingLoops {

    /** What a polling loop waits for, each with the event that says so directly. */
    public enum Polled {
        FLAG("a CountDownLatch the other thread counts down, or wait()/notifyAll() (a Condition) on the lock that "
                + "guards the state"),
        COLLECTION("a BlockingQueue: take() or poll(timeout) wakes as soon as there is an element (or space)"),
        ENTRY("a Condition (or wait()/notifyAll()) signalled by the code that adds the entry, or a "
                + "CompletableFuture per key"),
        FUTURE("Future.get(timeout), or a CompletableFuture callback (thenAccept, whenComplete)"),
        THREAD("Thread.join(timeout)"),
        LATCH("CountDownLatch.await(timeout)"),
        EXECUTOR("ExecutorService.awaitTermination(timeout)");

        private final String event;

        Polled(String event) {
            this.event = event;
        }

        public String event() {
            return event;
        }
    }

    /**
     * A sleep that polls.
     *
     * @param sleep  the call that waits a while
     * @param loop   the loop it sits in
     * @param polled the shared state the loop's exit reads
     * @param kind   what kind of state it is
     */
    public record Poll(MethodCallExpr sleep, Statement loop, Expression polled, Polled kind) {
    }

    private static final Map<String, Polled> STATE_QUERIES = Map.ofEntries(
            Map.entry("isDone", Polled.FUTURE), Map.entry("isCancelled", Polled.FUTURE),
            Map.entry("isCompletedExceptionally", Polled.FUTURE), Map.entry("isAlive", Polled.THREAD),
            Map.entry("isEmpty", Polled.COLLECTION), Map.entry("size", Polled.COLLECTION),
            Map.entry("peek", Polled.COLLECTION), Map.entry("remainingCapacity", Polled.COLLECTION),
            Map.entry("contains", Polled.ENTRY), Map.entry("containsKey", Polled.ENTRY),
            Map.entry("containsValue", Polled.ENTRY), Map.entry("getCount", Polled.LATCH),
            Map.entry("isTerminated", Polled.EXECUTOR), Map.entry("get", Polled.FLAG),
            Map.entry("getAcquire", Polled.FLAG), Map.entry("getPlain", Polled.FLAG),
            Map.entry("getOpaque", Polled.FLAG), Map.entry("intValue", Polled.FLAG),
            Map.entry("longValue", Polled.FLAG), Map.entry("getState", Polled.FLAG),
            Map.entry("isLocked", Polled.FLAG), Map.entry("availablePermits", Polled.FLAG));
    /** Calls that read the clock, format text or do arithmetic: no work, and no state of another thread. */
    private static final Set<String> HARMLESS = Set.of(
            "currentTimeMillis", "nanoTime", "now", "toNanos", "toMillis", "toSeconds", "ofMillis", "ofSeconds",
            "ofNanos", "plus", "plusMillis", "minus", "isAfter", "isBefore", "compareTo", "max", "min", "abs",
            "valueOf", "format", "formatted", "toString", "equals", "interrupted", "isInterrupted", "currentThread",
            "interrupt", "onSpinWait", "yield", "getMessage", "name", "ordinal", "length", "hashCode");
    private static final Set<String> COUNTING = Set.of(
            "incrementAndGet", "getAndIncrement", "decrementAndGet", "getAndDecrement", "increment",
            "addAndGet", "getAndAdd");
    private static final Pattern LOGGER = Pattern.compile("(?i).*(log|logger|out|err|console)");
    private static final Set<String> LOG_METHODS = Set.of(
            "trace", "debug", "info", "warn", "warning", "error", "fine", "finer", "finest", "config", "severe",
            "log", "print", "println", "printf");
    private static final Set<String> TIME_UNITS = Set.of(
            "NANOSECONDS", "MICROSECONDS", "MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS");

    private PollingLoops() {
    }

    /**
     * {@code Thread.sleep(...)}, {@code TimeUnit.X.sleep(...)}, {@code LockSupport.parkNanos(...)} or
     * {@code parkUntil(...)}: a wait for time, which wakes up for nothing else.
     */
    public static boolean isTimedSleep(MethodCallExpr call) {
        String name = call.getNameAsString();
        String scope = call.getScope().map(Object::toString).orElse("");
        if (name.equals("sleep") && !call.getArguments().isEmpty()) {
            return scope.equals("Thread") || scope.equals("java.lang.Thread") || scope.isEmpty()
                    && !call.findAncestor(com.github.javaparser.ast.body.MethodDeclaration.class)
                    .map(m -> m.getNameAsString().equals("sleep")).orElse(false)
                    || TIME_UNITS.contains(scope.substring(scope.lastIndexOf('.') + 1));
        }
        return (name.equals("parkNanos") || name.equals("parkUntil"))
                && (scope.equals("LockSupport") || scope.endsWith(".LockSupport") || scope.isEmpty());
    }

    /** The poll the sleep is part of, if it is one. */
    public static Optional<Poll> around(MethodCallExpr sleep) {
        Optional<Statement> loop = loopAround(sleep);
        if (loop.isEmpty()) {
            return Optional.empty();
        }
        List<Expression> exits = exitConditions(loop.get());
        if (exits.stream().anyMatch(PollingLoops::hasWork)) {
            return Optional.empty(); // while (!tryConnect()): a retry, whose condition is the work
        }
        if (!idle(LoopConditions.body(loop.get()))
                || loop.get() instanceof ForStmt forLoop && forLoop.getUpdate().stream().anyMatch(PollingLoops::hasWork)) {
            return Optional.empty();
        }
        for (Expression exit : exits) {
            Optional<Poll> poll = polledIn(exit, sleep, loop.get());
            if (poll.isPresent()) {
                return poll;
            }
        }
        return Optional.empty();
    }

    /** The innermost while, do or for loop of the sleep's own method; a for-each loop paces work over items. */
    private static Optional<Statement> loopAround(Node node) {
        return LoopConditions.enclosingLoop(node, false);
    }

    /** The loop's condition, and the conditions of the ifs in its body that leave it. */
    private static List<Expression> exitConditions(Statement loop) {
        List<Expression> exits = new ArrayList<>();
        Optional.ofNullable(LoopConditions.condition(loop)).ifPresent(exits::add);
        exits.addAll(LoopConditions.leavingConditions(loop, false));
        return exits;
    }

    /** Shared state an exit condition reads: a field, or a state query on a variable ({@code f.isDone()}). */
    private static Optional<Poll> polledIn(Expression exit, MethodCallExpr sleep, Statement loop) {
        for (Expression part : exit.findAll(Expression.class)) {
            if (part instanceof MethodCallExpr query && STATE_QUERIES.containsKey(query.getNameAsString())
                    && query.getScope().filter(PollingLoops::namesState).isPresent()) {
                Polled kind = query.getNameAsString().equals("get") && !query.getArguments().isEmpty()
                        ? Polled.ENTRY : STATE_QUERIES.get(query.getNameAsString());
                return Optional.of(new Poll(sleep, loop, query, kind));
            }
            if ((part instanceof NameExpr || part instanceof FieldAccessExpr)
                    && !(part.getParentNode().orElse(null) instanceof MethodCallExpr call && call.getScope().orElse(null) == part)
                    && Scopes.referencedBy(part).filter(d -> d instanceof Scopes.FieldDeclared field
                            && !(field.field().isFinal() && field.variable().getType().isPrimitiveType())).isPresent()) {
                return Optional.of(new Poll(sleep, loop, part, Polled.FLAG));
            }
        }
        return Optional.empty();
    }

    /** A variable or field (or a chain of reads from one), not a class such as {@code Files}. */
    private static boolean namesState(Expression scope) {
        if (scope instanceof NameExpr || scope instanceof FieldAccessExpr field && field.getScope().isThisExpr()) {
            return Scopes.referencedBy(scope).isPresent()
                    || Character.isLowerCase(scope.toString().charAt(scope.toString().lastIndexOf('.') + 1));
        }
        return scope instanceof MethodCallExpr call && call.getNameAsString().equals("get")
                && call.getScope().filter(PollingLoops::namesState).isPresent();
    }

    /** Only sleeping, counting, logging, reading the clock and leaving: no work on any turn. */
    private static boolean idle(Statement statement) {
        if (statement instanceof BlockStmt block) {
            return block.getStatements().stream().allMatch(PollingLoops::idle);
        }
        if (statement instanceof ExpressionStmt expression) {
            return idle(expression.getExpression());
        }
        if (statement instanceof IfStmt ifStmt) {
            return !hasWork(ifStmt.getCondition()) && idle(ifStmt.getThenStmt())
                    && ifStmt.getElseStmt().map(PollingLoops::idle).orElse(true);
        }
        if (statement instanceof TryStmt attempt) {
            return attempt.getResources().isEmpty() && idle(attempt.getTryBlock())
                    && attempt.getCatchClauses().stream().allMatch(c -> idle(c.getBody()))
                    && attempt.getFinallyBlock().map(PollingLoops::idle).orElse(true);
        }
        if (statement instanceof SynchronizedStmt sync) {
            return idle(sync.getBody());
        }
        if (statement instanceof ReturnStmt ret) {
            return ret.getExpression().map(e -> !hasWork(e)).orElse(true);
        }
        return statement instanceof ThrowStmt || statement instanceof BreakStmt || statement instanceof ContinueStmt
                || statement instanceof EmptyStmt;
    }

    private static boolean idle(Expression expression) {
        if (expression instanceof MethodCallExpr call && (isTimedSleep(call) || isLogging(call)
                || COUNTING.contains(call.getNameAsString()) && call.getArguments().size() <= 1)) {
            return call.getArguments().stream().noneMatch(PollingLoops::hasWork);
        }
        if (expression instanceof UnaryExpr unary) {
            return !hasWork(unary.getExpression());
        }
        if (expression instanceof AssignExpr assign) {
            return Scopes.referencedBy(assign.getTarget()).filter(d -> d instanceof Scopes.LocalDeclared).isPresent()
                    && !hasWork(assign.getValue());
        }
        if (expression instanceof VariableDeclarationExpr declaration) {
            return declaration.getVariables().stream()
                    .allMatch(v -> v.getInitializer().map(e -> !hasWork(e)).orElse(true));
        }
        return !hasWork(expression);
    }

    /** A call that is neither a state query, a clock read, logging, nor an exception being made. */
    private static boolean hasWork(Expression expression) {
        return expression.findFirst(Expression.class, e -> e instanceof MethodCallExpr call
                && !STATE_QUERIES.containsKey(call.getNameAsString()) && !HARMLESS.contains(call.getNameAsString())
                && !isTimedSleep(call) && !isLogging(call)
                || e instanceof ObjectCreationExpr creation && !creation.getType().getNameAsString().endsWith("Exception")
                && !creation.getType().getNameAsString().endsWith("Error")).isPresent();
    }

    private static boolean isLogging(MethodCallExpr call) {
        return LOG_METHODS.contains(call.getNameAsString()) && call.getScope()
                .map(scope -> LOGGER.matcher(scope.toString()).matches()).orElse(true);
    }
}
