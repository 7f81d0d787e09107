package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;

import java.util.Optional;
import java.util.Set;

/**
 * Calls by which one thread waits for the work of another ({@code join}, {@code future.get()}, {@code await},
 * {@code awaitTermination}, ...), and whether such a wait stands between two points of a method on every path.
 */
public final class Waits {

    private static final Set<String> NAMES = Set.of(
            "join", "get", "await", "awaitTermination", "awaitAdvance", "arriveAndAwaitAdvance", "invokeAll",
            "close", "acquire");

    private Waits() {
    }

    /**
     * A call that waits for other threads' work. {@code future.get()} and {@code get(timeout, unit)} wait;
     * {@code map.get(key)} does not, nor does {@code get()} on a receiver declared as something other than a
     * future (a Supplier, an atomic).
     */
    public static boolean isWait(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (!NAMES.contains(name)) {
            return false;
        }
        if (!name.equals("get")) {
            return true;
        }
        if (call.getArguments().size() != 0 && call.getArguments().size() != 2) {
            return false;
        }
        return call.getScope().flatMap(Scopes::declaredTypeName)
                .map(type -> type.endsWith("Future") || type.endsWith("Task"))
                .orElse(true);
    }

    /**
     * True when {@code wait}, which comes before {@code use} in the same method, is passed on every path that
     * reaches {@code use}: it is not under a branch ({@code if}, {@code switch} case, {@code catch}, {@code ?:})
     * that does not also hold {@code use}. A wait inside a loop counts (a loop joining the threads of a list); one
     * inside a lambda does not, as the lambda may run later or elsewhere.
     */
    public static boolean onEveryPathTo(Node wait, Node use) {
        if (!before(wait, use)) {
            return false;
        }
        for (Optional<Node> parent = wait.getParentNode(); parent.isPresent()
                && !(parent.get() instanceof BodyDeclaration<?>); parent = parent.get().getParentNode()) {
            Node branch = parent.get();
            boolean conditional = branch instanceof IfStmt || branch instanceof SwitchEntry
                    || branch instanceof CatchClause || branch instanceof ConditionalExpr
                    || branch instanceof LambdaExpr;
            if (conditional && !use.isDescendantOf(branch)) {
                if (branch instanceof IfStmt ifStmt && (wait.isDescendantOf(ifStmt.getCondition())
                        || isNullCheck(ifStmt.getCondition()))) {
                    // if (latch.await(5, SECONDS)) ...: the condition itself runs on every path. And
                    // if (worker != null) worker.join(): only a thread that was never made is not waited for.
                    continue;
                }
                return false;
            }
        }
        return true;
    }

    private static boolean isNullCheck(com.github.javaparser.ast.expr.Expression condition) {
        return condition instanceof com.github.javaparser.ast.expr.BinaryExpr test
                && test.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS
                && (test.getLeft().isNullLiteralExpr() || test.getRight().isNullLiteralExpr());
    }

    /** {@code queue.take()} or {@code queue.poll(timeout, unit)}: returns once another thread has handed something over. */
    public static boolean takesHandOff(MethodCallExpr call) {
        String name = call.getNameAsString();
        return call.hasScope() && (name.equals("take") && call.getArguments().isEmpty()
                || name.equals("poll") && call.getArguments().size() == 2);
    }

    /** Source order: {@code first} ends before {@code second} begins. */
    public static boolean before(Node first, Node second) {
        return first.getEnd().isPresent() && second.getBegin().isPresent()
                && first.getEnd().get().isBefore(second.getBegin().get());
    }

    /**
     * True when the statement after the one holding {@code node} interrupts a thread ({@code worker.interrupt()}):
     * a write before an interrupt happens-before the interrupted thread sees it (JLS 17.4.4).
     */
    public static boolean interruptsNext(Node node) {
        Optional<com.github.javaparser.ast.stmt.Statement> statement = node
                .findAncestor(com.github.javaparser.ast.stmt.ExpressionStmt.class).map(s -> s);
        if (statement.isEmpty() || !(statement.get().getParentNode().orElse(null)
                instanceof com.github.javaparser.ast.stmt.BlockStmt block)) {
            return false;
        }
        int index = block.getStatements().indexOf(statement.get());
        for (int next = index + 1; next < block.getStatements().size() && next <= index + 2; next++) {
            if (block.getStatement(next) instanceof com.github.javaparser.ast.stmt.ExpressionStmt expression
                    && expression.getExpression() instanceof MethodCallExpr call
                    && call.getNameAsString().equals("interrupt") && call.getArguments().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
