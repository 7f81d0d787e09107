package dev.threadlint.rules;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.concurrency.HeldLocks;
import dev.threadlint.engine.concurrency.LockName;
import dev.threadlint.engine.concurrency.PollingLoops;
import dev.threadlint.engine.concurrency.Scopes;
import dev.threadlint.engine.concurrency.Waits;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sleep, or a wait for another thread, while a monitor or {@code Lock} is held: every thread that needs the
 * lock stalls for the whole wait. {@code Object.wait()} and {@code Condition.await()} release their lock, and are
 * not findings; neither is code in a lambda or anonymous class, which runs later, without the lock.
 */
@RuleInfo(id = "sleep-holding-lock",
        summary = "Thread.sleep or a blocking wait while holding a lock: every thread needing the lock stalls",
        severity = Severity.WARNING,
        tags = {"threads", "performance", "liveness"},
        since = "0.1.0")
public final class SleepHoldingLockRule implements Rule {

    /** Blocking calls by name, with the declared receiver types they block on (empty: any receiver). */
    private static final Map<String, Set<String>> BLOCKING = Map.of(
            "join", Set.of("Thread", "CompletableFuture", "ForkJoinTask"),
            "get", Set.of("Future", "CompletableFuture", "FutureTask", "ScheduledFuture", "ListenableFuture",
                    "ForkJoinTask"),
            "take", Set.of("BlockingQueue", "BlockingDeque", "LinkedBlockingQueue", "ArrayBlockingQueue",
                    "SynchronousQueue", "PriorityBlockingQueue", "DelayQueue", "LinkedBlockingDeque",
                    "TransferQueue", "LinkedTransferQueue", "CompletionService", "ExecutorCompletionService"),
            "await", Set.of("CountDownLatch", "CyclicBarrier"),
            "acquire", Set.of("Semaphore"),
            "awaitTermination", Set.of("ExecutorService", "ThreadPoolExecutor", "ScheduledExecutorService"),
            "arriveAndAwaitAdvance", Set.of("Phaser"),
            "awaitAdvance", Set.of("Phaser"));

    @Override
    public void register(NodeHandlers handlers) {
        handlers.on(MethodCallExpr.class, this::check);
    }

    private void check(MethodCallExpr call, RuleContext context) {
        Optional<String> blocking = blockingWait(call);
        if (blocking.isEmpty()) {
            return;
        }
        // Code in a lambda or an anonymous class runs when called, typically on another thread: not under the lock.
        Set<LockName> held = HeldLocks.at(call, node -> true);
        if (held.isEmpty()) {
            return;
        }
        String locks = held.stream().map(LockName::toString).collect(Collectors.joining(", "));
        context.report(call, blocking.get() + " while holding " + locks + ": every other thread that needs "
                        + (held.size() == 1 ? "that lock" : "those locks") + " stalls for the whole wait",
                "release the lock before waiting (copy what you need out of the critical section), or wait with "
                        + "wait(timeout) or a Condition's await, which release it");
    }

    /** How the call waits, in words, if it blocks for time or for another thread. */
    private static Optional<String> blockingWait(MethodCallExpr call) {
        if (PollingLoops.isTimedSleep(call)) {
            return Optional.of("'" + call.getScope().map(s -> s + ".").orElse("") + call.getNameAsString()
                    + "(...)' sleeps");
        }
        if (call.getNameAsString().equals("park") && call.getScope().map(Object::toString)
                .filter(s -> s.endsWith("LockSupport")).isPresent()) {
            return Optional.of("'LockSupport.park(...)' parks");
        }
        Set<String> receivers = BLOCKING.get(call.getNameAsString());
        if (receivers == null || call.getScope().isEmpty()) {
            return Optional.empty();
        }
        Expression receiver = call.getScope().get();
        Optional<String> declared = declaredType(receiver);
        if (declared.isEmpty() || !receivers.contains(declared.get()) || checkedDoneBefore(call)) {
            return Optional.empty();
        }
        return Optional.of("'" + receiver + "." + call.getNameAsString() + "(...)' waits for another thread");
    }

    /**
     * The declared class of a variable receiver, or of the value a map or list variable holds when the receiver
     * is {@code map.get(key)}: {@code Future} for {@code pending.get(customer)} of a {@code Map<String, Future<..>>}.
     */
    private static Optional<String> declaredType(Expression receiver) {
        if (receiver instanceof MethodCallExpr lookup && lookup.getNameAsString().equals("get")
                && lookup.getArguments().size() == 1 && lookup.getScope().isPresent()) {
            return Scopes.referencedBy(lookup.getScope().get()).flatMap(Scopes::declaredClass)
                    .flatMap(type -> type.getTypeArguments())
                    .filter(arguments -> !arguments.isEmpty())
                    .map(arguments -> arguments.get(arguments.size() - 1))
                    .filter(value -> value.isClassOrInterfaceType())
                    .map(value -> value.asClassOrInterfaceType().getNameAsString());
        }
        return Scopes.declaredTypeName(receiver);
    }

    /** {@code if (!f.isDone()) return; f.get();}: a get after isDone() on the same future returns at once. */
    private static boolean checkedDoneBefore(MethodCallExpr get) {
        String receiver = get.getScope().map(Object::toString).orElse("");
        return Scopes.enclosingCallable(get).map(method -> method.findFirst(MethodCallExpr.class,
                done -> done.getNameAsString().equals("isDone") && done.getScope().map(Object::toString)
                        .filter(receiver::equals).isPresent() && Waits.before(done, get)).isPresent())
                .orElse(false);
    }
}
