package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Waits on a monitor ({@code Object.wait}) or a {@code Condition} ({@code await}), the notifications that wake
 * them, and the condition each waiter waits for: the loop around the wait, or the {@code if} that guards it.
 */
public final class MonitorWaits {

    private static final Set<String> CONDITION_WAITS = Set.of(
            "await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");

    private MonitorWaits() {
    }

    /** {@code wait()}, {@code wait(timeout)}, or an await on a variable declared as a {@code Condition}. */
    public static boolean isWait(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (name.equals("wait")) {
            return call.getArguments().size() <= 2;
        }
        return CONDITION_WAITS.contains(name) && call.getScope().filter(MonitorWaits::isCondition).isPresent();
    }

    /** {@code notify()} on a monitor, or {@code signal()} on a Condition: wakes one waiter, whichever it is. */
    public static boolean isSingleWakeUp(MethodCallExpr call) {
        return call.getNameAsString().equals("notify") && call.getArguments().isEmpty()
                || call.getNameAsString().equals("signal") && call.getArguments().isEmpty()
                && call.getScope().filter(MonitorWaits::isCondition).isPresent();
    }

    /** The monitor or Condition a wait or wake-up is on, by name: {@code this} for an unqualified call. */
    public static String monitorOf(MethodCallExpr call) {
        return call.getScope().map(Object::toString).map(s -> s.startsWith("this.") ? s.substring(5) : s)
                .orElse("this");
    }

    /** True when the wait sits in a loop of its own method, which looks at the condition again after waking. */
    public static boolean inLoop(MethodCallExpr wait) {
        return loopAround(wait).isPresent();
    }

    /**
     * The distinct conditions the waiters on {@code call}'s monitor wait for, across the outermost class around
     * the call: each is the condition of the loop around a wait (with the exits of a {@code while (true)}), or of
     * the {@code if} that guards a wait outside a loop.
     */
    public static Set<Set<String>> waitedConditions(MethodCallExpr call) {
        String monitor = monitorOf(call);
        Node outermost = Scopes.outermostType(call);
        Set<Set<String>> conditions = new HashSet<>();
        for (MethodCallExpr wait : outermost.findAll(MethodCallExpr.class,
                candidate -> isWait(candidate) && monitorOf(candidate).equals(monitor))) {
            Set<String> fields = fieldsRead(conditionsOf(wait));
            if (!fields.isEmpty()) {
                conditions.add(fields);
            }
        }
        return conditions;
    }

    /**
     * True when the wait waits for something: it is untimed, or an {@code if} around it reads a field that the
     * class changes where it also notifies ({@code ready = true; notifyAll();}). A timed wait guarded by nothing,
     * or by configuration ({@code if (delay > 0) wait(delay)}), is a pause that lets go of the monitor.
     */
    public static boolean waitsForState(MethodCallExpr wait) {
        if (isWholeBody(wait)) {
            return false; // a wrapper such as awaitLock() { cond.await(); }: its callers hold the lock and loop
        }
        String name = wait.getNameAsString();
        boolean untimed = name.equals("awaitUninterruptibly")
                || (name.equals("wait") || name.equals("await")) && wait.getArguments().isEmpty();
        if (untimed) {
            return true;
        }
        Set<String> guard = fieldsRead(conditionsOf(wait));
        if (guard.isEmpty()) {
            return false;
        }
        Set<String> signalled = new HashSet<>();
        Scopes.outermostType(wait).walk(MethodCallExpr.class, wakeUp -> {
            if (WAKE_UPS.contains(wakeUp.getNameAsString())) {
                Scopes.enclosingCallable(wakeUp).ifPresent(callable -> callable.walk(Expression.class, e -> {
                    if ((e instanceof NameExpr || e instanceof FieldAccessExpr) && AccessKinds.writes(e)) {
                        signalled.add(e instanceof NameExpr n ? n.getNameAsString()
                                : ((FieldAccessExpr) e).getNameAsString());
                    }
                }));
            }
        });
        return guard.stream().anyMatch(signalled::contains);
    }

