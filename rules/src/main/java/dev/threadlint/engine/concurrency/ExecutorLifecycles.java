package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.TryStmt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Executors created in a file and never shut down. An executor's worker threads outlive the code that made it
 * until someone calls {@code shutdown()}, {@code shutdownNow()} or {@code close()}; the default ones are
 * non-daemon, so they also keep the JVM from exiting. An executor that leaves the place it was made (returned,
 * passed on, stored where others can reach it) is someone else's to shut down, and is not judged.
 */
public final class ExecutorLifecycles {

    /**
     * The factories of {@code Executors} that make a pool of their own, with the number of arguments before the
     * optional ThreadFactory. Thread-per-task executors are left out: their threads end with their tasks.
     */
    private static final Map<String, Integer> FACTORIES = Map.of(
            "newFixedThreadPool", 1, "newCachedThreadPool", 0, "newSingleThreadExecutor", 0,
            "newScheduledThreadPool", 1, "newSingleThreadScheduledExecutor", 0, "newWorkStealingPool", 9);
    /** Executor classes constructed directly, with the number of arguments from which a ThreadFactory may come. */
    private static final Map<String, Integer> CONSTRUCTED = Map.of(
            "ThreadPoolExecutor", 6, "ScheduledThreadPoolExecutor", 2, "ForkJoinPool", 2);
    private static final Set<String> ENDS = Set.of("shutdown", "shutdownNow", "close", "awaitTermination");

    /**
     * An executor never shut down.
     *
     * @param creation where it is made
     * @param name     the variable or field holding it; empty when it is used on the spot
     * @param field    true when it is a field, which lives as long as its object (or class)
     */
    public record Unshut(Expression creation, Optional<String> name, boolean field) {
    }

    private ExecutorLifecycles() {
    }

    /** {@code Executors.newFixedThreadPool(...)}, {@code new ThreadPoolExecutor(...)} and their kin. */
    public static boolean isCreation(Expression expression) {
        if (expression instanceof MethodCallExpr call) {
            return FACTORIES.containsKey(call.getNameAsString()) && call.getScope()
                    .map(Object::toString).filter(s -> s.equals("Executors")
                            || s.equals("java.util.concurrent.Executors")).isPresent();
        }
        return expression instanceof ObjectCreationExpr creation
                && CONSTRUCTED.containsKey(creation.getType().getNameAsString())
                && creation.getAnonymousClassBody().isEmpty();
    }

    /** The creation, when the executor it makes is never shut down and never leaves this file's reach. */
    public static Optional<Unshut> unshut(Expression creation) {
        if (!isCreation(creation)) {
            return Optional.empty();
        }
        Node parent = creation.getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr use && use.getScope().orElse(null) == creation) {
            // Made and used on the spot: nobody can shut it down later.
            return ENDS.contains(use.getNameAsString()) ? Optional.empty()
                    : Optional.of(new Unshut(creation, Optional.empty(), false));
        }
        Optional<Scopes.Declaration> holder = Optional.empty();
        if (parent instanceof VariableDeclarator variable && variable.getInitializer().orElse(null) == creation) {
            if (variable.getParentNode().filter(p -> p instanceof VariableDeclarationExpr
                    && p.getParentNode().filter(t -> t instanceof TryStmt).isPresent()).isPresent()) {
                return Optional.empty(); // a try-with-resources resource: closed at the end of the block
            }
            holder = Scopes.resolve(variable.getNameAsString(), creation);
        } else if (parent instanceof AssignExpr assign && assign.getValue() == creation
                && assign.getOperator() == AssignExpr.Operator.ASSIGN) {
            holder = Scopes.referencedBy(assign.getTarget());
        }
        return holder.filter(declaration -> neverShutDown(declaration, creation))
                .map(declaration -> new Unshut(creation, Optional.of(Scopes.nameDeclaredBy(Scopes.declaringNode(declaration))),
                        declaration instanceof Scopes.FieldDeclared));
    }

    private static boolean neverShutDown(Scopes.Declaration declaration, Expression creation) {
        Node scope;
        if (declaration instanceof Scopes.FieldDeclared field) {
            // Others may shut down a field they can see; and a static pool given its own ThreadFactory most often
            // runs daemon threads for the life of the application.
            if (!field.field().isPrivate() || field.field().isStatic() && mayTakeThreadFactory(creation)) {
                return false;
            }
            scope = Scopes.outermostType(field.owner());
        } else {
            Node declaringNode = Scopes.declaringNode(declaration);
            scope = Scopes.enclosingCallable(declaringNode).orElse(null);
            if (scope == null) {
                return false;
            }
        }
        List<Expression> uses = Scopes.uses(Scopes.declaringNode(declaration), scope);
        for (Expression use : uses) {
            Node parent = use.getParentNode().orElse(null);
            if (parent instanceof MethodCallExpr call && call.getScope().orElse(null) == use) {
                if (ENDS.contains(call.getNameAsString())) {
                    return false;
                }
            } else if (!(parent instanceof AssignExpr assign && assign.getTarget() == use && assign.getValue() == creation)
                    && !(parent instanceof com.github.javaparser.ast.stmt.SynchronizedStmt)) {
                // Passed on, returned, assigned elsewhere or compared: someone else may shut it down.
                return false;
            }
        }
        return true;
    }

    private static boolean mayTakeThreadFactory(Expression creation) {
        if (creation instanceof MethodCallExpr call) {
            return call.getArguments().size() > FACTORIES.get(call.getNameAsString());
        }
        ObjectCreationExpr constructed = (ObjectCreationExpr) creation;
        return constructed.getArguments().size() >= CONSTRUCTED.get(constructed.getType().getNameAsString());
    }
}
