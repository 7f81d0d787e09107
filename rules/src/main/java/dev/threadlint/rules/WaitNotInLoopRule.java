package dev.threadlint.rules;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.concurrency.MonitorWaits;

import java.util.Set;

/**
 * {@code wait()} or {@code Condition.await()} outside a loop that checks the condition again, and {@code notify()}
 * or {@code signal()} on a monitor whose waiters wait for different conditions, where the one thread woken may
 * not be one that can go on.
 */
@RuleInfo(id = "wait-not-in-loop",
        summary = "wait()/await() not in a loop that re-checks its condition, or notify() with several kinds of waiter",
        severity = Severity.WARNING,
        tags = {"threads", "correctness"},
        since = "0.1.0")
public final class WaitNotInLoopRule implements Rule {

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(MethodCallExpr.class, this::check);
    }

    private void check(MethodCallExpr call, RuleContext context) {
        if (MonitorWaits.isWait(call) && !MonitorWaits.inLoop(call) && MonitorWaits.waitsForState(call)) {
            context.report(call, "'" + call.getNameAsString() + "' is not in a loop that checks the condition again: "
                            + "a waiter can wake up without a notification (a spurious wake-up), or after another "
                            + "thread took what it was notified of, and then goes on as if the condition held",
                    "wait in a loop on the condition itself: while (!condition) { "
                            + call.getScope().map(scope -> scope + ".").orElse("") + call.getNameAsString() + "(); }");
        } else if (MonitorWaits.isSingleWakeUp(call)) {
            Set<Set<String>> conditions = MonitorWaits.waitedConditions(call);
            if (conditions.size() >= 2) {
                boolean notify = call.getNameAsString().equals("notify");
                context.report(call, "'" + call.getNameAsString() + "()' wakes one waiter on '"
                                + MonitorWaits.monitorOf(call) + "', whose waiters wait for " + conditions.size()
                                + " different conditions: the one woken may wait for another condition and go back to "
                                + "sleep, and the notification is lost; " + (notify ? "notifyAll()" : "signalAll()")
                                + " wakes every waiter to check its own",
                        notify ? "use notifyAll(), so that every waiter checks its own condition"
                                : "use signalAll(), or give each condition its own Condition object");
            }
        }
    }
}
