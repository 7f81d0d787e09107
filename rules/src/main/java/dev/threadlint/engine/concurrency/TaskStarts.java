package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.engine.Answer;
import dev.threadlint.engine.Trees;
import dev.threadlint.engine.TypeQuestions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds where a file hands code to another thread: {@code new Thread(task).start()} and Thread subclasses
 * started, {@code Thread.ofVirtual().start(task)}, {@code Thread.startVirtualThread(task)}, executors'
 * {@code execute}/{@code submit}/{@code schedule*}/{@code invokeAll}, {@code CompletableFuture.*Async}, a
 * {@code Timer}'s {@code TimerTask}, and the lambdas of a parallel stream. The task must be visible in this file
 * (a lambda, a method reference, an anonymous or named class of this file); other hand-offs are not modelled.
 */
public final class TaskStarts {

    private static final Set<String> EXECUTOR_TYPES = Set.of(
            "Executor", "ExecutorService", "ScheduledExecutorService", "ThreadPoolExecutor",
            "ScheduledThreadPoolExecutor", "ForkJoinPool", "CompletionService", "ExecutorCompletionService");
    private static final Set<String> SUBMIT = Set.of("execute", "submit", "invokeAll", "invokeAny");
    private static final Set<String> SCHEDULE = Set.of("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");
    private static final Set<String> TASK_METHODS = Set.of("run", "call", "get", "compute", "apply", "accept");
    /** Common superclasses with a run() that are not threads: no need to ask the solver about their subclasses. */
    private static final Set<String> NOT_THREADS = Set.of(
            "Object", "TimerTask", "FutureTask", "ForkJoinTask", "RecursiveTask", "RecursiveAction",
            "CountedCompleter", "SwingWorker");

    private TaskStarts() {
    }

    public static List<TaskStart> find(CompilationUnit unit, TypeQuestions types) {
        List<TaskStart> starts = new ArrayList<>();
        // session.getScheduler() in two places is one executor: the first such call stands for every other.
        Map<String, Node> getters = new HashMap<>();
        unit.walk(node -> {
            if (node instanceof MethodCallExpr call) {
                fromCall(call, types).map(start -> start.sequentialOn()
                                .filter(on -> on instanceof MethodCallExpr)
                                .map(on -> new TaskStart(start.kind(), start.site(), start.bodies(), start.repeated(),
                                        start.owner(), start.instance(),
                                        Optional.of(getters.computeIfAbsent(on.toString(), k -> on))))
                                .orElse(start))
                        .ifPresent(starts::add);
            }
        });
        return starts;
    }

    private static Optional<TaskStart> fromCall(MethodCallExpr call, TypeQuestions types) {
        String name = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        if (name.equals("start") && call.getArguments().isEmpty() && scope.isPresent()) {
            return threadStarted(call, scope.get(), types);
        }
        if ((name.equals("start") || name.equals("startVirtualThread")) && call.getArguments().size() == 1
                && scope.isPresent() && isThreadBuilderOrThreadClass(scope.get())) {
            return task(TaskStart.Kind.THREAD, call, call.getArgument(0), false);
        }
        boolean handsOff = SUBMIT.contains(name) || SCHEDULE.contains(name) || name.endsWith("Async");
        // Only hand-off names are looked at further, and the task must be code this file shows: checking that
        // before the receiver's type spares the symbol solver most calls.
        if (!handsOff || scope.isEmpty() || call.getArguments().isEmpty()
                || taskBodies(call.getArgument(0)).isEmpty()) {
            return isParallelStreamStage(call) ? parallelStream(call) : Optional.empty();
        }
        if (SUBMIT.contains(name) && Scopes.enclosingCallable(call).filter(Confinement::checkedIn).isPresent()) {
            // if (loop.inEventLoop()) change(); else loop.execute(() -> change()): a hand-off to the thread that
            // owns the state, so that only it runs the change, not a second thread.
            return Optional.empty();
        }
        if ((SUBMIT.contains(name) || SCHEDULE.contains(name)) && isExecutor(scope.get(), types)) {
            // Tasks of a one-thread executor run one after another, like a periodic task's runs.
            Optional<Node> oneThread = singleThreaded(scope.get());
            boolean sequential = SCHEDULE.contains(name) || oneThread.isPresent();
            return task(TaskStart.Kind.EXECUTOR, call, call.getArgument(0), !sequential && !runsOnce(call))
                    .map(start -> new TaskStart(start.kind(), start.site(), start.bodies(), start.repeated(),
                            start.owner(), start.instance(), oneThread));
        }
        if (SCHEDULE.contains(name) && Scopes.declaredTypeName(scope.get()).filter("Timer"::equals).isPresent()) {
            return task(TaskStart.Kind.TIMER, call, call.getArgument(0), false);
        }
        boolean completableFuture = scope.get() instanceof NameExpr n && n.getNameAsString().equals("CompletableFuture");
        if (name.endsWith("Async") && (completableFuture
                || types.isSubtypeOf(scope.get(), "java.util.concurrent.CompletionStage") == Answer.YES)) {
            // thenApplyAsync(fn, executor): on an executor handed in, as for submit(), the stages may run one at a
            // time (an ordered scheduler's thread), and alongside that executor's other tasks only in turn.
            Expression last = call.getArgument(call.getArguments().size() - 1);
            Optional<Node> oneThread = call.getArguments().size() > 1 && taskBodies(last).isEmpty()
                    ? singleThreaded(last) : Optional.empty();
            // CompletableFuture.runAsync(task) starts a task on the common pool at each call, copies at once; a
            // later stage of one future runs once per completion of it, so copies only when started in a loop.
            return task(TaskStart.Kind.ASYNC, call, call.getArgument(0),
                    completableFuture && oneThread.isEmpty() && !runsOnce(call))
                    .map(start -> new TaskStart(start.kind(), start.site(), start.bodies(), start.repeated(),
                            start.owner(), start.instance(), oneThread));
        }
        return isParallelStreamStage(call) ? parallelStream(call) : Optional.empty();
    }

