package dev.threadlint.rules;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.engine.Answer;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.SourceText;
import dev.threadlint.engine.concurrency.Scopes;

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
    private static final String RUNNABLE = "java.lang.Runnable";
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
        if (scope.isEmpty()) {
            checkOwnRun(call, context, "run()");
        } else if (isPlainThis(scope.get())) {
            checkOwnRun(call, context, "this.run()");
        } else if (scope.get() instanceof SuperExpr superExpr) {
            // Interface.super.run() is a default method, not Thread's; super.run() in the override delegates.
            if (superExpr.getTypeName().isEmpty()) {
                checkOwnRun(call, context, "super.run()");
            }
        } else if (isThread(scope.get(), context) == Answer.YES) {
            context.report(call, "'" + SourceText.shortened(scope.get()) + ".run()' runs the thread's work on the calling "
                    + "thread and starts no thread: Thread.run() is an ordinary method call", FIX_HINT);
        }
    }

    /**
     * An unqualified, {@code this.} or {@code super.} call: hazardous in a Thread subclass outside its own run().
     * An unqualified call binds to the innermost enclosing class that has a run() of its own, so the walk goes
     * outward past classes that have none (an inner helper class of a Thread subclass).
     */
    private static void checkOwnRun(MethodCallExpr call, RuleContext context, String shown) {
        boolean unqualified = call.getScope().isEmpty();
        for (Optional<Node> owner = Scopes.enclosingClass(call); owner.isPresent(); owner = Scopes.enclosingClass(owner.get())) {
            Answer isThread = context.types().declaresSubtypeOf(owner.get(), THREAD);
            if (isThread == Answer.YES) {
                if (!insideRunOf(call, owner.get())) {
                    context.report(call, "'" + shown + "' in a Thread subclass runs the thread's work on whichever "
                            + "thread calls this code, not on the thread itself", FIX_HINT);
                }
                return;
            }
            if (!unqualified || isThread == Answer.UNKNOWN || mayHaveOwnRun(owner.get(), context)) {
                return;
            }
        }
    }

    /** A class that declares run(), or is a Runnable, binds an unqualified run() itself; unknown counts as yes. */
    private static boolean mayHaveOwnRun(Node owner, RuleContext context) {
        boolean declaresRun = owner.findAll(MethodDeclaration.class,
                        m -> m.getParentNode().orElse(null) == owner
                                && m.getNameAsString().equals("run") && m.getParameters().isEmpty())
                .size() > 0;
        return declaresRun || context.types().declaresSubtypeOf(owner, RUNNABLE) != Answer.NO;
    }

    private static Answer isThread(Expression receiver, RuleContext context) {
        if (declaredAsRunnable(receiver)) {
            // By far the most common receiver of run(); its static type answers without the solver.
            return Answer.NO;
        }
        Answer byType = context.types().isSubtypeOf(receiver, THREAD);
        if (byType == Answer.UNKNOWN && isUnstartedBuilderThread(receiver)) {
            return Answer.YES;
        }
        return byType;
    }

    /**
     * {@code Thread.ofVirtual()...unstarted(r)} is a Thread on every JDK that has it. When the solver cannot say
     * (threadlint itself runs on a JDK older than 21), the shape decides, unless the file imports or declares a
     * {@code Thread} of its own.
     */
    private static boolean isUnstartedBuilderThread(Expression receiver) {
        if (!(receiver instanceof MethodCallExpr unstarted) || !unstarted.getNameAsString().equals("unstarted")) {
            return false;
        }
        Optional<Expression> link = unstarted.getScope();
        while (link.isPresent() && link.get() instanceof MethodCallExpr builderCall) {
            if (THREAD_BUILDERS.contains(builderCall.getNameAsString()) && builderCall.getScope()
                    .filter(s -> s instanceof NameExpr name && name.getNameAsString().equals("Thread")
                            && !shadowsJavaLangThread(builderCall) || s.toString().equals(THREAD))
                    .isPresent()) {
                return true;
            }
            link = builderCall.getScope();
        }
        return false;
    }

    /** A variable declared {@code Runnable} in this file (and no class of that name declared or imported here). */
    private static boolean declaredAsRunnable(Expression receiver) {
        if (!(receiver instanceof NameExpr name)) {
            return false;
        }
        return Scopes.resolve(name.getNameAsString(), name).flatMap(Scopes::declaredClass)
                .filter(type -> type.getNameAsString().equals("Runnable") && type.getScope().isEmpty())
                .isPresent()
                && receiver.findCompilationUnit().map(unit -> unit.getImports().stream().noneMatch(
                        i -> !i.isAsterisk() && i.getName().getIdentifier().equals("Runnable")
                                && !i.getNameAsString().equals("java.lang.Runnable"))).orElse(false);
    }

    private static boolean isPlainThis(Expression scope) {
        return scope instanceof ThisExpr thisExpr && thisExpr.getTypeName().isEmpty();
    }

    /** Inside {@code owner}'s own run(), where calling run() again is delegation or recursion. */
    private static boolean insideRunOf(Node node, Node owner) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent() && parent.get() != owner;
                parent = parent.get().getParentNode()) {
            if (parent.get() instanceof MethodDeclaration method && method.getParentNode().orElse(null) == owner) {
                return method.getNameAsString().equals("run") && method.getParameters().isEmpty();
            }
        }
        return false;
    }

    /** The file imports a single type named Thread, or declares one: then {@code Thread} is not java.lang's. */
    private static boolean shadowsJavaLangThread(Node node) {
        return node.findCompilationUnit().map(unit -> unit.getImports().stream()
                        .anyMatch(i -> !i.isAsterisk() && !i.isStatic() && i.getName().getIdentifier().equals("Thread")
                                && !i.getNameAsString().equals(THREAD))
                        || !unit.findAll(TypeDeclaration.class, t -> t.getNameAsString().equals("Thread")).isEmpty())
                .orElse(false);
    }
}
