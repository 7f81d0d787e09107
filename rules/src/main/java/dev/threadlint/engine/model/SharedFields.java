package dev.threadlint.engine.model;

import dev.threadlint.engine.concurrency.LockName;
import dev.threadlint.engine.concurrency.SharedState;
import dev.threadlint.engine.concurrency.StateAccess;
import dev.threadlint.engine.model.ProjectModel.ResolvedAccess;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The project's fields that its own code shows to be shared, and their accesses that break the protection the
 * code gives them elsewhere. Evidence, each kind judged on its own:
 * <ul>
 *   <li>declared: {@code @GuardedBy} names the lock every access must hold;</li>
 *   <li>intent: a lock held on most accesses and on a write means the class shares the field under that lock, so a
 *       write without it races, and so does a read when every write holds it;</li>
 *   <li>always a hazard once shared: a read-modify-write of a {@code volatile} field (volatile because it is
 *       shared), and a static formatter that keeps state between calls used without a lock;</li>
 *   <li>a platform contract: a servlet's or filter's one instance serves every request thread at once.</li>
 * </ul>
 * Accesses in construction, in test hooks, and under a check that one thread owns the state are never counted.
 */
public final class SharedFields {

    /** What shows the field to be shared. */
    public enum Evidence {
        GUARDED_BY, INCONSISTENT_WRITE, STALE_READ, VOLATILE_UPDATE, SERVLET_FIELD, STATIC_FORMAT
    }

    /**
     * An access that races.
     *
     * @param witness the access that shows the protection (a locked write), if there is one
     * @param lock    the lock that protects the field elsewhere, or empty
     * @param locked  how many of the field's accesses hold {@code lock}
     * @param total   how many accesses were counted
     * @param alike   how many accesses this one stands for (the unlocked reads of a field, reported once)
     */
    public record Race(Evidence evidence, ResolvedAccess access, Optional<ResolvedAccess> witness, String lock,
            int locked, int total, int alike) {

        Race(Evidence evidence, ResolvedAccess access, Optional<ResolvedAccess> witness, String lock, int locked,
                int total) {
            this(evidence, access, witness, lock, locked, total, 1);
        }
    }

    private static final Set<String> SERVLETS = Set.of("HttpServlet", "GenericServlet", "Servlet", "Filter",
            "HttpFilter", "GenericFilter");
    private static final Set<String> REQUEST_METHODS = Set.of("service", "doGet", "doPost", "doPut", "doDelete",
            "doHead", "doOptions", "doTrace", "doPatch", "doFilter");
    /** Objects that, by their contract, one thread uses at a time. */
    private static final Set<String> ONE_THREAD_OBJECTS = Set.of("Iterator", "ListIterator", "Enumeration",
            "Spliterator", "PrimitiveIterator", "InputStream", "OutputStream", "Reader", "Writer",
            "FilterInputStream", "FilterOutputStream");
    /** Formatters whose format() only reads what the constructor set: MessageFormat's own pattern and arguments. */
    private static final Set<String> READ_ONLY_FORMATS = Set.of("MessageFormat", "ChoiceFormat");
    /** Methods whose reads are reports about the object, not decisions made on its state. */
    private static final Set<String> DESCRIPTIONS = Set.of("toString", "hashCode", "equals", "dump", "describe");

    private SharedFields() {
    }

    public static List<Race> of(ProjectModel model) {
        Map<String, List<ResolvedAccess>> byField = new LinkedHashMap<>();
        for (ResolvedAccess access : model.accesses()) {
            byField.computeIfAbsent(access.field().key(), k -> new ArrayList<>()).add(access);
        }
        List<Race> races = new ArrayList<>();
        Set<Object> reported = new HashSet<>();
        Map<FileSummary.ClassFacts, Boolean> forThreads = new java.util.IdentityHashMap<>();
        for (List<ResolvedAccess> accesses : byField.values()) {
            for (Race race : judge(model, accesses, forThreads)) {
                if (!model.reportedAt(race.access().access().site()) && reported.add(race.access().access().site())) {
                    races.add(race);
                }
            }
        }
        return races;
    }

