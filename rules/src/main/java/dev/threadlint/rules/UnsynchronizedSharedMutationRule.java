package dev.threadlint.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.threadlint.engine.NodeHandlers;
import dev.threadlint.engine.ProjectRule;
import dev.threadlint.engine.RuleContext;
import dev.threadlint.engine.RuleInfo;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.Site;
import dev.threadlint.engine.SourceText;
import dev.threadlint.engine.concurrency.FileSummaries;
import dev.threadlint.engine.concurrency.LockName;
import dev.threadlint.engine.concurrency.LoopConditions;
import dev.threadlint.engine.concurrency.Scopes;
import dev.threadlint.engine.concurrency.SharedState;
import dev.threadlint.engine.concurrency.StateAccess;
import dev.threadlint.engine.concurrency.TaskStarts;
import dev.threadlint.engine.concurrency.ThreadContext;
import dev.threadlint.engine.concurrency.ThreadModel;
import dev.threadlint.engine.concurrency.Waits;
import dev.threadlint.engine.model.FileSummary;
import dev.threadlint.engine.model.ProjectModel;
import dev.threadlint.engine.model.SharedFields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A write to state that code on another thread also touches, with no common lock and nothing else that makes it
 * safe. Built on the file's {@link ThreadModel}; this class only pairs accesses and words the finding.
 */
@RuleInfo(id = "unsynchronized-shared-mutation",
        summary = "State mutated from several threads without a common lock, atomic, concurrent collection or "
                + "safe publication",
        severity = Severity.WARNING,
        tags = {"threads", "data-race"},
        since = "0.1.0")
public final class UnsynchronizedSharedMutationRule implements ProjectRule<FileSummary> {

    private static final Comparator<StateAccess> BY_POSITION = Comparator
            .comparingInt((StateAccess a) -> a.node().getBegin().map(p -> p.line).orElse(0))
            .thenComparingInt(a -> a.node().getBegin().map(p -> p.column).orElse(0))
            // The same code on a task and on its starter's side: name the task, the more telling of the two.
            .thenComparingInt(a -> a.thread().onTask() ? 0 : 1);

    @Override
    public void register(NodeHandlers handlers) {
        // Everything happens in summarize(), once the walk is done: the file's threads, then its summary.
    }

    @Override
    public Class<FileSummary> summaryType() {
        return FileSummary.class;
    }

    /** Reports the races between threads this file starts, and summarises the file for the project phase. */
    @Override
    public FileSummary summarize(CompilationUnit unit, RuleContext context) {
        return FileSummaries.of(unit, context::site, checkThreadsStartedHere(unit, context));
    }

    /** Races that only the whole project shows: see {@link SharedFields}. */
    @Override
    public void finish(List<FileSummary> summaries, ProjectContext context) {
        for (SharedFields.Race race : SharedFields.of(ProjectModel.of(summaries))) {
            context.report(race.access().access().site(), ProjectFindings.message(race), ProjectFindings.fixHint(race),
                    ProjectFindings.related(race));
        }
    }