    /**
     * The wait is the only statement of a method that does not take the monitor itself: its callers hold the lock
     * and check the condition. A {@code synchronized} method that only waits lets its callers check outside the
     * monitor, which is still a hazard.
     */
    private static boolean isWholeBody(MethodCallExpr wait) {
        if (!(wait.getParentNode().orElse(null) instanceof ExpressionStmt waiting)
                || !(waiting.getParentNode().orElse(null) instanceof BlockStmt block)
                || !block.getStatements().stream().allMatch(s -> s == waiting || isLogging(s))) {
            return false;
        }
        Node around = block.getParentNode().orElse(null);
        if (around instanceof TryStmt attempt && attempt.getTryBlock() == block) {
            // try { log(...); cond.await(); } catch (InterruptedException e) { ... }: still only the wait.
            around = attempt.getParentNode().filter(b -> b instanceof BlockStmt body
                    && body.getStatements().size() == 1).flatMap(Node::getParentNode).orElse(null);
        }
        return around instanceof MethodDeclaration method && !method.isSynchronized();
    }

    /** {@code d("waiting")}, {@code log.debug("...", x)}: a call given only text and names, which does no work. */
    private static boolean isLogging(com.github.javaparser.ast.stmt.Statement statement) {
        return statement instanceof ExpressionStmt expression && expression.getExpression() instanceof MethodCallExpr call
                && !isWait(call) && call.getArguments().stream().allMatch(argument -> argument.isStringLiteralExpr()
                || argument.isNameExpr() || argument.isBinaryExpr() && argument.findAll(MethodCallExpr.class).isEmpty());
    }

    private static final Set<String> WAKE_UPS = Set.of("notify", "notifyAll", "signal", "signalAll");

    /**
     * What a waiter waits for: the condition of the loop around the wait (or, for {@code while (true)}, of the
     * ifs that leave it), else the conditions of the ifs around the wait.
     */
    private static List<Expression> conditionsOf(MethodCallExpr wait) {
        List<Expression> conditions = new ArrayList<>();
        Optional<Statement> loop = loopAround(wait);
        if (loop.isPresent()) {
            Expression condition = LoopConditions.condition(loop.get());
            if (condition != null && !condition.isBooleanLiteralExpr()) {
                conditions.add(condition);
            } else {
                conditions.addAll(LoopConditions.leavingConditions(loop.get(), true));
            }
            return conditions;
        }
        for (Optional<Node> parent = wait.getParentNode(); parent.isPresent()
                && !(parent.get() instanceof BodyDeclaration<?>) && !(parent.get() instanceof LambdaExpr);
                parent = parent.get().getParentNode()) {
            if (parent.get() instanceof IfStmt ifStmt && !wait.isDescendantOf(ifStmt.getCondition())) {
                conditions.add(ifStmt.getCondition());
            }
        }
        return conditions;
    }

    /** The names of the fields the conditions read: which state a waiter waits on, whatever the wording. */
    private static Set<String> fieldsRead(List<Expression> conditions) {
        Set<String> fields = new TreeSet<>();
        for (Expression condition : conditions) {
            condition.walk(Expression.class, e -> {
                if ((e instanceof NameExpr || e instanceof FieldAccessExpr) && Scopes.referencedBy(e)
                        .filter(d -> d instanceof Scopes.FieldDeclared).isPresent()) {
                    fields.add(e instanceof NameExpr n ? n.getNameAsString() : ((FieldAccessExpr) e).getNameAsString());
                }
            });
        }
        return fields;
    }

    private static Optional<Statement> loopAround(Node node) {
        return LoopConditions.enclosingLoop(node, true);
    }

    /** A variable declared {@code Condition}, or made by {@code lock.newCondition()}. */
    private static boolean isCondition(Expression scope) {
        Optional<Scopes.Declaration> declaration = Scopes.referencedBy(scope);
        if (declaration.isEmpty()) {
            return false;
        }
        if (Scopes.declaredClass(declaration.get()).map(t -> t.getNameAsString().equals("Condition")).orElse(false)) {
            return true;
        }
        Node declared = Scopes.declaringNode(declaration.get());
        return declared instanceof VariableDeclarator variable && variable.getInitializer()
                .filter(init -> init instanceof MethodCallExpr m && m.getNameAsString().equals("newCondition"))
                .isPresent();
    }

}