    /** Every lambda of a stage of a parallel stream runs on many threads at once. */
    private static Optional<TaskStart> parallelStream(MethodCallExpr call) {
        List<Node> bodies = new ArrayList<>();
        call.getArguments().forEach(argument -> bodies.addAll(taskBodies(argument)));
        if (bodies.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TaskStart(TaskStart.Kind.PARALLEL_STREAM, call, bodies, true,
                Scopes.enclosingCallable(call), Optional.empty(), Optional.empty()));
    }

    /** {@code x.start()} where x is a Thread created in this file with a visible task, or a subclass of it. */
    private static Optional<TaskStart> threadStarted(MethodCallExpr start, Expression receiver, TypeQuestions types) {
        Optional<ObjectCreationExpr> creation = creationOf(receiver);
        if (creation.isEmpty()) {
            return Optional.empty();
        }
        ObjectCreationExpr thread = creation.get();
        List<Node> bodies = new ArrayList<>();
        Optional<Node> instance = Optional.empty();
        if (thread.getType().getNameAsString().equals("Thread")) {
            if (thread.getAnonymousClassBody().isPresent()) {
                bodies.addAll(taskMethods(thread.getAnonymousClassBody().get()));
                instance = Optional.of(thread);
            } else {
                for (Expression argument : thread.getArguments()) {
                    bodies.addAll(taskBodies(argument));
                    instance = instance.or(() -> createdClass(argument));
                }
            }
        } else {
            Optional<ClassOrInterfaceDeclaration> subclass = classDeclaredHere(thread.getType(), thread)
                    .filter(c -> extendsThread(c, types));
            subclass.ifPresent(c -> bodies.addAll(taskMethods(c.getMembers())));
            instance = subclass.map(c -> c);
        }
        if (bodies.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TaskStart(TaskStart.Kind.THREAD, start, bodies, inLoop(start),
                Scopes.enclosingCallable(start), instance, Optional.empty()));
    }

    private static Optional<TaskStart> task(TaskStart.Kind kind, MethodCallExpr site, Expression task,
            boolean repeatedByCaller) {
        List<Node> bodies = taskBodies(task);
        if (bodies.isEmpty()) {
            return Optional.empty();
        }
        boolean repeated = repeatedByCaller || inLoop(site) || site.getNameAsString().equals("invokeAll");
        return Optional.of(new TaskStart(kind, site, bodies, repeated, Scopes.enclosingCallable(site),
                createdClass(task), Optional.empty()));
    }