    /** The races between the threads this file starts and the code around them; returns where it reported. */
    private List<Site> checkThreadsStartedHere(CompilationUnit unit, RuleContext context) {
        String file = context.file().getFileName().toString();
        ThreadModel model = context.fileFact(ThreadModel.class, () -> ThreadModel.of(unit, context.types(), file));
        model.budgetSpentAt().ifPresent(at -> context.limitReached(at, "following the threads' calls stopped "
                + "here after " + ThreadModel.WALK_BUDGET + " steps (calls that fan out at every level); races past "
                + "that point are not reported"));
        // By identity: JavaParser nodes compare by structure, and two fields 'int errors = 0' are not one field.
        Map<Node, List<StateAccess>> byState = new IdentityHashMap<>();
        List<List<StateAccess>> inOrder = new ArrayList<>();
        for (StateAccess access : model.accesses()) {
            byState.computeIfAbsent(access.state().declaration(), d -> {
                List<StateAccess> accesses = new ArrayList<>();
                inOrder.add(accesses);
                return accesses;
            }).add(access);
        }
        Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<StateAccess> accesses : inOrder) {
            accesses.sort(BY_POSITION);
            SharedState state = accesses.get(0).state();
            if (state.guardedBy().isPresent()) {
                continue; // @GuardedBy is checked project-wide, wherever the field is touched
            }
            // One finding per piece of code and thread for this state: eight uses of one formatter in one report
            // method are one fix, not eight.
            Map<Node, Set<ThreadContext>> codeReported = new IdentityHashMap<>();
            for (StateAccess write : accesses) {
                if (!write.kind().writes() || reported.contains(write.node())) {
                    continue;
                }
                Node code = Scopes.enclosingCallable(write.node()).orElse(write.node());
                Set<ThreadContext> threads = codeReported.computeIfAbsent(code,
                        c -> Collections.newSetFromMap(new IdentityHashMap<>()));
                if (threads.contains(write.thread())) {
                    continue;
                }
                Optional<StateAccess> other = partner(write, accesses, model);
                if (other.isEmpty()) {
                    continue;
                }
                StateAccess partner = other.get();
                if (!write.locks().isEmpty() && partner.locks().isEmpty()) {
                    // The write is locked and the other access is not: that one is what needs fixing. An unlocked
                    // write gets its own finding; an unlocked read is reported here, in its place, when it looks
                    // inside a container (a stale count or flag is mostly re-checked or only reported).
                    if (!partner.kind().writes() && (looksInside(partner) || declared(partner.thread()))
                            && reported.add(partner.node())) {
                        context.report(partner.node(), unlockedReadMessage(partner, write, file),
                                "hold " + locks(write.locks()) + " here as well, as the write at line " + write.line()
                                        + " does", related(context, write, "the write, holding " + locks(write.locks())));
                    }
                    continue;
                }
                reported.add(write.node());
                threads.add(write.thread());
                context.report(write.node(), message(write, partner, file), fixHint(write, partner),
                        partner.node() == write.node() ? List.of()
                                : related(context, partner, "the other access, on " + partner.thread().label()));
            }
        }
        return reported.stream().map(context::site).sorted(Site.ORDER).toList();
    }

    /** The access that races with {@code write}, preferring another write, then the earliest. */
    private static Optional<StateAccess> partner(StateAccess write, List<StateAccess> accesses, ThreadModel model) {
        StateAccess found = null;
        for (StateAccess other : accesses) {
            if ((found == null || other.kind().writes()) && races(write, other, model)) {
                found = other;
                if (other.kind().writes()) {
                    break; // the earliest racing write: nothing later is preferred (and N writers stay linear)
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean races(StateAccess write, StateAccess other, ThreadModel model) {
        if (!model.concurrent(write, other) || write.sharesLockWith(other)) {
            return false;
        }
        SharedState state = write.state();
        boolean plainOnly = write.kind() != StateAccess.Kind.READ_MODIFY_WRITE
                && write.kind() != StateAccess.Kind.CHECK_THEN_ACT
                && other.kind() != StateAccess.Kind.READ_MODIFY_WRITE
                && other.kind() != StateAccess.Kind.CHECK_THEN_ACT;
        if (state.isVolatile() && (plainOnly || !other.kind().writes())) {
            // Volatile makes every write visible; an update is lost only to another writer, not to a reader.
            return false;
        }
        if (state.type() == SharedState.ValueType.THREAD_SAFE && !other.kind().writes()) {
            return false;
        }
        // Taking the reference (to pass it on, or lock on it) does not look inside: only replacing it conflicts.
        if (other.kind() == StateAccess.Kind.REFERENCE && !write.kind().replaces()) {
            return false;
        }
        if (write.kind() == StateAccess.Kind.WRITE && Waits.interruptsNext(write.node())) {
            // stopped = true; worker.interrupt(): the interrupt publishes the write to the thread it wakes.
            return false;
        }
        if (write.thread().inferred() || other.thread().inferred()) {
            return racesWithInferredCallers(write, other);
        }
        boolean visibilityOnly = write.kind() == StateAccess.Kind.WRITE && (other.kind() == StateAccess.Kind.READ
                || other.kind() == StateAccess.Kind.WRITE || other.kind() == StateAccess.Kind.REFERENCE);
        return !visibilityOnly || visibilityMatters(write, other);
    }

    /**
     * A plain write against a plain access on another thread can only be missed, not lost, and on real code such
     * pairs across different hand-offs were nearly always ordered by something the model does not see (a start
     * made later, a lifecycle, a delay). Kept: a task and the code right after its own start, unless the task is
     * scheduled for later; and a flag a task polls in a loop, which the task may never see change.
     */
    private static boolean visibilityMatters(StateAccess write, StateAccess other) {
        ThreadContext mine = write.thread();
        ThreadContext theirs = other.thread();
        if (mine == theirs) {
            // Copies of one code that each store a value: the last store wins, and each copy reads what it or
            // another stored. Read by hand on untuned projects, nearly all such stores were one-shot operations,
            // copies serialised by an ordered executor, or idempotent caches (the same lookup stored twice); what
            // loses work there is an update, which is not a plain store and is still reported, and so is a store
            // decided by the field's own value (if (millis > worst) worst = millis): a larger value can be lost.
            // A class that promises to be @ThreadSafe is held to its promise: every unguarded store breaks it.
            return mine.repeated() && (declared(mine) || decidedByOwnValue(write));
        }
        if (theirs.onTask() && other.kind() == StateAccess.Kind.READ && LoopConditions.polls(other.node())) {
            return true;
        }
        // The same store on both sides (a parallel stream's caller runs the stream's code too) is copies again.
        return mine.start().isPresent() && theirs.start().isPresent() && mine.start().get() == theirs.start().get()
                && mine.onTask() != theirs.onTask() && !TaskStarts.delayed(mine.start().get())
                && (write.node() != other.node() || decidedByOwnValue(write));
    }

    /**
     * A store inside an {@code if} whose condition reads the field it stores to: a check-then-store update. Not a
     * null check (if (dao == null) dao = lookup()): a lazy cache, which at worst looks the same value up twice.
     */
    private static boolean decidedByOwnValue(StateAccess write) {
        String name = write.node() instanceof NodeWithSimpleName<?> named ? named.getNameAsString() : null;
        if (name == null) {
            return false;
        }
        Node child = write.node();
        for (Node parent = child.getParentNode().orElse(null); parent != null && !(parent instanceof com.github.javaparser.ast.body.CallableDeclaration<?>
                        || parent instanceof com.github.javaparser.ast.expr.LambdaExpr);
                child = parent, parent = parent.getParentNode().orElse(null)) {
            if (parent instanceof IfStmt branch && branch.getCondition() != child
                    && branch.getCondition().findFirst(SimpleName.class, n -> n.asString().equals(name)
                    && !comparedWithNull(n)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static boolean comparedWithNull(SimpleName name) {
        Node use = name.getParentNode().orElse(name);
        if (use.getParentNode().orElse(null) instanceof com.github.javaparser.ast.expr.FieldAccessExpr access) {
            use = access;
        }
        return use.getParentNode().orElse(null) instanceof com.github.javaparser.ast.expr.BinaryExpr compare
                && (compare.getLeft() instanceof com.github.javaparser.ast.expr.NullLiteralExpr
                || compare.getRight() instanceof com.github.javaparser.ast.expr.NullLiteralExpr);
    }

    /**
     * Against callers inferred from a class's shape, plain writes are mostly configuration set before the thread
     * starts. What stays a hazard: a flag a thread polls in a loop and a caller sets (the thread may never see it),
     * and updates that are not plain writes, on a thread of the task's own. The same code reached from both sides is
     * the class's own plumbing.
     */
    private static boolean racesWithInferredCallers(StateAccess write, StateAccess other) {
        if (write.node() == other.node()) {
            return false;
        }
        if (write.thread().inferred() && other.thread().onTask() && other.kind() == StateAccess.Kind.READ
                && LoopConditions.polls(other.node())) {
            // stopped = true, not this.running = running: a setter of configuration is called before the start.
            return storesConstant(write);
        }
        // Updates race with the callers only when the task surely has a thread of its own: one this file starts or
        // a pool it makes. Read by hand on real projects, tasks on an executor from elsewhere (often one ordered
        // thread per connection or key) against inferred callers were nearly always false.
        ThreadContext task = write.thread().onTask() ? write.thread() : other.thread();
        boolean ownThread = task.start().map(start -> start.sequentialOn().isEmpty()).orElse(true);
        if (!ownThread || write.kind() == StateAccess.Kind.WRITE) {
            return false;
        }
        // Both sides update: a single writer's counter read by a getter is at worst seen late, never lost.
        return other.kind().writes() && (other.kind() != StateAccess.Kind.WRITE || !other.thread().inferred());
    }

    private static List<dev.threadlint.engine.Finding.Related> related(RuleContext context, StateAccess other,
            String what) {
        Site site = context.site(other.node());
        return List.of(new dev.threadlint.engine.Finding.Related(site.file(), site.line(), site.column(),
                "'" + shown(other) + "': " + what));
    }

    /** The callers of a class declared {@code @ThreadSafe}: its promise, not an inference, says they run at once. */
    private static boolean declared(ThreadContext context) {
        return context.start().isEmpty() && context.onTask() && context.repeated();
    }

    private static boolean storesConstant(StateAccess write) {
        return write.node().getParentNode().orElse(null) instanceof AssignExpr assign
                && assign.getOperator() == AssignExpr.Operator.ASSIGN
                && assign.getValue() instanceof com.github.javaparser.ast.expr.LiteralExpr;
    }

    /** A read that walks a container's structure ({@code map.get(k)}, an iteration), not its size or reference. */
    private static boolean looksInside(StateAccess read) {
        if (read.state().type() != SharedState.ValueType.UNSAFE_CONTAINER) {
            return false;
        }
        Node parent = read.node().getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr call && call.getScope().orElse(null) == read.node()) {
            return !Set.of("size", "isEmpty").contains(call.getNameAsString());
        }
        return parent instanceof com.github.javaparser.ast.stmt.ForEachStmt;
    }

    private static String unlockedReadMessage(StateAccess read, StateAccess write, String file) {
        return "'" + shown(read) + "' reads " + read.state().name() + " on " + read.thread().label()
                + " without holding " + locks(write.locks()) + ", which the write at " + file + ":" + write.line()
                + " on " + write.thread().label() + " holds: the read can see a half-done or stale state";
    }

    private static String message(StateAccess write, StateAccess other, String file) {
        SharedState state = write.state();
        String also = write.node() == other.node() && write.thread() == other.thread()
                ? "several copies of this code run at once"
                : state.name() + " is also " + verb(other) + " at " + file + ":" + other.line() + " on "
                + other.thread().label() + lockNote(write, other);
        String on = " on " + write.thread().label() + ", and " + also;
        return switch (write.kind()) {
            case READ_MODIFY_WRITE -> "'" + shown(write) + "' reads and writes " + state.name() + " in two steps" + on
                    + (state.isVolatile() ? "; volatile makes each step visible but not the pair atomic" : "")
                    + ": concurrent updates can be lost";
            case WRITE -> "'" + shown(write) + "' writes " + state.name() + on
                    + ": without volatile or a common lock the other thread may not see this value";
            case CHECK_THEN_ACT -> "'" + shown(write) + "' acts on " + state.name() + " after a separate check" + on
                    + ": another thread can change it between the check and the act";
            default -> state.type() == SharedState.ValueType.UNSAFE_FORMAT
                    ? "'" + shown(write) + "' uses the " + state.typeName() + " in " + state.name() + on + ": "
                    + state.typeName() + " keeps state between calls, so concurrent calls corrupt each other's results"
                    : "'" + shown(write) + "' changes the " + state.typeName() + " in " + state.name() + on + ": "
                    + state.typeName() + " is not thread-safe, so entries can be lost or its structure corrupted";
        };
    }

    private static String fixHint(StateAccess write, StateAccess other) {
        if (!other.locks().isEmpty() && write.locks().isEmpty()) {
            return "hold " + locks(other.locks()) + " here as well, as the access at line " + other.line() + " does";
        }
        SharedState state = write.state();
        return switch (write.kind()) {
            case READ_MODIFY_WRITE -> state.isVolatile()
                    ? "use an AtomicInteger or AtomicLong (or a LongAdder for a busy counter) instead of a volatile field"
                    : "use an AtomicInteger or AtomicLong (or a LongAdder for a busy counter), or make every access "
                    + "hold one lock";
            case WRITE -> "declare the field volatile if it is a flag or a reference handed over whole; otherwise "
                    + "make every access hold one lock";
            case CHECK_THEN_ACT -> "make the check and the act one atomic step: ConcurrentHashMap's computeIfAbsent, "
                    + "putIfAbsent or merge, or one lock held around both";
            default -> state.type() == SharedState.ValueType.UNSAFE_FORMAT
                    ? "give each thread its own instance (a ThreadLocal), or use java.time's immutable "
                    + "DateTimeFormatter"
                    : "use a concurrent collection (ConcurrentHashMap, CopyOnWriteArrayList, ConcurrentLinkedQueue), "
                    + "make every access hold one lock, or give each task its own and combine them after join()";
        };
    }

    private static String verb(StateAccess access) {
        return switch (access.kind()) {
            case READ, REFERENCE -> "read";
            case WRITE -> "written";
            case READ_MODIFY_WRITE -> "updated";
            case MUTATING_CALL, CHECK_THEN_ACT -> "changed";
        };
    }

    private static String lockNote(StateAccess write, StateAccess other) {
        if (other.locks().isEmpty()) {
            return "";
        }
        return write.locks().isEmpty()
                ? " holding " + locks(other.locks()) + " while this access holds no lock"
                : " holding " + locks(other.locks()) + ", a different lock from " + locks(write.locks());
    }

    private static String locks(Set<LockName> locks) {
        return locks.stream().map(LockName::toString).collect(Collectors.joining(" and "));
    }

    /** The expression a reader recognises: the whole assignment, increment or call, not just the name. */
    private static String shown(StateAccess access) {
        Node node = access.node();
        Node parent = node.getParentNode().orElse(node);
        Node whole = parent instanceof AssignExpr || parent instanceof UnaryExpr
                || parent instanceof MethodCallExpr call && call.getScope().orElse(null) == node
                || parent instanceof MethodReferenceExpr ? parent : node;
        return SourceText.shortened(whole);
    }
}
