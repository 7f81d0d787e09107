package dev.threadlint.engine.model;

import dev.threadlint.engine.Site;
import dev.threadlint.engine.concurrency.LockName;
import dev.threadlint.engine.model.FileSummary.Access;
import dev.threadlint.engine.model.FileSummary.Call;
import dev.threadlint.engine.model.FileSummary.ClassFacts;
import dev.threadlint.engine.model.FileSummary.FieldFacts;
import dev.threadlint.engine.model.FileSummary.MethodFacts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole project's classes, methods and field accesses, composed from every file's {@link FileSummary}: calls
 * resolved across files (to the declaring class, through supertypes, and to overrides in subclasses), and for each
 * method what its callers guarantee: the locks every caller holds, whether only constructors reach it, only test
 * hooks, or only code confined to one thread. Built once per run in the project phase; everything here is names and
 * sites, so its size follows the summaries', and each fixed point is bounded by a counted budget.
 */
public final class ProjectModel {

    /** At most this many implementations are taken as the targets of one call through a supertype. */
    private static final int MAX_TARGETS = 16;
    /** Supertype chains longer than this are cut (and cycles in broken code end). */
    private static final int MAX_ANCESTRY = 24;

    /** A field as the project knows it: its class and its facts. */
    public record Field(ClassFacts owner, FieldFacts facts) {
        public String key() {
            return owner.name() + "." + facts.name();
        }

        public String shown() {
            return owner.shown() + "." + facts.name();
        }
    }

    /** Why an access cannot race whatever else happens: nobody else can see the object yet, or one thread owns it. */
    public enum Exemption {
        NONE,
        /** In a constructor or initializer of the object itself, or in code only they reach. */
        CONSTRUCTION,
        /** In a test hook ({@code @VisibleForTesting}) or code only test hooks and assertions reach. */
        TEST_HOOK,
        /** Under a check that one thread owns the state, or in code only such code reaches. */
        CONFINED
    }

    /**
     * An access with what the project adds to it.
     *
     * @param field    the field accessed
     * @param method   the code it is in
     * @param inClass  the class of that code
     * @param locks    the locks held there, counting those every caller of the method holds
     */
    public record ResolvedAccess(Field field, ClassFacts inClass, MethodFacts method, Access access,
            Set<LockName> locks, Exemption exemption) {

        public boolean holds(String lockKey, boolean exclusive) {
            return locks.stream().anyMatch(lock -> lock.key().equals(lockKey) && !(exclusive && lock.shared()));
        }
    }

    private final Map<String, ClassFacts> classes = new LinkedHashMap<>();
    private final Map<String, List<ClassFacts>> bySimpleName = new HashMap<>();
    private final Map<ClassFacts, List<ClassFacts>> subclasses = new IdentityHashMap<>();
    private final Map<MethodFacts, ClassFacts> ownerOf = new IdentityHashMap<>();
    private final Map<MethodFacts, List<CallSite>> callers = new IdentityHashMap<>();
    private final Map<MethodFacts, Set<LockName>> entryLocks = new IdentityHashMap<>();
    private final Set<MethodFacts> constructionOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MethodFacts> testOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MethodFacts> confinedOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MethodFacts> mainOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MethodFacts> setUpOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MethodFacts> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Site> reported = new HashSet<>();
    private final List<ResolvedAccess> accesses = new ArrayList<>();
    /** Each call's targets, resolved once (by identity: two calls alike in every field are still two calls). */
    private final Map<Call, List<MethodFacts>> targetsOf = new IdentityHashMap<>();
    private final Map<ClassFacts, Map<String, List<MethodFacts>>> methodsByName = new IdentityHashMap<>();
    private final Map<ClassFacts, List<ClassFacts>> ancestries = new IdentityHashMap<>();
    private final Map<ClassFacts, Map<String, String>> canonicalLocks = new IdentityHashMap<>();

    /** A call as seen from its callee: who calls, and how. */
    private record CallSite(MethodFacts caller, Call call) {
    }