    /**
     * The class of a task object created for this start: on the spot, or in a local variable declared in the same
     * loop iteration (an object made once and submitted many times is shared by its runs).
     */
    private static Optional<Node> createdClass(Expression task) {
        Expression created = task;
        if (task instanceof NameExpr name) {
            Optional<Node> loop = innermostLoop(task);
            created = Scopes.resolve(name.getNameAsString(), name)
                    .filter(d -> d instanceof Scopes.LocalDeclared local
                            && loop.map(l -> local.declaration().isDescendantOf(l)).orElse(true))
                    .flatMap(TaskStarts::initializer).orElse(null);
        }
        if (!(created instanceof ObjectCreationExpr creation)) {
            return Optional.empty();
        }
        if (creation.getAnonymousClassBody().isPresent()) {
            return Optional.of(creation);
        }
        return classDeclaredHere(creation.getType(), creation).map(c -> c);
    }

    /** The code a task expression stands for, when this file shows it. */
    static List<Node> taskBodies(Expression task) {
        if (task instanceof LambdaExpr lambda) {
            return List.of(lambda);
        }
        if (task instanceof MethodReferenceExpr reference && (reference.getScope() instanceof ThisExpr
                || reference.getScope().isTypeExpr() && Scopes.variableNamed(reference.getScope()).isEmpty())) {
            String method = reference.getIdentifier();
            return Scopes.enclosingClass(reference).map(owner -> Trees.all(owner, MethodDeclaration.class).stream()
                            .filter(m -> m.getNameAsString().equals(method) && m.getBody().isPresent()
                                    && Scopes.enclosingClass(m).orElse(null) == owner).toList())
                    .<List<Node>>map(ArrayList::new).orElse(List.of());
        }
        if (task instanceof MethodReferenceExpr reference) {
            // `results::add`: the task calls that method on that object; the reference itself is the task's code.
            return List.of(reference);
        }
        if (task instanceof ObjectCreationExpr creation) {
            if (creation.getAnonymousClassBody().isPresent()) {
                return taskMethods(creation.getAnonymousClassBody().get());
            }
            return classDeclaredHere(creation.getType(), creation).map(c -> taskMethods(c.getMembers()))
                    .orElse(List.of());
        }
        if (task instanceof ThisExpr thisExpr && thisExpr.getTypeName().isEmpty()) {
            return Scopes.enclosingClass(task).filter(c -> c instanceof TypeDeclaration<?>)
                    .map(c -> taskMethods(((TypeDeclaration<?>) c).getMembers())).orElse(List.of());
        }
        if (task instanceof NameExpr name) {
            return Scopes.resolve(name.getNameAsString(), name)
                    .flatMap(TaskStarts::initializer)
                    .map(TaskStarts::taskBodies)
                    .orElse(List.of());
        }
        return List.of();
    }

    private static Optional<Expression> initializer(Scopes.Declaration declaration) {
        if (declaration instanceof Scopes.LocalDeclared local && local.declaration() instanceof VariableDeclarator v) {
            return v.getInitializer();
        }
        if (declaration instanceof Scopes.FieldDeclared field) {
            return field.variable().getInitializer();
        }
        return Optional.empty();
    }

    private static List<Node> taskMethods(Iterable<? extends BodyDeclaration<?>> members) {
        List<Node> methods = new ArrayList<>();
        for (BodyDeclaration<?> member : members) {
            if (member instanceof MethodDeclaration method && method.getParameters().size() <= 1
                    && TASK_METHODS.contains(method.getNameAsString()) && method.getBody().isPresent()) {
                methods.add(method);
            }
        }
        return methods;
    }

    /** The {@code new X(...)} a receiver stands for: itself, or the initializer of the variable it names. */
    private static Optional<ObjectCreationExpr> creationOf(Expression receiver) {
        if (receiver instanceof ObjectCreationExpr creation) {
            return Optional.of(creation);
        }
        String name = receiver instanceof NameExpr n ? n.getNameAsString()
                : receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
        if (name == null) {
            return Optional.empty();
        }
        Optional<Scopes.Declaration> declaration = Scopes.resolve(name, receiver);
        Optional<Expression> value = declaration.flatMap(TaskStarts::initializer);
        if (value.isEmpty() && declaration.isPresent() && declaration.get() instanceof Scopes.FieldDeclared field) {
            // A field assigned once, typically in the constructor.
            List<com.github.javaparser.ast.expr.AssignExpr> assignments = field.owner().findAll(
                    com.github.javaparser.ast.expr.AssignExpr.class,
                    a -> a.getTarget().toString().equals(name) || a.getTarget().toString().equals("this." + name));
            if (assignments.size() == 1) {
                value = Optional.of(assignments.get(0).getValue());
            }
        }
        return value.filter(v -> v instanceof ObjectCreationExpr).map(v -> (ObjectCreationExpr) v);
    }

