package dev.threadlint.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.Trees;
import dev.threadlint.engine.concurrency.EarlyReads;
import dev.threadlint.engine.concurrency.ExecutorLifecycles;
import dev.threadlint.engine.concurrency.SubmittedTasks;
import dev.threadlint.engine.concurrency.TaskStart;
import dev.threadlint.engine.concurrency.ThreadModel;
import dev.threadlint.engine.concurrency.ThreadHandles;
import dev.threadlint.engine.concurrency.Waits;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Work handed to another thread and never waited for: a result read before the thread that computes it is
 * joined, a thread left running when {@code main} or a result-returning method ends, a {@code Future} dropped
 * with the exception it holds, an async stage nobody joins or handles, an executor never shut down.
 */
@RuleInfo(id = "missing-join",
        summary = "Threads or executors started and never awaited: lost results, leaked threads, swallowed exceptions",
        severity = Severity.WARNING,
        tags = {"threads", "correctness"},
        since = "0.1.0")
public final class MissingJoinRule implements Rule {

    /** Stages that wait for an async result or see its failure. */
    private static final Set<String> OBSERVING_STAGES = Set.of(
            "join", "get", "getNow", "exceptionally", "exceptionallyAsync", "exceptionallyCompose",
            "exceptionallyComposeAsync", "handle", "handleAsync", "whenComplete", "whenCompleteAsync");

    /** The starts already reported in a file, so one start gets one finding. */
    private static final class ReportedStarts {
        final Set<Node> sites = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(CompilationUnit.class, this::checkEarlyReads);
        handlers.on(MethodCallExpr.class, this::checkCall);
        handlers.on(ObjectCreationExpr.class, (creation, context) -> checkExecutor(creation, context));
    }

    private void checkEarlyReads(CompilationUnit unit, RuleContext context) {
        String file = context.file().getFileName().toString();
        ThreadModel model = context.fileFact(ThreadModel.class, () -> ThreadModel.of(unit, context.types(), file));
        ReportedStarts reported = context.fileFact(ReportedStarts.class, ReportedStarts::new);
        for (TaskStart start : model.starts()) {
            EarlyReads.find(start, model::inTaskCode).ifPresent(early -> {
                reported.sites.add(start.site());
                context.report(start.site(), start.kind().phrase() + " here writes '" + early.state()
                                + "', which this method reads at line " + early.line() + " before waiting for it: "
                                + "the read can see none or only part of the work",
                        "wait for the task before reading what it writes: join() the thread, get() its future, "
                                + "or await a latch it counts down");
            });
        }
    }

    private void checkCall(MethodCallExpr call, RuleContext context) {
        switch (call.getNameAsString()) {
            case "submit" -> checkDiscardedFuture(call, context);
            case "runAsync", "supplyAsync" -> checkDroppedAsync(call, context);
            case "start", "startVirtualThread" -> checkUnjoinedThread(call, context);
            default -> checkExecutor(call, context);
        }
    }

    private static void checkExecutor(Expression creation, RuleContext context) {
        ExecutorLifecycles.unshut(creation).ifPresent(unshut -> {
            String holder = unshut.name().map(name -> (unshut.field() ? "field '" : "'") + name + "'")
                    .orElse("used on the spot");
            context.report(creation, "executor " + holder + " is never shut down: its threads outlive "
                            + (unshut.field() ? "the object that owns it" : "this method")
                            + ", and non-daemon ones keep the JVM from exiting",
                    unshut.field() ? "shut it down in the owner's close() or stop() method (shutdown(), then "
                            + "awaitTermination(...))"
                            : "shut it down in a finally block (shutdown(), then awaitTermination(...)), or on "
                            + "Java 19+ create it in a try-with-resources statement");
        });
    }

