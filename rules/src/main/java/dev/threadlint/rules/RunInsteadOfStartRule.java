package dev.threadlint.rules;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.engine.Answer;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;

import java.util.Optional;
import java.util.Set;

/**
 * {@code run()} called on a {@link Thread}: an ordinary method call, so the work runs on the caller's thread
 * and no thread is started. Receivers are judged by their static type; when it cannot be resolved the rule stays
 * silent.
 */
@RuleInfo(id = "run-instead-of-start",
        summary = "Thread.run() called where start() was meant: the work runs on the caller's thread",
        severity = Severity.ERROR,
        tags = {"threads", "correctness"},
        since = "0.1.0")
public final class RunInsteadOfStartRule implements Rule {

    private static final String THREAD = "java.lang.Thread";
    private static final Set<String> THREAD_BUILDERS = Set.of("ofVirtual", "ofPlatform");
    private static final String FIX_HINT =
            "call start() to run it on a new thread (then join() it where its result is needed); "
                    + "if running here is intended, call the Runnable itself instead of wrapping it in a Thread";

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(MethodCallExpr.class, this::check);
    }

    private void check(MethodCallExpr call, RuleContext context) {
        if (!call.getNameAsString().equals("run") || !call.getArguments().isEmpty()) {
            return;
        }
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty() || isPlainThis(scope.get())) {
            checkOwnRun(call, context, "run()");
        } else if (scope.get() instanceof SuperExpr superExpr) {
            // Interface.super.run() is a default method, not Thread's; super.run() in the override delegates.
            if (superExpr.getTypeName().isEmpty()) {
                checkOwnRun(call, context, "super.run()");
            }
        } else if (isThread(scope.get(), context) == Answer.YES) {
            context.report(call, "'" + abbreviate(scope.get()) + ".run()' runs the thread's work on the calling "
                    + "thread and starts no thread: Thread.run() is an ordinary method call", FIX_HINT);
        }
    }

    /** An unqualified, {@code this.} or {@code super.} call: hazardous in a Thread subclass outside its run(). */
    private static void checkOwnRun(MethodCallExpr call, RuleContext context, String shown) {
        Optional<Node> owner = enclosingClass(call);
        if (owner.isEmpty() || insideOwnRun(call)) {
            return;
        }
        if (context.types().declaresSubtypeOf(owner.get(), THREAD) == Answer.YES) {
            context.report(call, "'" + shown + "' in a Thread subclass runs the thread's work on whichever "
                    + "thread calls this code, not on the thread itself", FIX_HINT);
        }
    }

    private static Answer isThread(Expression receiver, RuleContext context) {
        if (isUnstartedBuilderThread(receiver)) {
            return Answer.YES;
        }
        return context.types().isSubtypeOf(receiver, THREAD);
    }

    /**
     * {@code Thread.ofVirtual()...unstarted(r)} is a Thread on every JDK that has it. Recognised by shape so
     * that the answer does not depend on the JDK threadlint itself runs on.
     */
    private static boolean isUnstartedBuilderThread(Expression receiver) {
        if (!(receiver instanceof MethodCallExpr unstarted) || !unstarted.getNameAsString().equals("unstarted")) {
            return false;
        }
        Optional<Expression> link = unstarted.getScope();
        while (link.isPresent() && link.get() instanceof MethodCallExpr builderCall) {
            if (THREAD_BUILDERS.contains(builderCall.getNameAsString()) && builderCall.getScope()
                    .filter(s -> s instanceof NameExpr name && name.getNameAsString().equals("Thread")
                            || s.toString().equals(THREAD))
                    .isPresent()) {
                return true;
            }
            link = builderCall.getScope();
        }
        return false;
    }

    private static boolean isPlainThis(Expression scope) {
        return scope instanceof ThisExpr thisExpr && thisExpr.getTypeName().isEmpty();
    }

    /** The class whose members an unqualified call sees first: a type declaration or an anonymous class body. */
    private static Optional<Node> enclosingClass(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof TypeDeclaration<?>) {
                return parent;
            }
            if (candidate instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()
                    && isInsideAnonymousBody(node, creation)) {
                return parent;
            }
        }
        return Optional.empty();
    }

    private static boolean isInsideAnonymousBody(Node node, ObjectCreationExpr creation) {
        return creation.getAnonymousClassBody().orElseThrow().stream().anyMatch(member -> member.isAncestorOf(node));
    }

    /** Inside the run() of the innermost enclosing class, where calling run() again is delegation or recursion. */
    private static boolean insideOwnRun(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof MethodDeclaration method) {
                return method.getNameAsString().equals("run") && method.getParameters().isEmpty();
            }
            if (candidate instanceof CallableDeclaration<?> || candidate instanceof InitializerDeclaration
                    || candidate instanceof TypeDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    private static String abbreviate(Expression expression) {
        String text = expression.toString().replaceAll("\\s+", " ");
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