    private static Optional<ClassOrInterfaceDeclaration> classDeclaredHere(ClassOrInterfaceType type, Node from) {
        String wanted = type.getNameAsString();
        return from.findCompilationUnit().flatMap(unit -> unit.findFirst(ClassOrInterfaceDeclaration.class,
                c -> c.getNameAsString().equals(wanted) && !c.isInterface()));
    }

    /**
     * A class that extends Thread and has a run() of its own (without one it runs its constructor's Runnable, which
     * is modelled where that Runnable is). Resolution only for classes that pass the cheap checks.
     */
    static boolean extendsThread(ClassOrInterfaceDeclaration declaration, TypeQuestions types) {
        if (declaration.isInterface() || declaration.getExtendedTypes().isEmpty()
                || declaration.getMethodsBySignature("run").isEmpty()
                || NOT_THREADS.contains(declaration.getExtendedTypes(0).getNameAsString())) {
            return false;
        }
        if (declaration.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().equals("Thread"))) {
            return true;
        }
        return types.declaresSubtypeOf(declaration, "java.lang.Thread") == Answer.YES;
    }

    private static boolean isThreadBuilderOrThreadClass(Expression scope) {
        String text = scope.toString();
        return text.equals("Thread") || text.startsWith("Thread.ofVirtual()") || text.startsWith("Thread.ofPlatform()");
    }

    private static final Set<String> SINGLE_THREAD_FACTORIES = Set.of(
            "newSingleThreadExecutor", "newSingleThreadScheduledExecutor");

    /**
     * The receiver variable's declaration, when every value it is given is an executor with one thread at most.
     */
    private static Optional<Node> singleThreaded(Expression receiver) {
        if (receiver instanceof MethodCallExpr getter && getter.getArguments().isEmpty()) {
            // connection.getExecutor().execute(...): an executor from elsewhere, like one handed in, may run its
            // tasks in turn (an ordered executor per connection); the call site stands for it.
            return Optional.of(receiver);
        }
        String name = variableName(receiver);
        if (name == null) {
            return Optional.empty();
        }
        Optional<Scopes.Declaration> declaration = Scopes.resolve(name, receiver);
        if (declaration.isEmpty()) {
            // A field inherited from a class in another file: made there, so handed in as far as this file sees.
            // The outermost class stands for it, the one node every start of this file through it shares.
            return Character.isLowerCase(name.charAt(0)) ? Optional.of(Scopes.outermostType(receiver))
                    : Optional.empty();
        }
        // Once per variable: the values it is given are searched for in its whole class, and a file may hand
        // thousands of tasks to one executor.
        Node variable = declarationNode(declaration.get());
        boolean sequential = Trees.kept(variable, MAYBE_SEQUENTIAL, () -> {
            List<Expression> values = valuesGiven(declaration.get(), name, receiver);
            // An executor handed in from elsewhere (a parameter, a field set from one) may well run its tasks one
            // at a time (a serializing executor, an event loop): the file cannot tell, and precision comes first.
            return values.stream().noneMatch(TaskStarts::isVisibleCreation)
                    || values.stream().allMatch(TaskStarts::isOneThreadExecutor);
        });
        return sequential ? Optional.of(variable) : Optional.empty();
    }

    private static final DataKey<Boolean> MAYBE_SEQUENTIAL = new DataKey<>() {
    };

    /** {@code executor} or {@code this.executor}: the variable named, or null for any other expression. */
    static String variableName(Expression use) {
        return use instanceof NameExpr n ? n.getNameAsString()
                : use instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
    }

    /** The node that stands for a variable: a field's declarator, a local's declaration. */
    private static Node declarationNode(Scopes.Declaration declaration) {
        return declaration instanceof Scopes.FieldDeclared field ? field.variable()
                : ((Scopes.LocalDeclared) declaration).declaration();
    }

    /** {@code new ThreadPoolExecutor(...)}, {@code Executors.newFixedThreadPool(4)}: an executor made here. */
    private static boolean isVisibleCreation(Expression value) {
        return value instanceof ObjectCreationExpr
                || value instanceof MethodCallExpr call && (call.getNameAsString().startsWith("new")
                || call.getNameAsString().equals("commonPool"));
    }

    /** Executors that run their tasks one at a time, in order, whatever pool is under them. */
    private static final java.util.regex.Pattern ONE_AT_A_TIME =
            java.util.regex.Pattern.compile("(Serializing|Serial|Sequential|Ordered|SingleThread)\\w*Executor\\w*");

    /**
     * The executor's variable, when every value it is given is an executor of one thread made where the file shows
     * it ({@code Executors.newSingleThreadExecutor()}, an ordered scheduler's {@code chooseThread(key)}): the tasks
     * handed to it run one at a time, on its thread. Unlike a hand-off to an executor handed in, this is known.
     */
    public static Optional<Node> knownOneThread(Expression executor) {
        String name = variableName(executor);
        Optional<Scopes.Declaration> declaration = name == null ? Optional.empty() : Scopes.resolve(name, executor);
        if (declaration.isEmpty()) {
            return Optional.empty();
        }
        // Once per variable: the values it is given are searched for in its whole class, and a file may hand
        // thousands of tasks to one executor.
        Node variable = declarationNode(declaration.get());
        boolean oneThread = Trees.kept(variable, ONE_THREAD, () -> {
            List<Expression> values = valuesGiven(declaration.get(), name, executor);
            return !values.isEmpty() && values.stream().allMatch(TaskStarts::isOneThreadExecutor);
        });
        return oneThread ? Optional.of(variable) : Optional.empty();
    }

    private static final DataKey<Boolean> ONE_THREAD = new DataKey<>() {
    };

    /** Every value the variable is given: its initializer and the assignments to it in its scope. */
    private static List<Expression> valuesGiven(Scopes.Declaration declaration, String name, Expression use) {
        List<Expression> values = new ArrayList<>();
        initializer(declaration).ifPresent(values::add);
        Node scope = declaration instanceof Scopes.FieldDeclared field ? field.owner()
                : Scopes.enclosingCallable(use).orElse(use);
        scope.findAll(com.github.javaparser.ast.expr.AssignExpr.class,
                        a -> a.getTarget().toString().equals(name) || a.getTarget().toString().equals("this." + name))
                .forEach(a -> values.add(a.getValue()));
        return values;
    }

    /** Calls that pick one thread of a pool to run everything for a key: an ordered scheduler, an event loop. */
    private static final Set<String> ONE_THREAD_PICKERS = Set.of("chooseThread", "chooseExecutor", "getEventLoop",
            "eventLoop");

    private static boolean isOneThreadExecutor(Expression value) {
        if (value instanceof MethodCallExpr call) {
            return SINGLE_THREAD_FACTORIES.contains(call.getNameAsString())
                    || ONE_THREAD_PICKERS.contains(call.getNameAsString())
                    || call.getNameAsString().equals("newFixedThreadPool") && !call.getArguments().isEmpty()
                    && intConstant(call.getArgument(0)).filter(n -> n == 1).isPresent();
        }
        if (value instanceof ObjectCreationExpr creation) {
            String type = creation.getType().getNameAsString();
            if (ONE_AT_A_TIME.matcher(type).matches()) {
                return true;
            }
            if (type.equals("ScheduledThreadPoolExecutor")) {
                // Its queue is unbounded: it never grows past its core size.
                return !creation.getArguments().isEmpty()
                        && intConstant(creation.getArgument(0)).filter(n -> n == 1).isPresent();
            }
            return type.equals("ThreadPoolExecutor") && creation.getArguments().size() >= 5
                    && (intConstant(creation.getArgument(1)).filter(n -> n == 1).isPresent()
                    || intConstant(creation.getArgument(0)).filter(n -> n == 1).isPresent()
                    && isUnboundedQueue(creation.getArgument(4)));
        }
        return false;
    }

    /**
     * A pool grows past its core size only when its queue is full, so a pool of one core thread over a queue
     * without a bound runs its tasks one at a time whatever its maximum says (seata's configuration executor: core
     * 1, maximum 2, a plain {@code LinkedBlockingQueue}).
     */
    private static boolean isUnboundedQueue(Expression queue) {
        if (!(queue instanceof ObjectCreationExpr creation)) {
            return false;
        }
        String type = creation.getType().getNameAsString();
        return type.equals("DelayQueue") || creation.getArguments().isEmpty() && UNBOUNDED_BY_DEFAULT.contains(type);
    }

    /** Queues without a bound when made without a capacity. */
    private static final Set<String> UNBOUNDED_BY_DEFAULT = Set.of("LinkedBlockingQueue", "LinkedBlockingDeque",
            "LinkedTransferQueue", "PriorityBlockingQueue");

    /** An int literal, or a static final field of the file initialised with one: {@code THREAD_POOL_NUM = 1}. */
    private static Optional<Integer> intConstant(Expression expression) {
        if (expression instanceof IntegerLiteralExpr literal) {
            return literal.asNumber() instanceof Integer value ? Optional.of(value) : Optional.empty();
        }
        if (expression instanceof NameExpr name) {
            return Scopes.resolve(name.getNameAsString(), name)
                    .filter(d -> d instanceof Scopes.FieldDeclared field && field.field().isFinal())
                    .flatMap(d -> ((Scopes.FieldDeclared) d).variable().getInitializer())
                    .filter(init -> init instanceof IntegerLiteralExpr)
                    .flatMap(TaskStarts::intConstant);
        }
        return Optional.empty();
    }

    /** An executor by its declared type (cheap, and independent of the classpath), else by the symbol solver. */
    private static boolean isExecutor(Expression receiver, TypeQuestions types) {
        Optional<String> declared = Scopes.declaredTypeName(receiver);
        if (declared.isPresent()) {
            return EXECUTOR_TYPES.contains(declared.get());
        }
        if (receiver instanceof MethodCallExpr call && call.getScope().map(Object::toString)
                .filter(s -> s.equals("Executors") || s.equals("ForkJoinPool")).isPresent()) {
            return true;
        }
        return types.isSubtypeOf(receiver, "java.util.concurrent.Executor") == Answer.YES;
    }

    /** A stage of a stream made parallel earlier in the same chain: its lambdas run on many threads at once. */
    private static boolean isParallelStreamStage(MethodCallExpr call) {
        if (call.getArguments().isEmpty()) {
            return false;
        }
        for (Optional<Expression> link = call.getScope(); link.isPresent() && link.get() instanceof MethodCallExpr m;
                link = m.getScope()) {
            String name = m.getNameAsString();
            if (name.equals("parallelStream") || name.equals("parallel")) {
                return true;
            }
            if (name.equals("sequential")) {
                return false;
            }
        }
        return false;
    }

    /** The innermost loop around {@code node} in its own method: a loop statement or a lambda given to forEach. */
    /**
     * True for a task scheduled to run after a delay ({@code schedule(task, 2, SECONDS)}, a timer's
     * {@code newTimeout}): the code right after the call runs long before it, so the two are not paired.
     */
    public static boolean delayed(TaskStart start) {
        if (!(start.site() instanceof MethodCallExpr call) || call.getArguments().size() < 2
                || !DELAYING.contains(call.getNameAsString())) {
            return false;
        }
        com.github.javaparser.ast.expr.Expression delay = call.getArgument(1);
        return !(delay instanceof IntegerLiteralExpr literal
                && literal.asNumber().longValue() == 0
                || delay instanceof com.github.javaparser.ast.expr.LongLiteralExpr longLiteral
                && longLiteral.asNumber().longValue() == 0);
    }

    private static final Set<String> DELAYING = Set.of("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay",
            "newTimeout");

    static Optional<Node> innermostLoop(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof ForStmt || candidate instanceof ForEachStmt || candidate instanceof WhileStmt
                    || candidate instanceof DoStmt
                    || candidate instanceof LambdaExpr && candidate.getParentNode()
                    .filter(p -> p instanceof MethodCallExpr m && m.getNameAsString().equals("forEach")).isPresent()) {
                return parent;
            }
            if (candidate instanceof BodyDeclaration<?>) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static final Set<String> EXCLUSIVE_WINS = Set.of("compareAndSet", "weakCompareAndSet",
            "compareAndExchange", "tryAcquire", "tryLock");

    /**
     * Handed off inside {@code if (state.compareAndSet(IDLE, SCHEDULED))}: only the thread that wins the update
     * starts the task, and the task clears the state when done, so one copy runs at a time.
     */
    static boolean wonByCompareAndSet(Node node) {
        Node child = node;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                child = parent.get(), parent = parent.get().getParentNode()) {
            if (parent.get() instanceof IfStmt ifStmt && child == ifStmt.getThenStmt()) {
                if (ifStmt.getCondition().findFirst(MethodCallExpr.class,
                        c -> EXCLUSIVE_WINS.contains(c.getNameAsString())).isPresent()
                        || latchSet(ifStmt).filter(set -> Waits.before(set, node)).isPresent()) {
                    return true;
                }
            }
            if (parent.get() instanceof BlockStmt block
                    && Trees.kept(block, LOST_UPDATE_EXIT, () -> lostUpdateExit(block)) < Trees.positionIn(block, child)) {
                return true;
            }
            if (parent.get() instanceof com.github.javaparser.ast.body.CallableDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    private static final DataKey<Integer> LOST_UPDATE_EXIT = new DataKey<>() {
    };

    /**
     * The position in the block of the first {@code if (!IN_PROGRESS.compareAndSet(false, true)) { throw ...; }}, or
     * the block's size: past it, only the thread that won the update goes on. Found once per block, since every
     * start in a long generated block asks.
     */
    private static int lostUpdateExit(BlockStmt block) {
        for (int i = 0; i < block.getStatements().size(); i++) {
            if (block.getStatement(i) instanceof IfStmt guard && guard.getElseStmt().isEmpty()
                    && Trees.leavesMethod(guard.getThenStmt()) && guard.getCondition() instanceof UnaryExpr not
                    && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT
                    && not.getExpression() instanceof MethodCallExpr call
                    && EXCLUSIVE_WINS.contains(call.getNameAsString())) {
                return i;
            }
        }
        return block.getStatements().size();
    }

    private static final DataKey<Optional<AssignExpr>> LATCH_SET = new DataKey<>() {
    };

    /**
     * {@code if (!started) { started = true; executor.submit(...); }}: the assignment of a latch the object sets
     * before its one hand-off, so each object hands the task on once. Found once per if statement.
     */
    private static Optional<AssignExpr> latchSet(IfStmt ifStmt) {
        return Trees.kept(ifStmt, LATCH_SET, () -> {
            if (!(ifStmt.getCondition() instanceof UnaryExpr not)
                    || not.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT
                    || !(not.getExpression() instanceof NameExpr || not.getExpression() instanceof FieldAccessExpr)) {
                return Optional.empty();
            }
            String flag = not.getExpression() instanceof NameExpr name ? name.getNameAsString()
                    : ((FieldAccessExpr) not.getExpression()).getNameAsString();
            return ifStmt.getThenStmt().findFirst(AssignExpr.class, assign -> assign.getValue()
                    instanceof BooleanLiteralExpr b && b.getValue()
                    && (assign.getTarget() instanceof NameExpr n && n.getNameAsString().equals(flag)
                    || assign.getTarget() instanceof FieldAccessExpr f && f.getNameAsString().equals(flag)));
        });
    }

    /** Inside a loop of its own method: it runs many times. */
    static boolean inLoop(Node node) {
        return innermostLoop(node).isPresent();
    }

    private static final java.util.regex.Pattern LIFECYCLE = java.util.regex.Pattern.compile(
            "(start|init|open|connect|activate|launch|setup|setUp|trigger|begin|boot|main)([A-Z].*)?");

    /**
     * A task handed off from a constructor, or from a method whose name says it runs once in an object's life
     * (start, init, open, ...), is taken to run once; from any other method, once per call, so possibly many times
     * at once.
     */
    /** A method whose name says it runs once in an object's life: start, init, open, connect, ... */
    static boolean runsOnceInLife(MethodDeclaration method) {
        return LIFECYCLE.matcher(method.getNameAsString()).matches();
    }

    private static boolean runsOnce(Node node) {
        if (node instanceof MethodCallExpr call && call.getArguments().size() == 1
                && call.getArgument(0) instanceof com.github.javaparser.ast.expr.ThisExpr) {
            // execute(this): the object hands its own work on, a continuation of the code doing so, not a copy.
            return true;
        }
        if (wonByCompareAndSet(node)) {
            return true;
        }
        Optional<Node> callable = Scopes.enclosingCallable(node);
        return callable.filter(c -> c instanceof ConstructorDeclaration
                || c instanceof MethodDeclaration method && LIFECYCLE.matcher(method.getNameAsString()).matches())
                .isPresent();
    }
}