    private static void checkDiscardedFuture(MethodCallExpr submit, RuleContext context) {
        if (submit.getScope().isEmpty() || submit.getArguments().isEmpty() || !SubmittedTasks.resultDropped(submit)
                || !SubmittedTasks.isExecutorService(submit.getScope().get(), context.types())
                || SubmittedTasks.handlesOwnFailures(submit.getArgument(0)) || SubmittedTasks.isFutureItself(submit.getArgument(0))) {
            return;
        }
        context.report(submit, "the Future returned by submit(...) is dropped: if the task throws, the exception "
                        + "is kept in that Future and never seen, and nothing waits for the task to finish",
                "keep the Future and call get() on it, or use execute(...) so that a failure reaches the thread's "
                        + "uncaught-exception handler");
    }

    private static void checkDroppedAsync(MethodCallExpr call, RuleContext context) {
        if (call.getScope().map(Object::toString).filter(s -> s.equals("CompletableFuture")
                || s.equals("java.util.concurrent.CompletableFuture")).isEmpty()) {
            return;
        }
        Expression chain = call;
        while (chain.getParentNode().orElse(null) instanceof MethodCallExpr stage
                && stage.getScope().orElse(null) == chain) {
            if (OBSERVING_STAGES.contains(stage.getNameAsString())) {
                return;
            }
            chain = stage;
        }
        if (SubmittedTasks.resultDropped(chain)) {
            context.report(call, "the CompletableFuture of " + call.getNameAsString() + "(...) is dropped with no "
                            + "join, get, exceptionally, handle or whenComplete: a failure of the task is never seen, "
                            + "and nothing waits for it",
                    "join() it where its result is needed, or end the chain with exceptionally(...) or "
                            + "whenComplete(...) to handle a failure");
        }
    }

    private static void checkUnjoinedThread(MethodCallExpr start, RuleContext context) {
        if (context.fileFact(ReportedStarts.class, ReportedStarts::new).sites.contains(start)) {
            return;
        }
        Optional<MethodDeclaration> method = ThreadHandles.directlyIn(start);
        if (method.isEmpty() || !ThreadHandles.isUnkeptPlatformThread(start) || waitsAfter(start, method.get())) {
            return;
        }
        if (isMain(method.get())) {
            context.report(start, "the thread started here is never joined: main() goes on without it, a failure "
                            + "in it is only printed, and as a non-daemon thread it keeps the JVM running after main "
                            + "returns",
                    "join() it before main() uses its work or returns; if it is a service meant to outlive main, "
                            + "keep it in a field with a stop path");
        } else if (!method.get().getType().isVoidType()) {
            context.report(start, "the thread started here is neither joined nor kept: '"
                            + method.get().getNameAsString() + "' returns while the thread still runs, and no "
                            + "caller can wait for it or learn that it failed",
                    "join() it before returning, or return or store the Thread (or use an executor and return "
                            + "its Future) so that the caller can wait for it");
        }
    }

    /**
     * Some wait follows the start in the method: the thread may be joined another way (through its thread group,
     * a list it was put in by a helper), and precision comes first.
     */
    private static boolean waitsAfter(MethodCallExpr start, MethodDeclaration method) {
        return lastWait(method).filter(wait -> Waits.before(start, wait)).isPresent();
    }

    private static final DataKey<Optional<MethodCallExpr>> LAST_WAIT = new DataKey<>() {
    };

    /** The method's own last wait, found once per method: asked for at each of its starts. */
    private static Optional<MethodCallExpr> lastWait(MethodDeclaration method) {
        return Trees.kept(method, LAST_WAIT, () -> {
            List<MethodCallExpr> calls = method.findAll(MethodCallExpr.class, call -> Waits.isWait(call)
                    && ThreadHandles.directlyIn(call).filter(m -> m == method).isPresent());
            // Tree order is by beginning: the last one begins last, after any start another begins after.
            return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(calls.size() - 1));
        });
    }

    private static boolean isMain(MethodDeclaration method) {
        return method.isStatic() && method.getNameAsString().equals("main") && method.getType().isVoidType()
                && method.getParameters().size() == 1
                && (method.getParameter(0).getType().asString() + (method.getParameter(0).isVarArgs() ? "[]" : ""))
                .matches("(java\\.lang\\.)?String\\[]");
    }
}