    /** @param forThreads whether each class is {@link #builtForThreads}: asked per field, answered once per class */
    private static List<Race> judge(ProjectModel model, List<ResolvedAccess> accesses,
            Map<FileSummary.ClassFacts, Boolean> forThreads) {
        ProjectModel.Field field = accesses.get(0).field();
        FileSummary.FieldFacts facts = field.facts();
        SharedState.ValueType type = facts.type();
        if (type == SharedState.ValueType.THREAD_SAFE || facts.isFinal() && type != SharedState.ValueType.UNSAFE_CONTAINER
                && type != SharedState.ValueType.UNSAFE_FORMAT) {
            return List.of();
        }
        if (model.isA(field.owner(), ONE_THREAD_OBJECTS)) {
            return List.of(); // an iterator is used by one thread at a time, whatever locks it takes on its source
        }
        // Taking the reference (to pass it on, to lock on it) reads only what a replacing write changes.
        boolean replaced = accesses.stream().anyMatch(a -> a.exemption() == ProjectModel.Exemption.NONE
                && a.access().kind().replaces());
        List<ResolvedAccess> counted = new ArrayList<>();
        for (ResolvedAccess access : accesses) {
            StateAccess.Kind kind = access.access().kind();
            boolean plain = kind == StateAccess.Kind.READ || kind == StateAccess.Kind.WRITE
                    || kind == StateAccess.Kind.REFERENCE;
            if (access.exemption() == ProjectModel.Exemption.NONE && !(kind == StateAccess.Kind.REFERENCE && !replaced)
                    && !(facts.isVolatile() && plain)) {
                counted.add(access);
            }
        }
        if (counted.isEmpty()) {
            return List.of();
        }
        if (!facts.guard().isEmpty()) {
            return guardedBy(model, field, accesses, counted);
        }
        List<Race> races = new ArrayList<>(forThreads.computeIfAbsent(field.owner(), SharedFields::builtForThreads)
                ? byIntent(model, field, counted) : List.of());
        if (!races.isEmpty()) {
            return races;
        }
        boolean servlet = !facts.isStatic() && model.isA(field.owner(), SERVLETS);
        if (facts.isVolatile()) {
            // Volatile counters are often updated by one writer thread only (a subscriber's onNext, an event loop):
            // the update races only where something shows several threads run the updating code.
            if (!servlet && !field.owner().annotations().contains("ThreadSafe")) {
                return races;
            }
            for (ResolvedAccess access : counted) {
                if (access.access().kind() == StateAccess.Kind.READ_MODIFY_WRITE && access.locks().isEmpty()) {
                    races.add(new Race(Evidence.VOLATILE_UPDATE, access, Optional.empty(), "", 0, counted.size()));
                }
            }
            return races;
        }
        if (facts.isStatic() && type == SharedState.ValueType.UNSAFE_FORMAT
                && !READ_ONLY_FORMATS.contains(facts.typeName())) {
            Set<FileSummary.MethodFacts> methods = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (ResolvedAccess access : counted) {
                // Code that only main() or nothing in the project runs is one thread's, or someone else's; code that
                // only its own file calls is one object's work (a report a single thread prints). A public method
                // or a helper other files call is a utility, called by whatever threads they run, and a task handed
                // on runs on a pool's threads. One finding per method.
                if (access.access().kind().writes() && access.locks().isEmpty() && model.reached(access.method())
                        && !model.onlyFromMain(access.method())
                        && (access.method().kind() == FileSummary.Kind.DEFERRED || !access.method().callersKnown()
                        || model.calledFromOtherFiles(access.method(), access.access().site().file()))
                        && methods.add(access.method())) {
                    races.add(new Race(Evidence.STATIC_FORMAT, access, Optional.empty(), "", 0, counted.size()));
                }
            }
            return races;
        }
        if (servlet) {
            Set<FileSummary.MethodFacts> requests = model.reachedFrom(field.owner(), REQUEST_METHODS);
            for (ResolvedAccess access : counted) {
                if (access.access().kind().writes() && access.locks().isEmpty() && requests.contains(access.method())) {
                    races.add(new Race(Evidence.SERVLET_FIELD, access, Optional.empty(), "", 0, counted.size()));
                }
            }
        }
        return races;
    }