    private ProjectModel(List<FileSummary> files) {
        for (FileSummary file : files) {
            reported.addAll(file.reported());
            for (ClassFacts type : file.classes()) {
                classes.putIfAbsent(type.name(), type);
                bySimpleName.computeIfAbsent(simpleName(type.name()), k -> new ArrayList<>()).add(type);
                type.methods().forEach(method -> ownerOf.put(method, type));
            }
        }
        for (ClassFacts type : classes.values()) {
            for (String supertype : type.supertypes()) {
                classNamed(supertype).ifPresent(parent -> subclasses.computeIfAbsent(parent, k -> new ArrayList<>())
                        .add(type));
            }
        }
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                for (Call call : method.calls()) {
                    for (MethodFacts target : targets(call)) {
                        callers.computeIfAbsent(target, k -> new ArrayList<>()).add(new CallSite(method, call));
                    }
                }
            }
        }
        findLiveCode();
        composeEntryLocks();
        onlyReachedFrom(constructionOnly, (caller, call) -> isConstruction(caller));
        onlyReachedFrom(testOnly, (caller, call) -> caller.testHook() || call.asserted());
        onlyReachedFrom(confinedOnly, (caller, call) -> caller.confined() || call.confined());
        onlyReachedFrom(mainOnly, (caller, call) -> caller.name().equals("main") && caller.isStatic(), true);
        onlyReachedFrom(setUpOnly, (caller, call) -> named(caller, SET_UP));
        resolveAccesses();
    }

    public static ProjectModel of(List<FileSummary> files) {
        return new ProjectModel(files);
    }

    /** Every field access of the project, in file order, with the locks and exemptions the project adds. */
    public List<ResolvedAccess> accesses() {
        return accesses;
    }

    /** True when a rule's per-file check already reported at {@code site}. */
    public boolean reportedAt(Site site) {
        return reported.contains(site);
    }

    /** The class with that name; a name this model does not hold is tried by its simple name, if unique. */
    public Optional<ClassFacts> classNamed(String name) {
        ClassFacts exact = classes.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<ClassFacts> candidates = bySimpleName.getOrDefault(simpleName(name), List.of());
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /**
     * True when the project runs the method: something in it calls the method, or the method is code handed on to
     * run later, or a callback others invoke by contract ({@code run}, {@code onMessage}, {@code handle...}).
     */
    public boolean reached(MethodFacts method) {
        return live.contains(method);
    }

    /** Code something runs: an entry point, or what an entry point calls, transitively. */
    private void findLiveCode() {
        Deque<MethodFacts> todo = new ArrayDeque<>();
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                if (isEntryPoint(method)) {
                    todo.add(method);
                }
            }
        }
        while (!todo.isEmpty()) {
            MethodFacts method = todo.removeFirst();
            if (!live.add(method)) {
                continue;
            }
            for (Call call : method.calls()) {
                todo.addAll(targets(call));
            }
        }
    }

    /**
     * Where running starts: construction and code handed on to run later, {@code main}, a callback by its name
     * ({@code run}, {@code onMessage}, {@code handle...}), and a method whose annotation (an {@code @Override} of a
     * library's method, a framework's {@code @Scheduled}) says someone outside calls it. A public method that
     * nothing calls is none of these: its callers, if any, are tests or other projects.
     */
    private static boolean isEntryPoint(MethodFacts method) {
        return method.kind() != FileSummary.Kind.METHOD || method.annotated()
                || method.name().equals("main") && method.isStatic() || CALLBACK.matcher(method.name()).matches();
    }

    /**
     * True when code of another file calls the method, directly or through methods of its own file: a helper other
     * classes use (a shared formatting utility), not a step of one class's own work.
     */
    public boolean calledFromOtherFiles(MethodFacts method, java.nio.file.Path file) {
        ClassFacts home = ownerOf.get(method);
        Deque<MethodFacts> todo = new ArrayDeque<>(List.of(method));
        Set<MethodFacts> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            MethodFacts next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (next != method && !next.isPrivate()) {
                continue; // upwards only through private helpers: a public method's own callers are its business
            }
            for (CallSite site : callers.getOrDefault(next, List.of())) {
                // Only a call that means this very method counts (not one of several same-named candidates), and
                // not one from a subclass or superclass: a class hierarchy is still one object's own work.
                ClassFacts caller = ownerOf.get(site.caller());
                if (!site.call().site().file().equals(file) && targets(site.call()).size() == 1
                        && caller != null && home != null && !ancestry(caller).contains(home)
                        && !ancestry(home).contains(caller)) {
                    return true;
                }
                todo.push(site.caller());
            }
        }
        return false;
    }

    /** Methods that set an object up before its threads run: {@code start}, {@code initChannels}, {@code open}. */
    private static final java.util.regex.Pattern SET_UP = java.util.regex.Pattern.compile(
            "(init|initialize|start|load|recover|setup|setUp|open|prepare|configure|preRegister|postRegister)"
                    + "([A-Z].*)?");
    /** Methods that tear an object down once its threads are done, or are being stopped. */
    private static final java.util.regex.Pattern TEAR_DOWN = java.util.regex.Pattern.compile(
            "(stop|close|shutdown|destroy|dispose|preDeregister|postDeregister)([A-Z].*)?");

    private static boolean named(MethodFacts method, java.util.regex.Pattern names) {
        return method.kind() == FileSummary.Kind.METHOD && names.matcher(method.name()).matches();
    }

    /**
     * True for set-up and tear-down methods, and for the helpers only set-up calls (a session's {@code start()}
     * sending its greeting through {@code sendIdentification()}): measured on real code, their unlocked writes are
     * nearly always ordered by the start or the stop itself.
     */
    public boolean setUpOrTearDown(MethodFacts method) {
        return named(method, TEAR_DOWN) || setUp(method);
    }

    /** The life-cycle's own set-up methods, by their whole name: not {@code initializeVerifier}, a lazy step. */
    private static final Set<String> LIFECYCLE_SET_UP = Set.of("init", "initialize", "start", "open", "prepare",
            "configure", "setup", "setUp");

    /**
     * True for the life-cycle's set-up methods ({@code start()}, {@code init()}) and the helpers only set-up calls:
     * what they do happens before the object's threads start, whatever lock it holds. Tear-down is not so ordered: a
     * {@code close()} that does not wait for its threads runs alongside their last work.
     */
    public boolean setUp(MethodFacts method) {
        return method.kind() == FileSummary.Kind.METHOD && LIFECYCLE_SET_UP.contains(method.name())
                || setUpOnly.contains(method);
    }

    /** The lines of the project's calls of {@code method} made from {@code caller}. */
    public List<Integer> callLines(MethodFacts method, MethodFacts caller) {
        return callers.getOrDefault(method, List.of()).stream().filter(site -> site.caller() == caller)
                .map(site -> site.call().site().line()).toList();
    }

    /** The methods of the project that call {@code method} (each once), for a method whose callers are all known. */
    public List<MethodFacts> knownCallers(MethodFacts method) {
        if (!method.callersKnown()) {
            return List.of();
        }
        return callers.getOrDefault(method, List.of()).stream().map(CallSite::caller).distinct().toList();
    }

    /** The methods of the project that call {@code method} (each once), whether or not others may call it too. */
    public List<MethodFacts> callersOf(MethodFacts method) {
        return callers.getOrDefault(method, List.of()).stream().map(CallSite::caller).distinct().toList();
    }

    /** True when the project names {@code method} in a method reference ({@code pool.execute(this::flush)}). */
    public boolean referenced(MethodFacts method) {
        return callers.getOrDefault(method, List.of()).stream().anyMatch(site -> site.call().arity() == Call.ANY_ARITY);
    }

    /** True for {@code main} and for methods only {@code main} (or what only it calls) reaches. */
    public boolean onlyFromMain(MethodFacts method) {
        return method.name().equals("main") && method.isStatic() || mainOnly.contains(method);
    }

    private static final java.util.regex.Pattern CALLBACK = java.util.regex.Pattern.compile(
            "run|call|accept|apply|get|execute|service|do[A-Z]\\w*|on[A-Z]\\w*|handle\\w*|process\\w*");

    /**
     * True when {@code type} or a supertype of it, as far as the project and the names written show, is one of
     * {@code simpleNames} ({@code HttpServlet}).
     */
    public boolean isA(ClassFacts type, Set<String> simpleNames) {
        return ancestry(type).stream().flatMap(c -> c.supertypes().stream())
                .anyMatch(supertype -> simpleNames.contains(simpleName(supertype)));
    }

    /**
     * The class and its supertypes that the project declares, nearest first, each once; cut at
     * {@value #MAX_ANCESTRY}, which also ends the cycles of broken code.
     */
    private List<ClassFacts> ancestry(ClassFacts type) {
        return ancestries.computeIfAbsent(type, t -> {
            List<ClassFacts> found = new ArrayList<>();
            Deque<ClassFacts> todo = new ArrayDeque<>(List.of(t));
            Set<ClassFacts> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            while (!todo.isEmpty() && found.size() < MAX_ANCESTRY) {
                ClassFacts next = todo.removeFirst();
                if (seen.add(next)) {
                    found.add(next);
                    todo.addAll(supertypesOf(next));
                }
            }
            return found;
        });
    }

    /** The methods of {@code type} reached from those named {@code entries}, through calls to its own methods. */
    public Set<MethodFacts> reachedFrom(ClassFacts type, Set<String> entries) {
        Set<MethodFacts> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<MethodFacts> todo = new ArrayDeque<>();
        type.methods().stream().filter(m -> entries.contains(m.name())).forEach(todo::add);
        while (!todo.isEmpty()) {
            MethodFacts method = todo.pop();
            if (!reached.add(method)) {
                continue;
            }
            for (Call call : method.calls()) {
                for (MethodFacts target : targets(call)) {
                    if (ownerOf.get(target) == type) {
                        todo.push(target);
                    }
                }
            }
        }
        return reached;
    }

    // ---- calls

    /** The methods a call may run: the declaration it names (found through supertypes) and overrides below it. */
    private List<MethodFacts> targets(Call call) {
        return targetsOf.computeIfAbsent(call, this::resolve);
    }

    /** The methods of a class by name, indexed once: calls look their targets up here, not in a scan. */
    private List<MethodFacts> methodsNamed(ClassFacts type, String name) {
        return methodsByName.computeIfAbsent(type, t -> {
            Map<String, List<MethodFacts>> byName = new HashMap<>();
            t.methods().forEach(m -> byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m));
            return byName;
        }).getOrDefault(name, List.of());
    }

    private List<MethodFacts> resolve(Call call) {
        Optional<ClassFacts> owner = classNamed(call.owner());
        if (owner.isEmpty()) {
            return List.of();
        }
        List<ClassFacts> start = call.viaSuper() ? supertypesOf(owner.get()) : List.of(owner.get());
        for (ClassFacts from : start) {
            Optional<MethodFacts> declared = declaredIn(from, call.name(), call.arity());
            if (declared.isPresent()) {
                List<MethodFacts> targets = new ArrayList<>(List.of(declared.get()));
                if (!call.viaSuper() && !declared.get().isPrivate() && !declared.get().isStatic()) {
                    addOverrides(owner.get(), call.name(), call.arity(), targets);
                }
                return targets;
            }
        }
        return List.of();
    }

    private static boolean matches(MethodFacts method, int arity) {
        return arity == Call.ANY_ARITY || method.arity() == arity;
    }

    private List<ClassFacts> supertypesOf(ClassFacts type) {
        List<ClassFacts> found = new ArrayList<>();
        for (String supertype : type.supertypes()) {
            classNamed(supertype).ifPresent(found::add);
        }
        return found;
    }

    /** The method of that name and arity in {@code type} or, failing that, in the nearest supertype declaring it. */
    private Optional<MethodFacts> declaredIn(ClassFacts type, String name, int arity) {
        for (ClassFacts next : ancestry(type)) {
            List<MethodFacts> found = methodsNamed(next, name).stream()
                    .filter(m -> matches(m, arity) && m.kind() != FileSummary.Kind.DEFERRED)
                    .toList();
            if (found.size() == 1) {
                return Optional.of(found.get(0));
            }
            if (found.size() > 1) {
                // Overloads of one arity: the summary cannot tell which one the call means, so it means none; a
                // wrong guess would lend one overload the callers (and the missing locks) of another.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void addOverrides(ClassFacts type, String name, int arity, List<MethodFacts> targets) {
        Deque<ClassFacts> todo = new ArrayDeque<>(subclasses.getOrDefault(type, List.of()));
        Set<ClassFacts> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty() && targets.size() < MAX_TARGETS) {
            ClassFacts next = todo.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            methodsNamed(next, name).stream()
                    .filter(m -> matches(m, arity) && m.kind() == FileSummary.Kind.METHOD)
                    .findFirst().ifPresent(targets::add);
            todo.addAll(subclasses.getOrDefault(next, List.of()));
        }
    }

    // ---- what callers guarantee

    /**
     * The locks held on entry to each method judged by its callers: those held at every one of its calls, counting
     * what the callers' own callers hold. A must-analysis from "every lock" down, on a worklist: a method whose
     * answer changes sends its callees to be judged again, so chains of any length settle. Answers only shrink,
     * but for a live method that no caller constrains, first settled at "nothing more", which its callers may then
     * raise; the step budget bounds the whole. A method reached only by recursion keeps none (silence is the safe
     * side: fewer locks held means nothing is excused), and so does every method when the budget runs out.
     */
    private void composeEntryLocks() {
        Set<MethodFacts> judged = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<MethodFacts> todo = new ArrayDeque<>();
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                // A public method that nothing outside calls by contract (not an override, not a callback) is
                // judged by the callers the project has: when every one holds a lock, the method is written to run
                // under it (a tablet's removeScan() called only inside synchronized (tablet)).
                if ((method.callersKnown() || !isEntryPoint(method)) && method.kind() == FileSummary.Kind.METHOD
                        && callers.containsKey(method) && judged.add(method)) {
                    todo.add(method);
                }
            }
        }
        Set<MethodFacts> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        queued.addAll(judged);
        Map<MethodFacts, Set<LockName>> known = new IdentityHashMap<>();
        long budget = STEP_BUDGET;
        while (!todo.isEmpty() || settleUnconstrained(judged, known, todo, queued)) {
            MethodFacts method = todo.removeFirst();
            queued.remove(method);
            Set<LockName> held = null;
            for (CallSite site : callers.get(method)) {
                budget--;
                if (site.caller() == method || isConstruction(site.caller()) || named(site.caller(), SET_UP)
                        || !live.contains(site.caller())) {
                    // Recursion adds nothing; a call from construction needs no lock, nobody else sees the object,
                    // nor does one from set-up, before the threads start; dead code runs never.
                    continue;
                }
                Set<LockName> atCall = new LinkedHashSet<>(site.call().locks());
                if (judged.contains(site.caller())) {
                    Set<LockName> callerHolds = known.get(site.caller());
                    if (callerHolds == null) {
                        continue; // "every lock" so far: it narrows nothing yet
                    }
                    atCall.addAll(callerHolds);
                }
                if (held == null) {
                    held = atCall;
                } else {
                    held.retainAll(atCall);
                }
            }
            if (budget < 0) {
                return; // not settled within the budget: excuse nothing
            }
            if (held != null && !held.equals(known.get(method))) {
                known.put(method, held);
                requeueCallees(method, judged, todo, queued);
            }
        }
        known.forEach(entryLocks::put);
    }

    /**
     * Live methods still at "every lock" once the worklist is empty have no caller that says what it holds (called
     * only from construction, through method references registered there, or from each other): they hold nothing
     * more at entry, which their callees must hear. Returns whether any was settled so, and queues their callees.
     */
    private boolean settleUnconstrained(Set<MethodFacts> judged, Map<MethodFacts, Set<LockName>> known,
            Deque<MethodFacts> todo, Set<MethodFacts> queued) {
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                if (judged.contains(method) && !known.containsKey(method) && live.contains(method)) {
                    known.put(method, Set.of());
                    requeueCallees(method, judged, todo, queued);
                }
            }
        }
        return !todo.isEmpty();
    }

    /** Steps (a caller looked at) that composing what callers guarantee may take, for the whole project. */
    private static final long STEP_BUDGET = 20_000_000L;

    private void requeueCallees(MethodFacts method, Set<MethodFacts> among, Deque<MethodFacts> todo,
            Set<MethodFacts> queued) {
        for (Call call : method.calls()) {
            for (MethodFacts callee : targets(call)) {
                if (among.contains(callee) && queued.add(callee)) {
                    todo.add(callee);
                }
            }
        }
    }

    /** What qualifies a caller, so that a private method only such callers call qualifies too. */
    private interface CallerTest {
        boolean qualifies(MethodFacts caller, Call call);
    }

    /**
     * The private methods every one of whose callers qualifies, directly or by being such a method itself: a
     * greatest fixed point, from "all private methods with callers" down.
     */
    private void onlyReachedFrom(Set<MethodFacts> result, CallerTest test) {
        onlyReachedFrom(result, test, false);
    }

    /**
     * @param publicToo also methods others may call, judged by the callers the project has. A greatest fixed point
     *                  on a worklist: a method that drops out sends its callees to be judged again.
     */
    private void onlyReachedFrom(Set<MethodFacts> result, CallerTest test, boolean publicToo) {
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                if ((publicToo || method.callersKnown()) && method.kind() == FileSummary.Kind.METHOD
                        && callers.containsKey(method)) {
                    result.add(method);
                }
            }
        }
        Deque<MethodFacts> todo = new ArrayDeque<>(result);
        Set<MethodFacts> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        queued.addAll(result);
        long budget = STEP_BUDGET;
        while (!todo.isEmpty()) {
            MethodFacts method = todo.removeFirst();
            queued.remove(method);
            if (!result.contains(method)) {
                continue;
            }
            for (CallSite site : callers.get(method)) {
                budget--;
                // Dead code (a debug helper nothing calls) does not make its callees reachable another way.
                if (site.caller() != method && live.contains(site.caller())
                        && !test.qualifies(site.caller(), site.call()) && !result.contains(site.caller())) {
                    result.remove(method);
                    requeueCallees(method, result, todo, queued);
                    break;
                }
            }
            if (budget < 0) {
                result.clear(); // not settled within the budget: excuse nothing
                return;
            }
        }
    }

    private static boolean isConstruction(MethodFacts method) {
        return method.kind() == FileSummary.Kind.CONSTRUCTOR || method.kind() == FileSummary.Kind.INITIALIZER;
    }

    // ---- accesses

    private void resolveAccesses() {
        Map<String, Optional<Field>> fields = new HashMap<>();
        for (ClassFacts type : classes.values()) {
            for (MethodFacts method : type.methods()) {
                for (Access access : method.accesses()) {
                    Optional<Field> field = fields.computeIfAbsent(access.owner() + "\u0000" + access.field()
                            + "\u0000" + access.declared(), k -> fieldOf(access));
                    if (field.isEmpty()) {
                        continue;
                    }
                    Set<LockName> locks = new LinkedHashSet<>(access.locks());
                    locks.addAll(entryLocks.getOrDefault(method, Set.of()));
                    locks.addAll(asOwnMonitor(locks, field.get().owner(), type));
                    for (LockName lock : List.copyOf(locks)) {
                        locks.add(new LockName(canonicalLock(lock.key(), type), lock.shared()));
                    }
                    accesses.add(new ResolvedAccess(field.get(), type, method, access, locks,
                            exemption(field.get(), type, method, access)));
                }
            }
        }
    }

    private Optional<Field> fieldOf(Access access) {
        Optional<ClassFacts> owner = classNamed(access.owner());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        // A field found in the file is the owner's own; one that was not is looked for up the supertypes.
        List<ClassFacts> candidates = access.declared() ? List.of(owner.get()) : ancestry(owner.get());
        for (ClassFacts next : candidates) {
            for (FieldFacts field : next.fields()) {
                if (field.name().equals(access.field())) {
                    return Optional.of(new Field(next, field));
                }
            }
        }
        return Optional.empty();
    }

    private Exemption exemption(Field field, ClassFacts inClass, MethodFacts method, Access access) {
        boolean ownObject = field.facts().isStatic() == method.isStatic()
                && (inClass == field.owner() || isSubclass(inClass, field.owner()));
        if (ownObject && (isConstruction(method) || constructionOnly.contains(method))) {
            return Exemption.CONSTRUCTION;
        }
        if (method.testHook() || testOnly.contains(method)) {
            return Exemption.TEST_HOOK;
        }
        if (method.confined() || access.confined() || confinedOnly.contains(method)) {
            return Exemption.CONFINED;
        }
        return Exemption.NONE;
    }

    /**
     * A subclass's {@code Sub.this} is the same monitor as its superclass's {@code Base.this}, and a lock field it
     * inherits, named from the subclass ({@code Sub.kexState}), is the superclass's {@code Base.kexState}: a lock
     * taken in the subclass guards the fields it inherits. Returns the owner's names for such locks.
     */
    private List<LockName> asOwnMonitor(Set<LockName> locks, ClassFacts owner, ClassFacts accessing) {
        List<LockName> same = new ArrayList<>();
        for (LockName lock : locks) {
            int dot = lock.key().lastIndexOf('.');
            if (dot <= 0) {
                // A field its file does not declare is named as written: an inherited one, when the owner has it.
                if (accessing != owner && isSubclass(accessing, owner)
                        && owner.fields().stream().anyMatch(f -> f.name().equals(lock.key()))) {
                    same.add(new LockName(owner.shown() + "." + lock.key(), lock.shared()));
                }
                continue;
            }
            String holder = lock.key().substring(0, dot);
            String member = lock.key().substring(dot + 1);
            if (holder.equals(owner.shown()) || !member.equals("this")
                    && owner.fields().stream().noneMatch(f -> f.name().equals(member))) {
                continue;
            }
            boolean subclass = bySimpleName.getOrDefault(simpleName(holder), List.of()).stream()
                    .anyMatch(c -> c.shown().equals(holder) && isSubclass(c, owner));
            if (subclass) {
                same.add(new LockName(owner.shown() + "." + member, lock.shared()));
            }
        }
        return same;
    }

    /**
     * A lock field named from a class that inherits it is the declaring class's: {@code Sub.lock}, or a bare
     * {@code lock} in {@code Sub} (a field its file does not declare), is {@code Base.lock}. Other names are kept.
     */
    public String canonicalLock(String key, ClassFacts context) {
        // Asked for every lock of every access: answered once per class and name.
        return canonicalLocks.computeIfAbsent(context, k -> new HashMap<>())
                .computeIfAbsent(key, k -> declaringName(key, context));
    }

    private String declaringName(String key, ClassFacts context) {
        int dot = key.lastIndexOf('.');
        String member = dot < 0 ? key : key.substring(dot + 1);
        if (member.equals("this") || member.equals("class") || member.isEmpty()) {
            return key;
        }
        ClassFacts holder = context;
        if (dot > 0) {
            String holderName = key.substring(0, dot);
            holder = bySimpleName.getOrDefault(simpleName(holderName), List.of()).stream()
                    .filter(c -> c.shown().equals(holderName)).findFirst().orElse(null);
        }
        if (holder == null) {
            return key;
        }
        for (ClassFacts type : ancestry(holder)) {
            if (type.fields().stream().anyMatch(f -> f.name().equals(member))) {
                return type.shown() + "." + member;
            }
        }
        return key;
    }

    /** True when {@code ancestor} is {@code type} or one of the supertypes the project declares. */
    public boolean isOrExtends(ClassFacts type, String ancestorShown) {
        return ancestry(type).stream().anyMatch(c -> c.shown().equals(ancestorShown));
    }

    private boolean isSubclass(ClassFacts type, ClassFacts ancestor) {
        return ancestry(type).stream().anyMatch(c -> c == ancestor);
    }

    private static String simpleName(String name) {
        int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
        return name.substring(cut + 1);
    }
}
