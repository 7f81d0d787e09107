package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.engine.Trees;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Thread confinement as code states it: checks that the current thread is the one that owns the state (an event
 * loop's {@code inEventLoop()}, Swing's {@code isEventDispatchThread()}, a comparison with
 * {@code Thread.currentThread()}), and annotations that confine a method or class to one thread.
 */
public final class Confinement {

    /** A question or an assertion about the current thread; {@code currentThread()} itself asks nothing. */
    private static final Pattern CHECK = Pattern.compile(
            "(?i)((is|assert|check|ensure|verify)(in|on)?|in|on)(EventLoop|EventLoopThread|EventDispatchThread|"
                    + "FxApplicationThread|IoThread|HeldByCurrentThread|CurrentThread|OwnerThread|SameThread)"
                    + "|holdsLock");

    private static final Set<String> ONE_THREAD = Set.of("UiThread", "UIThread", "MainThread", "WorkerThread",
            "ThreadConfined", "BinderThread", "RequiresEdt");

    private Confinement() {
    }

    /** {@code inEventLoop()}, {@code isEventDispatchThread()}, {@code owner == Thread.currentThread()}. */
    public static boolean isCheck(Expression expression) {
        if (expression instanceof EnclosedExpr enclosed) {
            return isCheck(enclosed.getInner());
        }
        if (expression instanceof BinaryExpr binary && (binary.getOperator() == BinaryExpr.Operator.EQUALS)) {
            return isCurrentThread(binary.getLeft()) || isCurrentThread(binary.getRight());
        }
        if (expression instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.AND) {
            return isCheck(binary.getLeft()) || isCheck(binary.getRight());
        }
        if (!(expression instanceof MethodCallExpr call)) {
            return false;
        }
        if (call.getNameAsString().equals("equals") && call.getArguments().size() == 1) {
            return isCurrentThread(call.getArgument(0)) || call.getScope().filter(Confinement::isCurrentThread).isPresent();
        }
        return CHECK.matcher(call.getNameAsString()).matches();
    }

    private static boolean isCurrentThread(Expression expression) {
        return expression instanceof MethodCallExpr call && call.getNameAsString().equals("currentThread")
                && call.getArguments().isEmpty();
    }

    /** {@code assert inEventLoop();}, {@code checkInEventLoop();}, {@code if (!inEventLoop()) throw ...;}. */
    public static boolean isCheckStatement(Statement statement) {
        if (statement instanceof AssertStmt assertion) {
            return isCheck(assertion.getCheck());
        }
        if (statement instanceof ExpressionStmt expression) {
            return expression.getExpression() instanceof MethodCallExpr call
                    && CHECK.matcher(call.getNameAsString()).matches();
        }
        if (statement instanceof IfStmt guard && guard.getElseStmt().isEmpty()
                && guard.getCondition() instanceof UnaryExpr not
                && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT && isCheck(not.getExpression())) {
            return Trees.leavesMethod(guard.getThenStmt());
        }
        return false;
    }

    /**
     * True when some check of confinement appears anywhere in {@code code}: searched once per node and kept, since
     * it is asked of a method at each of its hand-offs.
     */
    public static boolean checkedIn(Node code) {
        return Trees.kept(code, CHECKED_IN, () -> code.findFirst(Expression.class, Confinement::isCheck).isPresent());
    }

    private static final DataKey<Boolean> CHECKED_IN = new DataKey<>() {
    };

    /** Annotated to run on one thread, or its class is; or its first statement checks that it does. */
    public static boolean declared(MethodDeclaration method) {
        for (Optional<Node> scope = Optional.of(method); scope.isPresent(); scope = scope.get().getParentNode()) {
            if (scope.get() instanceof NodeWithAnnotations<?> annotated) {
                for (AnnotationExpr annotation : annotated.getAnnotations()) {
                    if (ONE_THREAD.contains(annotation.getName().getIdentifier())) {
                        return true;
                    }
                }
            }
        }
        return method.getBody().flatMap(b -> b.getStatements().getFirst()).filter(Confinement::isCheckStatement)
                .isPresent();
    }
}
