package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.threadlint.engine.Answer;
import dev.threadlint.engine.TypeQuestions;

import java.util.Optional;
import java.util.Set;

/**
 * Tasks handed to executors and what becomes of their results: whether the Future (or CompletableFuture) a call
 * returns is thrown away, whether the receiver is an ExecutorService, and whether the task deals with its own
 * failures so that nothing is lost with the Future.
 */
public final class SubmittedTasks {

    private static final Set<String> EXECUTOR_SERVICES = Set.of(
            "ExecutorService", "ScheduledExecutorService", "ThreadPoolExecutor", "ScheduledThreadPoolExecutor",
            "ForkJoinPool", "AbstractExecutorService", "ListeningExecutorService",
            "ListeningScheduledExecutorService");

    /** The call's value is thrown away: a statement of its own, or a local variable nothing reads. */
    public static boolean resultDropped(Expression call) {
        Node parent = call.getParentNode().orElse(null);
        if (parent instanceof ExpressionStmt) {
            return true;
        }
        if (parent instanceof VariableDeclarator variable && variable.getInitializer().orElse(null) == call) {
            Optional<Node> scope = Scopes.enclosingCallable(variable);
            return scope.isPresent() && Scopes.uses(variable, scope.get()).isEmpty();
        }
        return false;
    }

    public static boolean isExecutorService(Expression receiver, TypeQuestions types) {
        Optional<String> declared = Scopes.declaredTypeName(receiver);
        if (declared.isPresent()) {
            return EXECUTOR_SERVICES.contains(declared.get());
        }
        if (ExecutorLifecycles.isCreation(receiver)) {
            return true;
        }
        return types.isSubtypeOf(receiver, "java.util.concurrent.ExecutorService") == Answer.YES;
    }

    /**
     * A task whose whole body catches what it throws ({@code catch (Exception e)} or wider) and deals with it:
     * the dropped Future holds nothing worth seeing. A lambda, or a method of this class named by reference.
     */
    public static boolean handlesOwnFailures(Expression task) {
        Optional<com.github.javaparser.ast.stmt.BlockStmt> body = Optional.empty();
        if (task instanceof com.github.javaparser.ast.expr.LambdaExpr lambda && lambda.getBody().isBlockStmt()) {
            body = Optional.of(lambda.getBody().asBlockStmt());
        } else if (task instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()) {
            body = creation.getAnonymousClassBody().get().stream()
                    .filter(member -> member instanceof MethodDeclaration method && method.getParameters().isEmpty()
                            && (method.getNameAsString().equals("run") || method.getNameAsString().equals("call")))
                    .findFirst().flatMap(member -> ((MethodDeclaration) member).getBody());
        } else if (task instanceof com.github.javaparser.ast.expr.MethodReferenceExpr reference) {
            body = Scopes.enclosingClass(task).filter(c -> c instanceof com.github.javaparser.ast.body.TypeDeclaration<?>)
                    .flatMap(c -> ((com.github.javaparser.ast.body.TypeDeclaration<?>) c)
                            .getMethodsByName(reference.getIdentifier()).stream().findFirst())
                    .flatMap(MethodDeclaration::getBody);
        }
        return body.filter(block -> !block.getStatements().isEmpty() && block.getStatements().stream()
                .allMatch(statement -> statement instanceof com.github.javaparser.ast.stmt.TryStmt attempt
                        && attempt.getCatchClauses().stream().anyMatch(clause -> clause.getParameter().getType()
                        .asString().matches("(java\\.lang\\.)?(Throwable|Exception|RuntimeException)"))))
                .isPresent();
    }

    /** A FutureTask submitted as the task: its own get() reports the failure, whatever submit returns. */
    public static boolean isFutureItself(Expression task) {
        String type = task instanceof ObjectCreationExpr creation ? creation.getType().getNameAsString()
                : Scopes.declaredTypeName(task).orElse("");
        return type.endsWith("FutureTask");
    }

    private SubmittedTasks() {
    }
}
