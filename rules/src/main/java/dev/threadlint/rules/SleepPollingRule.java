package dev.threadlint.rules;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.SourceText;
import dev.threadlint.engine.concurrency.PollingLoops;

/**
 * A loop that sleeps and looks again until another thread changes some state, where an event would wake it at
 * the right moment. Periodic work (a loop doing something on every turn), retries with back-off and fixed delays
 * are not polling, and are left alone.
 */
@RuleInfo(id = "sleep-polling",
        summary = "A loop that sleeps and re-checks a condition instead of waiting on an event",
        severity = Severity.WARNING,
        tags = {"threads", "performance", "latency"},
        since = "0.1.0")
public final class SleepPollingRule implements Rule {

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(MethodCallExpr.class, this::check);
    }

    private void check(MethodCallExpr call, RuleContext context) {
        if (!PollingLoops.isTimedSleep(call)) {
            return;
        }
        PollingLoops.around(call).ifPresent(poll -> context.report(call,
                "this loop sleeps and looks at '" + SourceText.shortened(poll.polled()) + "' again until another "
                        + "thread changes it: it wakes up for nothing on most turns and notices the change up to a "
                        + "whole sleep late; an event wakes it at the change: " + poll.kind().event(),
                "wait for the event instead of sleeping: " + poll.kind().event()));
    }
}
