package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;

import dev.threadlint.engine.Trees;

import java.util.Optional;
import java.util.Set;

/**
 * What becomes of a thread a method creates and starts: whether it is a platform thread that keeps the JVM alive
 * (not a daemon, not virtual), and whether the method keeps a handle on it (joins it, stores it, returns it,
 * passes it on) or lets it go.
 */
public final class ThreadHandles {

    /** Calls on a thread that configure or start it, and keep no handle on it. */
    private static final Set<String> CONFIGURING = Set.of(
            "start", "setName", "setPriority", "setUncaughtExceptionHandler", "setContextClassLoader", "getName");

    private ThreadHandles() {
    }

    /** The method whose own code holds {@code node}: not code of a lambda or of a class inside the method. */
    public static Optional<MethodDeclaration> directlyIn(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            if (parent.get() instanceof MethodDeclaration method) {
                return Optional.of(method);
            }
            if (parent.get() instanceof LambdaExpr || parent.get() instanceof BodyDeclaration<?>) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * {@code start} starts a non-daemon platform thread created in this method, and the method keeps no handle
     * on it: the Thread object is used only to be configured and started. Unknown thread classes, and a daemon
     * flag that is not a literal, count as kept (the rule stays silent).
     */
    public static boolean isUnkeptPlatformThread(MethodCallExpr start) {
        if (!start.getNameAsString().equals("start") || start.getScope().isEmpty()) {
            return false;
        }
        Expression receiver = start.getScope().get();
        if (start.getArguments().size() == 1) {
            return isNonDaemonPlatformBuilder(receiver) && start.getParentNode().orElse(null) instanceof ExpressionStmt;
        }
        if (!start.getArguments().isEmpty()) {
            return false;
        }
        if (receiver instanceof ObjectCreationExpr creation) {
            return isNonDaemonThread(creation) && !returnsWhatItIsGiven(creation, start);
        }
        if (!(receiver instanceof NameExpr name)) {
            return false;
        }
        Optional<Scopes.Declaration> declaration = Scopes.referencedBy(name);
        if (declaration.isEmpty() || !(declaration.get() instanceof Scopes.LocalDeclared local)
                || !(local.declaration() instanceof VariableDeclarator variable)
                || !(variable.getInitializer().orElse(null) instanceof ObjectCreationExpr creation)
                || !isNonDaemonThread(creation) || returnsWhatItIsGiven(creation, start)) {
            return false;
        }
        Node method = Scopes.enclosingCallable(start).orElse(null);
        if (method == null) {
            return false;
        }
        return Scopes.uses(variable, method).stream().allMatch(use -> use.getParentNode().filter(p -> p instanceof MethodCallExpr call
                && call.getScope().orElse(null) == use && CONFIGURING.contains(call.getNameAsString())).isPresent()
                || isSetDaemon(use, false));
    }

    /**
     * The method returns an object the thread was given, typically a future the thread completes: the caller waits
     * on that instead of the thread.
     */
    private static boolean returnsWhatItIsGiven(ObjectCreationExpr thread, Node start) {
        Optional<Node> method = Scopes.enclosingCallable(start);
        return method.isPresent() && Trees.all(method.get(), com.github.javaparser.ast.stmt.ReturnStmt.class).stream()
                .flatMap(r -> r.getExpression().stream())
                .filter(value -> value instanceof NameExpr)
                .anyMatch(value -> thread.findFirst(NameExpr.class,
                        given -> given.getNameAsString().equals(((NameExpr) value).getNameAsString())).isPresent());
    }

    /** {@code thread.setDaemon(false)} when {@code daemon} is false: a flag that leaves the thread non-daemon. */
    private static boolean isSetDaemon(Expression use, boolean daemon) {
        return use.getParentNode().filter(p -> p instanceof MethodCallExpr call && call.getScope().orElse(null) == use
                && call.getNameAsString().equals("setDaemon") && call.getArguments().size() == 1
                && call.getArgument(0) instanceof BooleanLiteralExpr flag && flag.getValue() == daemon).isPresent();
    }

    /** {@code Thread.ofPlatform()...} with no {@code daemon()} or {@code daemon(true)} in the chain. */
    private static boolean isNonDaemonPlatformBuilder(Expression builder) {
        boolean platform = false;
        for (Expression link = builder; link instanceof MethodCallExpr call; link = call.getScope().orElse(null)) {
            if (call.getNameAsString().equals("daemon") && !(call.getArguments().size() == 1
                    && call.getArgument(0) instanceof BooleanLiteralExpr flag && !flag.getValue())) {
                return false;
            }
            platform = call.getNameAsString().equals("ofPlatform")
                    && call.getScope().map(Object::toString).filter("Thread"::equals).isPresent();
        }
        return platform;
    }

    /**
     * {@code new Thread(...)}, or a Thread subclass declared in this file, whose own code does not make it a
     * daemon. Classes declared elsewhere are unknown, and not judged.
     */
    private static boolean isNonDaemonThread(ObjectCreationExpr creation) {
        if (creation.getType().getNameAsString().equals("Thread")) {
            return creation.getAnonymousClassBody().map(body -> body.stream().noneMatch(ThreadHandles::setsDaemon))
                    .orElse(true);
        }
        String name = creation.getType().getNameAsString();
        return creation.findCompilationUnit()
                .flatMap(unit -> unit.findFirst(ClassOrInterfaceDeclaration.class,
                        type -> type.getNameAsString().equals(name) && !type.isInterface()))
                .filter(type -> type.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().equals("Thread")))
                .filter(type -> type.getMembers().stream().noneMatch(ThreadHandles::setsDaemon))
                .isPresent();
    }

    private static boolean setsDaemon(Node member) {
        return member.findFirst(MethodCallExpr.class, call -> call.getNameAsString().equals("setDaemon")
                && (call.getScope().isEmpty() || call.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr))
                .isPresent();
    }
}