    /**
     * Whether more than the lock shows that an unlocked write runs beside the locked accesses: the class promises
     * to be {@code @ThreadSafe}, or the write is in a callback, or in a method a callback calls, that code elsewhere
     * runs when it chooses (a lambda, an anonymous class's method, a method reference, a listener's
     * {@code onSomething}). A lock alone
     * was not enough: read by hand on untuned projects, fewer than a third of unlocked writes of a mostly locked
     * field could race, the rest being confined to the one thread that drives the object (a sorter's collector, a
     * connection's I/O thread, a config executor) or ordered by its life-cycle.
     */
    private static boolean secondThreadShown(ProjectModel model, ProjectModel.Field field, ResolvedAccess write) {
        return field.owner().annotations().contains("ThreadSafe") || calledBack(write.method())
                || model.referenced(write.method())
                || model.callersOf(write.method()).stream().anyMatch(SharedFields::calledBack);
    }

    /** Code another thread runs by contract: a deferred body, a listener's method, a task's {@code run()}. */
    private static boolean calledBack(FileSummary.MethodFacts method) {
        return method.kind() == FileSummary.Kind.DEFERRED || LISTENER_METHOD.matcher(method.name()).matches()
                || method.arity() == 0 && !method.isStatic() && (method.name().equals("run") || method.name().equals("call"));
    }

    private static final java.util.regex.Pattern LISTENER_METHOD = java.util.regex.Pattern.compile("on[A-Z]\\w*");

    /**
     * A class written for several threads beyond its monitor: it keeps a volatile field, an atomic, a concurrent
     * collection, a latch or queue between threads, an executor or a thread. Its own fields only: a base class's
     * life-cycle flag (an atomic {@code started} in a service base) says little of what each subclass shares. A lock alone says less: much code takes
     * one incidentally (a stream over a shared file, a formatter caching its pattern) while one thread uses it.
     */
    private static boolean builtForThreads(FileSummary.ClassFacts type) {
        return type.annotations().contains("ThreadSafe") || type.fields().stream().anyMatch(f -> f.isVolatile()
                || CONCURRENCY_TYPES.matcher(f.typeName()).matches());
    }

    private static final java.util.regex.Pattern CONCURRENCY_TYPES = java.util.regex.Pattern.compile(
            "Atomic\\w*|Concurrent\\w*|CopyOnWrite\\w*|LongAdder|DoubleAdder|\\w*BlockingQueue|\\w*BlockingDeque|"
                    + "CountDownLatch|CyclicBarrier|Phaser|Semaphore|\\w*Executor\\w*|Thread|ThreadLocal|"
                    + "\\w*Future|Condition");

    private static boolean changesInPlace(StateAccess.Kind kind) {
        return kind == StateAccess.Kind.READ_MODIFY_WRITE || kind == StateAccess.Kind.MUTATING_CALL
                || kind == StateAccess.Kind.CHECK_THEN_ACT;
    }

    /**
     * The fast path sits in a helper ({@code if (!isCandidate(bean)) return;} before the locked re-check): every
     * caller calls it above its own locked write, so a stale answer still falls through to the lock.
     */
    private static boolean checkedAgainByCallers(ProjectModel model, FileSummary.MethodFacts helper,
            Map<FileSummary.MethodFacts, Integer> checkedAgain) {
        List<FileSummary.MethodFacts> callers = model.knownCallers(helper);
        return !callers.isEmpty() && callers.stream().allMatch(caller -> checkedAgain.containsKey(caller)
                && model.callLines(helper, caller).stream().allMatch(line -> line <= checkedAgain.get(caller)));
    }

    /** A read that looks inside the container ({@code map.get(k)}, {@code list.contains(x)}), not at its size. */
    private static boolean walksContainer(String code) {
        java.util.regex.Matcher call = CONTAINER_CALL.matcher(code);
        return call.find() && !SIZE_ONLY.contains(call.group(1));
    }

    private static final java.util.regex.Pattern CONTAINER_CALL = java.util.regex.Pattern.compile("\\.(\\w+)\\(");
    private static final Set<String> SIZE_ONLY = Set.of("size", "isEmpty");

