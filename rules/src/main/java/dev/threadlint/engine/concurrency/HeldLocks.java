package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.engine.Trees;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The locks held at a place, from the code around it: {@code synchronized} blocks and methods, and
 * {@code lock()} ... {@code unlock()} regions of {@link java.util.concurrent.locks.Lock}s (read and write sides of
 * a {@code ReadWriteLock} apart). Order-sensitive: a block's statements are scanned in order, since a lock is
 * held only after {@code lock()} and until {@code unlock()}.
 */
public final class HeldLocks {

    private static final Set<String> ACQUIRE = Set.of("lock", "lockInterruptibly");

    private HeldLocks() {
    }

    /**
     * Locks held at {@code node}, looking outward until the enclosing method, or a lambda that runs elsewhere
     * ({@code runsElsewhere}): code in a task runs later, on another thread, without the locks around its creation.
     */
    public static Set<LockName> at(Node node, Predicate<Node> runsElsewhere) {
        Set<LockName> held = new LinkedHashSet<>();
        // lock() and unlock() calls before the node, one list per enclosing block, innermost first: replayed
        // outermost first at the end, since an inner finally may release what an outer statement took.
        List<List<LockEvent>> levels = new ArrayList<>();
        Node child = node;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node scope = parent.get();
            if (scope instanceof SynchronizedStmt sync && sync.getBody() == child) {
                held.add(monitor(sync.getExpression()));
            } else if (scope instanceof BlockStmt block) {
                levels.add(eventsBefore(block, child));
            } else if (scope instanceof IfStmt ifStmt && ifStmt.getThenStmt() == child) {
                tryLocked(ifStmt.getCondition()).ifPresent(held::add);
            } else if (scope instanceof TryStmt tryStmt && tryStmt.getTryBlock() == child) {
                // try (AutoLock held = lock.lock()) { ... }: the resource's close() releases what its creation took.
                for (Expression resource : tryStmt.getResources()) {
                    wrappedLock(resource).ifPresent(held::add);
                }
            } else if (scope instanceof MethodDeclaration method) {
                if (method.hasModifier(Modifier.Keyword.SYNCHRONIZED)) {
                    held.add(method.isStatic()
                            ? new LockName(ownerName(method) + ".class", false)
                            : new LockName(ownerName(method) + ".this", false));
                }
                if (!method.getAnnotations().isEmpty()) {
                    SharedState.methodGuard(method).ifPresent(held::add);
                }
                // A method of an anonymous class that is no task (a callback run in place, like a lambda given to
                // forEach) runs under the locks around its creation: keep looking outward.
                if (!(method.getParentNode().orElse(null) instanceof ObjectCreationExpr) || runsElsewhere.test(method)) {
                    return withLockCalls(held, levels);
                }
            } else if (scope instanceof ConstructorDeclaration || scope instanceof InitializerDeclaration
                    || scope instanceof TypeDeclaration<?>
                    || scope instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()
                    && creation.getAnonymousClassBody().get().contains(child) && !(child instanceof MethodDeclaration)
                    || scope instanceof LambdaExpr && runsElsewhere.test(scope)) {
                return withLockCalls(held, levels);
            }
        }
        return withLockCalls(held, levels);
    }

    private static final DataKey<LockName> MONITOR = new DataKey<>() {
    };

    /**
     * The name of the monitor that {@code synchronized (expression)} takes. Kept on the expression: the locks held
     * are asked for at every access under a {@code synchronized} block, and resolving its monitor each time costs
     * the nesting depth again.
     */
    public static LockName monitor(Expression expression) {
        return Trees.kept(expression, MONITOR, () -> resolveMonitor(expression));
    }

    private static LockName resolveMonitor(Expression expression) {
        if (expression instanceof NameExpr name) {
            // `Object guard = this.stateLock; synchronized (guard)`: the monitor is the field's.
            Optional<Expression> alias = Scopes.resolve(name.getNameAsString(), name)
                    .filter(d -> d instanceof Scopes.LocalDeclared local && local.declaration() instanceof VariableDeclarator)
                    .flatMap(d -> ((VariableDeclarator) ((Scopes.LocalDeclared) d).declaration()).getInitializer())
                    .filter(init -> init instanceof NameExpr || init instanceof FieldAccessExpr);
            if (alias.isPresent()) {
                return monitor(alias.get());
            }
        }
        return new LockName(lockKey(expression), false);
    }

    /** A lock() (taken) or unlock() (not taken) call. */
    private record LockEvent(LockName lock, boolean taken) {
    }

    private static Set<LockName> withLockCalls(Set<LockName> monitors, List<List<LockEvent>> levels) {
        Set<LockName> locks = new LinkedHashSet<>();
        for (int level = levels.size() - 1; level >= 0; level--) {
            for (LockEvent event : levels.get(level)) {
                if (event.taken()) {
                    locks.add(event.lock());
                } else {
                    locks.remove(event.lock());
                }
            }
        }
        Set<LockName> held = new LinkedHashSet<>(monitors);
        held.addAll(locks);
        return held;
    }

    /**
     * The lock() and unlock() calls of the statements of {@code block} before {@code child}, in order, counting the
     * unlock() in the finally block of an earlier try statement: {@code lock(); try { } finally { unlock(); }}.
     */
    private static List<LockEvent> eventsBefore(BlockStmt block, Node child) {
        BlockEvents index = Trees.kept(block, BLOCK_EVENTS, () -> blockEvents(block));
        int at = Trees.positionIn(block, child);
        return index.events().subList(0, index.before()[at < 0 ? index.before().length - 1 : at]);
    }

    /**
     * A block's lock events, and for each statement how many of them come before it: found once per block, since
     * the locks held are asked for at every access and call, and a long generated method would otherwise be
     * scanned from its top for each of them.
     *
     * @param before {@code before[i]}: the number of events before statement {@code i}; the last entry counts all
     */
    private record BlockEvents(List<LockEvent> events, int[] before) {
    }

    private static final DataKey<BlockEvents> BLOCK_EVENTS = new DataKey<>() {
    };

    private static BlockEvents blockEvents(BlockStmt block) {
        List<Statement> statements = block.getStatements();
        List<LockEvent> events = new ArrayList<>();
        int[] before = new int[statements.size() + 1];
        for (int i = 0; i < statements.size(); i++) {
            before[i] = events.size();
            statementEvents(statements.get(i), events);
        }
        before[statements.size()] = events.size();
        return new BlockEvents(events, before);
    }

    private static void statementEvents(Statement statement, List<LockEvent> events) {
        if (statement instanceof ExpressionStmt expression) {
            lockCall(expression.getExpression()).ifPresent(events::add);
        } else if (statement instanceof IfStmt guard && guard.getElseStmt().isEmpty()
                && Trees.leavesMethod(guard.getThenStmt())) {
            // if (!lock.tryLock()) return; ... : past the guard, the lock is held.
            if (guard.getCondition() instanceof UnaryExpr not && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
                tryLocked(not.getExpression()).ifPresent(lock -> events.add(new LockEvent(lock, true)));
            }
        } else if (statement instanceof TryStmt tryStmt) {
            acquiredInTry(tryStmt).ifPresent(events::add);
            if (tryStmt.getFinallyBlock().isPresent()) {
                for (ExpressionStmt release : tryStmt.getFinallyBlock().get().findAll(ExpressionStmt.class)) {
                    lockCall(release.getExpression()).filter(event -> !event.taken()).ifPresent(events::add);
                }
            }
        }
    }

    /**
     * {@code try { lock.lockInterruptibly(); } catch (InterruptedException e) { throw ...; }}: past the statement the
     * lock is held, since every catch leaves the method (a connection pool's usual way to take its lock).
     */
    private static Optional<LockEvent> acquiredInTry(TryStmt tryStmt) {
        List<Statement> body = tryStmt.getTryBlock().getStatements();
        if (body.size() != 1 || !(body.get(0) instanceof ExpressionStmt only) || tryStmt.getFinallyBlock().isPresent()
                || tryStmt.getCatchClauses().isEmpty()
                || !tryStmt.getCatchClauses().stream().allMatch(c -> Trees.leavesMethod(c.getBody()))) {
            return Optional.empty();
        }
        return lockCall(only.getExpression()).filter(LockEvent::taken);
    }

    private static final Set<String> STAMPED_ACQUIRE = Set.of("writeLock", "readLock", "writeLockInterruptibly",
            "readLockInterruptibly", "tryOptimisticRead");
    private static final Set<String> STAMPED_RELEASE = Set.of("unlockWrite", "unlockRead", "unlock");

    /**
     * A call that takes or releases a lock, as a statement of its own or as the initializer of a local:
     * {@code lock.lock()}, {@code lock.unlock()}, {@code long stamp = sl.writeLock()}, {@code sl.unlockWrite(stamp)},
     * and {@code acquire()}/{@code release()} of a {@code Semaphore} made with one permit, a mutex.
     */
    private static Optional<LockEvent> lockCall(Expression expression) {
        if (expression instanceof VariableDeclarationExpr declaration && declaration.getVariables().size() == 1) {
            return declaration.getVariable(0).getInitializer().flatMap(HeldLocks::stampTaken);
        }
        if (expression instanceof AssignExpr assign) {
            return stampTaken(assign.getValue());
        }
        if (!(expression instanceof MethodCallExpr call) || call.getScope().isEmpty()) {
            return Optional.empty();
        }
        String name = call.getNameAsString();
        Expression receiver = call.getScope().get();
        if (call.getArguments().isEmpty() && (ACQUIRE.contains(name) || name.equals("unlock")) && mayBeLock(receiver)) {
            return Optional.of(new LockEvent(lockObject(receiver), !name.equals("unlock")));
        }
        if (call.getArguments().size() == 1 && STAMPED_RELEASE.contains(name) && isStampedLock(receiver)) {
            return Optional.of(new LockEvent(lockObject(receiver), false));
        }
        if (call.getArguments().isEmpty() && (name.equals("acquire") || name.equals("acquireUninterruptibly")
                || name.equals("release")) && isMutexSemaphore(receiver)) {
            return Optional.of(new LockEvent(lockObject(receiver), !name.equals("release")));
        }
        return stampTaken(call);
    }

    /** {@code sl.writeLock()} on a StampedLock: the write side; its read sides (an optimistic read too) are shared. */
    private static Optional<LockEvent> stampTaken(Expression value) {
        if (value instanceof MethodCallExpr call && call.getArguments().isEmpty() && call.getScope().isPresent()
                && STAMPED_ACQUIRE.contains(call.getNameAsString()) && isStampedLock(call.getScope().get())) {
            boolean write = call.getNameAsString().startsWith("write");
            return Optional.of(new LockEvent(new LockName(lockKey(call.getScope().get()), !write), true));
        }
        return Optional.empty();
    }

    private static boolean isStampedLock(Expression receiver) {
        return Scopes.declaredTypeName(receiver).filter(type -> type.equals("StampedLock")).isPresent();
    }

    /** A Semaphore whose visible initializer gives it one permit: used as a mutex. */
    private static boolean isMutexSemaphore(Expression receiver) {
        return Scopes.referencedBy(receiver)
                .filter(d -> Scopes.declaredClass(d).filter(t -> t.getNameAsString().equals("Semaphore")).isPresent())
                .map(Scopes::declaringNode)
                .filter(d -> d instanceof VariableDeclarator variable && variable.getInitializer()
                        .filter(init -> init instanceof ObjectCreationExpr creation && !creation.getArguments().isEmpty()
                                && creation.getArguments().get(0).toString().equals("1")).isPresent())
                .isPresent();
    }

    /**
     * The lock a try-with-resources resource holds until its close(): a resource made by a call on a lock
     * ({@code try (AutoLock l = lock.lock())}, {@code try (var held = mutex.acquire())}) or by a lock-named class
     * wrapping one ({@code try (LockHolder h = new LockHolder(lock))}).
     */
    public static Optional<LockName> wrappedLock(Expression resource) {
        Expression value = resource;
        if (resource instanceof VariableDeclarationExpr declaration && declaration.getVariables().size() == 1) {
            Optional<Expression> initializer = declaration.getVariable(0).getInitializer();
            if (initializer.isEmpty()) {
                return Optional.empty();
            }
            value = initializer.get();
        }
        if (value instanceof MethodCallExpr call && call.getScope().isPresent()
                && WRAPPER_ACQUIRE.contains(call.getNameAsString()) && isLockLike(call.getScope().get())) {
            Expression receiver = call.getScope().get();
            boolean shared = call.getNameAsString().toLowerCase(java.util.Locale.ROOT).contains("read");
            LockName lock = lockObject(receiver);
            return Optional.of(shared ? new LockName(lock.key(), true) : lock);
        }
        if (value instanceof ObjectCreationExpr creation && creation.getArguments().size() == 1
                && creation.getType().getNameAsString().contains("Lock") && isLockLike(creation.getArgument(0))) {
            return Optional.of(lockObject(creation.getArgument(0)));
        }
        return Optional.empty();
    }

    private static final Set<String> WRAPPER_ACQUIRE = Set.of("lock", "lockInterruptibly", "acquire", "readLock",
            "writeLock", "lockRead", "lockWrite", "acquireRead", "acquireWrite", "tryLock", "open", "hold", "enter");

    /** Declared as a lock (a class named ...Lock or ...Mutex), or undeclared here and named as one. */
    private static boolean isLockLike(Expression receiver) {
        Optional<String> declared = Scopes.declaredTypeName(receiver);
        if (declared.isPresent()) {
            return declared.get().endsWith("Lock") || declared.get().endsWith("Mutex");
        }
        String text = receiver.toString().toLowerCase(java.util.Locale.ROOT);
        return text.contains("lock") || text.contains("mutex");
    }

    /**
     * A receiver declared with a class whose name does not end in {@code Lock} ({@code LockFile lockFile}, a
     * file lock between processes) is not a thread lock; undeclared ones ({@code rw.readLock()}, {@code var})
     * may be.
     */
    static boolean mayBeLock(Expression receiver) {
        return Scopes.declaredTypeName(receiver).map(type -> type.endsWith("Lock"))
                .orElse(true);
    }

    /** {@code if (lock.tryLock(...))}: the then-branch holds the lock. */
    private static Optional<LockName> tryLocked(Expression condition) {
        if (condition instanceof NameExpr name) {
            // boolean locked = lock.tryLock(); if (locked) { ... }, or the local set on each branch before the if
            Optional<VariableDeclarator> local = Scopes.resolve(name.getNameAsString(), name)
                    .filter(d -> d instanceof Scopes.LocalDeclared)
                    .map(Scopes::declaringNode)
                    .filter(d -> d instanceof VariableDeclarator)
                    .map(d -> (VariableDeclarator) d);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            List<Expression> values = new ArrayList<>();
            // boolean locked = false; try { locked = lock.tryLock(); if (locked) ... }: false says nothing held yet.
            local.get().getInitializer().filter(init -> !(init instanceof BooleanLiteralExpr literal
                    && !literal.getValue())).ifPresent(values::add);
            if (!values.isEmpty() || !local.get().getType().asString().equals("boolean")) {
                return values.stream().filter(value -> value instanceof MethodCallExpr)
                        .map(HeldLocks::tryLocked).flatMap(Optional::stream).findFirst();
            }
            // Declared without a value, set on each branch: the one search of the method, for this rare shape only.
            Scopes.enclosingCallable(condition).ifPresent(callable -> callable.walk(AssignExpr.class, assign -> {
                if (assign.getTarget() instanceof NameExpr target
                        && target.getNameAsString().equals(name.getNameAsString())) {
                    values.add(assign.getValue());
                }
            }));
            // Only the calls themselves: a value that names variables again (locked = locked && ...) could loop.
            return values.stream().filter(value -> value instanceof MethodCallExpr)
                    .map(HeldLocks::tryLocked).flatMap(Optional::stream).findFirst();
        }
        if (condition instanceof com.github.javaparser.ast.expr.EnclosedExpr enclosed) {
            return tryLocked(enclosed.getInner());
        }
        if (condition instanceof com.github.javaparser.ast.expr.BinaryExpr both
                && both.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.AND) {
            return tryLocked(both.getLeft()).or(() -> tryLocked(both.getRight()));
        }
        if (condition instanceof MethodCallExpr call && call.getNameAsString().equals("tryLock")
                && call.getScope().isPresent()) {
            return Optional.of(lockObject(call.getScope().get()));
        }
        return Optional.empty();
    }

    /** A Lock object: {@code lock}, {@code this.lock}, {@code rw.readLock()}, {@code rw.writeLock()}. */
    static LockName lockObject(Expression expression) {
        if (expression instanceof NameExpr name) {
            // A field holding one side of a read-write lock (`readLock = rw.readLock()`), or a local holding a lock
            // kept elsewhere (`Lock l = this.lock`): the lock is the one the initializer names.
            Optional<Expression> source = Scopes.resolve(name.getNameAsString(), name)
                    .flatMap(d -> d instanceof Scopes.FieldDeclared field ? field.variable().getInitializer()
                            .filter(init -> init instanceof MethodCallExpr call
                                    && (call.getNameAsString().equals("readLock")
                                    || call.getNameAsString().equals("writeLock")))
                            : ((Scopes.LocalDeclared) d).declaration() instanceof VariableDeclarator local
                            ? local.getInitializer().filter(init -> !(init instanceof ObjectCreationExpr))
                            : Optional.empty());
            if (source.isPresent()) {
                return lockObject(source.get());
            }
        }
        if (expression instanceof MethodCallExpr call && call.getArguments().isEmpty() && call.getScope().isPresent()) {
            String side = call.getNameAsString();
            if (side.equals("readLock") || side.equals("writeLock")) {
                return new LockName(lockKey(call.getScope().get()), side.equals("readLock"));
            }
        }
        return new LockName(lockKey(expression), false);
    }

    /** A stable name: fields by declaring class, {@code this} by class, class literals as written. */
    static String lockKey(Expression expression) {
        if (expression instanceof ThisExpr thisExpr) {
            if (thisExpr.getTypeName().isPresent()) {
                // Outer.this: the enclosing class of that name, named as its own synchronized methods name it (with
                // its outer classes: FlowableBufferTimed.BufferSkipBoundedSubscriber.this).
                String outer = thisExpr.getTypeName().get().getIdentifier();
                for (Optional<Node> owner = Scopes.enclosingClass(expression); owner.isPresent();
                        owner = Scopes.enclosingClass(owner.get())) {
                    if (owner.get() instanceof TypeDeclaration<?> type && type.getNameAsString().equals(outer)) {
                        return Scopes.className(type) + ".this";
                    }
                }
                return thisExpr.getTypeName().get() + ".this";
            }
            return Scopes.enclosingClass(expression).map(Scopes::className).orElse("?") + ".this";
        }
        if (expression instanceof ClassExpr classExpr) {
            return classExpr.getType().asString() + ".class";
        }
        if (expression instanceof NameExpr name) {
            Optional<Scopes.Declaration> declaration = Scopes.resolve(name.getNameAsString(), name);
            if (declaration.isPresent() && declaration.get() instanceof Scopes.FieldDeclared field) {
                return Scopes.className(field.owner()) + "." + name.getNameAsString();
            }
            // A parameter or local of a class type: the monitor of some instance of that class, the same family
            // as that class's synchronized methods. Lock objects and plain Objects have no such family.
            return declaration.flatMap(Scopes::declaredClass).map(ClassOrInterfaceType::getNameWithScope)
                    .filter(type -> !NOT_MONITOR_FAMILIES.contains(type))
                    .map(type -> type + ".this")
                    .orElse(name.getNameAsString());
        }
        if (expression instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr self) {
            // Outer.this.lock is the outer instance's field, not one of the inner class.
            Optional<Node> owner = Scopes.enclosingClass(expression);
            if (self.getTypeName().isPresent()) {
                String outer = self.getTypeName().get().getIdentifier();
                while (owner.isPresent() && !(owner.get() instanceof TypeDeclaration<?> type
                        && type.getNameAsString().equals(outer))) {
                    owner = Scopes.enclosingClass(owner.get());
                }
            }
            if (self.getTypeName().isEmpty() && owner.isPresent()
                    && AccessKinds.fieldOf(owner.get(), access.getNameAsString()).isEmpty()) {
                // this.lock of a field the class inherits: named as the bare `lock` is, which the project phase
                // looks up in the superclasses.
                return access.getNameAsString();
            }
            return owner.map(Scopes::className).orElse("?") + "." + access.getNameAsString();
        }
        if (expression instanceof FieldAccessExpr access && access.getScope() instanceof NameExpr owner) {
            // `other.lock`: the field of that variable's class, whichever instance; `Registry.LOCK`: a static field.
            Optional<Scopes.Declaration> declaration = Scopes.resolve(owner.getNameAsString(), owner);
            Optional<String> ownerClass = declaration.isPresent()
                    ? declaration.flatMap(Scopes::declaredClass).map(ClassOrInterfaceType::getNameWithScope)
                    : Optional.of(owner.getNameAsString()).filter(n -> Character.isUpperCase(n.charAt(0)));
            if (ownerClass.isPresent()) {
                return ownerClass.get() + "." + access.getNameAsString();
            }
        }
        return expression.toString();
    }

    /** Declared types whose instances are no class's own monitor: a lock named by them says nothing. */
    private static final Set<String> NOT_MONITOR_FAMILIES = Set.of(
            "Object", "Lock", "ReentrantLock", "ReadWriteLock", "ReentrantReadWriteLock", "StampedLock", "var",
            "ReadLock", "WriteLock", "ReentrantReadWriteLock.ReadLock", "ReentrantReadWriteLock.WriteLock");

    private static String ownerName(Node member) {
        return Scopes.enclosingClass(member).map(Scopes::className).orElse("?");
    }
}