    /**
     * A lock of the field's own object or class ({@code Counter.this}, {@code Counter.lock}, {@code Counter.class}):
     * a lock that can mean "this object's state". A monitor named only by a variable's
     * declared type ({@code Map.this} for some map parameter) says nothing of which object it is.
     */
    private static boolean ownLock(ProjectModel model, ProjectModel.Field field, String key) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        // The field's own class, or a superclass of it (a lock field it inherits): an enclosing class's lock guards
        // that object's state, which an inner object (a stream or an iterator over it) may take on the way without
        // sharing its own fields.
        return model.isOrExtends(field.owner(), key.substring(0, dot));
    }

    private static List<Race> guardedBy(ProjectModel model, ProjectModel.Field field, List<ResolvedAccess> all,
            List<ResolvedAccess> counted) {
        FileSummary.FieldFacts facts = field.facts();
        String guard = facts.guardText().equals("itself") ? field.owner().shown() + "." + facts.name()
                : model.canonicalLock(facts.guard(), field.owner());
        if (facts.guardText().contains("(")) {
            return List.of(); // a method names the lock: which one it returns is not known here
        }
        if (!guardTaken(model, field.owner(), guard, all)) {
            // No access anywhere holds the guard: the annotation is left over from a design the code no longer
            // follows, or names a lock this model cannot resolve (a type's name for one of its instances). Read by
            // hand, such fields were set up once or confined, never raced: nothing shows a second thread.
            return List.of();
        }
        List<Race> races = new ArrayList<>();
        // One finding per method, at its first unguarded access: the fix is the lock around the method's work.
        Map<FileSummary.MethodFacts, List<ResolvedAccess>> byMethod = new java.util.IdentityHashMap<>();
        for (ResolvedAccess access : counted) {
            boolean description = !access.access().kind().writes() && DESCRIPTIONS.contains(access.method().name());
            // A write breaks the annotation's contract on its own. An unguarded read is reported where something
            // shows it runs beside the writers (as for intent, below): read by hand, most unguarded reads of a
            // @GuardedBy field were made under a lock the callers hold in ways the model does not follow (a
            // comparator inside a synchronized sort), by the object's one driving thread, or before its start.
            boolean shown = access.access().kind().writes() || secondThreadShown(model, field, access);
            if (!access.holds(guard, access.access().kind().writes()) && !description && shown
                    && !model.setUpOrTearDown(access.method())) {
                byMethod.computeIfAbsent(access.method(), m -> new ArrayList<>()).add(access);
            }
        }
        for (ResolvedAccess access : counted) {
            List<ResolvedAccess> unguarded = byMethod.remove(access.method());
            if (unguarded != null) {
                races.add(new Race(Evidence.GUARDED_BY, unguarded.get(0), Optional.empty(), guard, 0, counted.size(),
                        unguarded.size()));
            }
        }
        return races;
    }

    /** Whether an access of the field, or any code of its class, holds {@code guard}. */
    private static boolean guardTaken(ProjectModel model, FileSummary.ClassFacts owner, String guard,
            List<ResolvedAccess> accesses) {
        if (accesses.stream().anyMatch(access -> access.holds(guard, false))) {
            return true;
        }
        for (FileSummary.MethodFacts method : owner.methods()) {
            for (FileSummary.Call call : method.calls()) {
                for (LockName lock : call.locks()) {
                    if (model.canonicalLock(lock.key(), owner).equals(guard)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The lock held on most of the field's accesses, when it is held on at least half of them and on a write: the
     * class shares the field under that lock. Then a write without it races, and so does a read when every write
     * holds it and the lock keeps changing the value (an update, a container changed), not only setting it once.
     * Both only in code the project runs: a method nothing in it calls is left to its callers, often tests.
     */
    private static List<Race> byIntent(ProjectModel model, ProjectModel.Field field, List<ResolvedAccess> counted) {
        Map<String, Integer> holding = new TreeMap<>();
        // A field locked on itself guards what it holds, and only while it keeps holding the same object.
        boolean replaced = counted.stream().anyMatch(a -> a.access().kind().replaces());
        String itself = field.owner().shown() + "." + field.facts().name();
        for (ResolvedAccess access : counted) {
            for (String key : access.locks().stream().map(LockName::key).distinct().toList()) {
                if (ownLock(model, field, key) && !(replaced && key.equals(itself))) {
                    holding.merge(key, 1, Integer::sum);
                }
            }
        }
        String lock = null;
        int locked = 0;
        for (Map.Entry<String, Integer> entry : holding.entrySet()) {
            if (entry.getValue() > locked) {
                lock = entry.getKey();
                locked = entry.getValue();
            }
        }
        if (lock == null || locked * 2 < counted.size()) {
            return List.of();
        }
        String guard = lock;
        // The witness is a locked update where there is one: it shows what an unlocked access would break.
        Optional<ResolvedAccess> lockedWrite = counted.stream()
                .filter(a -> a.access().kind().writes() && a.holds(guard, true))
                .min(java.util.Comparator.comparing(a -> changesInPlace(a.access().kind()) ? 0 : 1));
        if (lockedWrite.isEmpty()) {
            return List.of();
        }
        // A field the lock keeps changing (a counter, a collection), not only sets once (configuration, a handle
        // kept for later): only there does an unlocked access lose or corrupt the locked ones' work. A field set
        // under the lock once and read or set elsewhere is usually published by whatever hands the object on.
        Set<FileSummary.MethodFacts> readsUnderLock = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        // A flag read and set under the lock (if (!done) done = true) is a check-then-set, not an update.
        boolean flag = field.facts().typeName().equals("boolean") || field.facts().typeName().equals("Boolean");
        counted.stream().filter(a -> !flag && !a.access().kind().writes() && a.holds(guard, false))
                .forEach(a -> readsUnderLock.add(a.method()));
        // An update spelt in two statements under the lock (seen = count; ...; count = seen + 1) counts too.
        // Changes made in set-up (a map filled in a synchronized start() before the thread runs) are ordered by the
        // start, whatever lock they happen to hold.
        boolean live = counted.stream().anyMatch(a -> a.holds(guard, true) && !model.setUp(a.method())
                && (changesInPlace(a.access().kind())
                || a.access().kind() == StateAccess.Kind.WRITE && readsUnderLock.contains(a.method())));
        if (!live) {
            return List.of();
        }
        // A plain write without the lock loses the locked work only where that work accumulates (a count reset
        // while it is being incremented, a list replaced while being added to); against a locked check-then-set
        // of a flag it is a value seen late, and on real code such writes were mostly ordered by a lifecycle.
        boolean accumulates = counted.stream().anyMatch(a -> a.holds(guard, true)
                && (a.access().kind() == StateAccess.Kind.READ_MODIFY_WRITE
                || a.access().kind() == StateAccess.Kind.MUTATING_CALL
                || a.access().kind() == StateAccess.Kind.WRITE && readsUnderLock.contains(a.method())));
        List<ResolvedAccess> unlockedWrites = counted.stream()
                .filter(a -> a.access().kind().writes() && !a.holds(guard, true) && model.reached(a.method())
                        && (accumulates || a.access().kind() != StateAccess.Kind.WRITE)
                        && !model.setUpOrTearDown(a.method()) && secondThreadShown(model, field, a))
                .toList();
        List<Race> races = new ArrayList<>();
        if (!unlockedWrites.isEmpty()) {
            // One finding per field: the fix is one decision about the field, and the message counts the others.
            long methods = unlockedWrites.stream().map(ResolvedAccess::method).distinct().count();
            races.add(new Race(Evidence.INCONSISTENT_WRITE, unlockedWrites.get(0), lockedWrite, guard, locked,
                    counted.size(), (int) methods));
            return races;
        }
        if (counted.stream().anyMatch(a -> a.access().kind().writes() && !a.holds(guard, true))) {
            return races; // written unlocked in set-up or tear-down: the reads are not judged against the lock
        }
        // Reads that walk a container the lock keeps changing: a lookup during a resize can miss or loop. A stale
        // scalar (a count, a state flag) is mostly read for a report or re-checked under the lock, and not flagged.
        if (field.facts().type() != SharedState.ValueType.UNSAFE_CONTAINER) {
            return races;
        }
        // A lookup above a locked access in the same method is the fast path of a double check: a miss falls
        // through to the lock, which looks again (and then adds, or answers) before anything depends on it.
        Map<FileSummary.MethodFacts, Integer> checkedAgain = new java.util.IdentityHashMap<>();
        counted.stream().filter(a -> a.holds(guard, a.access().kind().writes()))
                .forEach(a -> checkedAgain.merge(a.method(), a.access().site().line(), Math::max));
        List<ResolvedAccess> staleReads = counted.stream().filter(read -> !read.access().kind().writes()
                && !read.holds(guard, false) && !DESCRIPTIONS.contains(read.method().name())
                && model.reached(read.method()) && walksContainer(read.access().code())
                && checkedAgain.getOrDefault(read.method(), 0) <= read.access().site().line()
                && !checkedAgainByCallers(model, read.method(), checkedAgain)
                && !model.setUpOrTearDown(read.method())).toList();
        if (!staleReads.isEmpty()) {
            races.add(new Race(Evidence.STALE_READ, staleReads.get(0), lockedWrite, guard, locked,
                    counted.size(), staleReads.size()));
        }
        return races;
    }
}
