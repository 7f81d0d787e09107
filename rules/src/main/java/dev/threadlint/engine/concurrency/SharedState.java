package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.engine.Trees;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A piece of state that code on several threads can reach: a field, or a local variable captured by a task.
 * Knows what makes its accesses safe without a lock: {@code volatile} (plain reads and writes only), a
 * thread-safe type (atomics, concurrent collections), {@code @GuardedBy}.
 *
 * @param declaration the field's VariableDeclarator, or the local's VariableDeclarator or Parameter
 * @param name        for messages: {@code Counter.count} or {@code local 'results'}
 * @param isField     false for a captured local
 * @param isVolatile  declared volatile
 * @param type        what kind of value it holds, as far as its declaration and initialisers tell
 * @param typeName    the simple name of that type, for messages
 * @param guardedBy   the lock named by {@code @GuardedBy}, if any
 */
public record SharedState(Node declaration, String name, boolean isField, boolean isVolatile, ValueType type,
        String typeName, Optional<Guard> guardedBy) {

    /**
     * A {@code @GuardedBy} lock.
     *
     * @param key     the lock as the model names locks ({@code Account.this})
     * @param written the annotation's text, as the user wrote it ({@code this})
     */
    public record Guard(String key, String written) {
    }

    /** What kind of value the state holds, which decides which of its accesses are hazards. */
    public enum ValueType {
        /** Atomics, concurrent collections, synchronizers, ThreadLocal: single calls are safe. */
        THREAD_SAFE,
        /** A collection, map or builder that is not thread-safe. */
        UNSAFE_CONTAINER,
        /** A formatter that keeps state between calls (SimpleDateFormat and friends). */
        UNSAFE_FORMAT,
        /** A number, boolean, string or other value replaced as a whole. */
        PLAIN,
        /** A collection whose implementation is not visible here: its calls are not judged. */
        UNKNOWN
    }

    static final Set<String> THREAD_SAFE_TYPES = Set.of(
            "AtomicInteger", "AtomicLong", "AtomicBoolean", "AtomicReference", "AtomicIntegerArray",
            "AtomicLongArray", "AtomicReferenceArray", "AtomicStampedReference", "AtomicMarkableReference",
            "LongAdder", "DoubleAdder", "LongAccumulator", "DoubleAccumulator",
            "ConcurrentHashMap", "ConcurrentMap", "ConcurrentNavigableMap", "ConcurrentSkipListMap",
            "ConcurrentSkipListSet", "ConcurrentLinkedQueue", "ConcurrentLinkedDeque", "CopyOnWriteArrayList",
            "CopyOnWriteArraySet", "BlockingQueue", "BlockingDeque", "TransferQueue", "ArrayBlockingQueue",
            "LinkedBlockingQueue", "LinkedBlockingDeque", "PriorityBlockingQueue", "DelayQueue", "SynchronousQueue",
            "LinkedTransferQueue", "Vector", "Hashtable", "StringBuffer", "ThreadLocal", "InheritableThreadLocal",
            "CountDownLatch", "CyclicBarrier", "Semaphore", "Phaser", "Exchanger", "ReentrantLock",
            "ReentrantReadWriteLock", "StampedLock", "Lock", "ReadWriteLock", "Condition", "CompletableFuture",
            "Future", "FutureTask", "Executor", "ExecutorService", "ScheduledExecutorService", "ThreadPoolExecutor",
            "ForkJoinPool", "Random", "ThreadLocalRandom", "SecureRandom", "Logger", "Thread", "Object");

    static final Set<String> UNSAFE_CONTAINER_TYPES = Set.of(
            "ArrayList", "LinkedList", "HashMap", "LinkedHashMap", "TreeMap", "WeakHashMap", "IdentityHashMap",
            "EnumMap", "HashSet", "LinkedHashSet", "TreeSet", "EnumSet", "ArrayDeque", "PriorityQueue", "BitSet",
            "StringBuilder");

    /** Interfaces whose implementation decides thread safety: judged by the initialisers seen. */
    static final Set<String> CONTAINER_INTERFACES = Set.of(
            "List", "Map", "Set", "Collection", "Queue", "Deque", "SortedMap", "NavigableMap", "SortedSet",
            "NavigableSet", "Iterable", "CharSequence", "Appendable");

    static final Set<String> UNSAFE_FORMAT_TYPES = Set.of(
            "SimpleDateFormat", "DateFormat", "DecimalFormat", "NumberFormat", "MessageFormat", "ChoiceFormat",
            "Calendar", "GregorianCalendar", "Matcher");

    private static final Set<String> SYNCHRONIZED_WRAPPERS = Set.of(
            "synchronizedList", "synchronizedMap", "synchronizedSet", "synchronizedCollection",
            "synchronizedSortedMap", "synchronizedSortedSet", "synchronizedNavigableMap",
            "synchronizedNavigableSet");

    /** Describes the field declared by {@code variable} in {@code field}, owned by the class {@code owner}. */
    static SharedState ofField(Node owner, FieldDeclaration field, VariableDeclarator variable) {
        String name = variable.getNameAsString();
        List<Expression> assigned = new ArrayList<>();
        variable.getInitializer().ifPresent(assigned::add);
        assigned.addAll(Trees.kept(owner, ASSIGNED, () -> assignedFields(owner)).getOrDefault(name, List.of()));
        ValueType type = valueType(variable.getType(), assigned);
        return new SharedState(variable, Scopes.className(owner) + "." + name, true,
                field.hasModifier(Modifier.Keyword.VOLATILE), type, simpleName(variable.getType(), assigned),
                guardedBy(field, owner));
    }

    private static final DataKey<Map<String, List<Expression>>> ASSIGNED = new DataKey<>() {
    };

    /**
     * The values assigned with {@code =} to each simple name or {@code this.x} in the class, found in one pass per
     * class and kept on it: a class of thousands of fields is not searched once per field.
     */
    private static Map<String, List<Expression>> assignedFields(Node owner) {
        Map<String, List<Expression>> assigned = new HashMap<>();
        for (AssignExpr assignment : owner.findAll(AssignExpr.class)) {
            Expression target = assignment.getTarget();
            if (assignment.getOperator() == AssignExpr.Operator.ASSIGN && (target instanceof NameExpr
                    || target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr)) {
                String name = target instanceof NameExpr n ? n.getNameAsString()
                        : ((FieldAccessExpr) target).getNameAsString();
                assigned.computeIfAbsent(name, k -> new ArrayList<>()).add(assignment.getValue());
            }
        }
        return assigned;
    }

    /** Describes a local variable or parameter captured by a task. */
    static SharedState ofLocal(Node declaration) {
        List<Expression> assigned = new ArrayList<>();
        Type declared;
        String name;
        if (declaration instanceof VariableDeclarator variable) {
            variable.getInitializer().ifPresent(assigned::add);
            declared = variable.getType();
            name = variable.getNameAsString();
        } else {
            Parameter parameter = (Parameter) declaration;
            declared = parameter.getType();
            name = parameter.getNameAsString();
        }
        return new SharedState(declaration, "local '" + name + "'", false, false, valueType(declared, assigned),
                simpleName(declared, assigned), Optional.empty());
    }

    private static ValueType valueType(Type declared, List<Expression> assigned) {
        String declaredName = typeName(declared);
        if (THREAD_SAFE_TYPES.contains(declaredName)) {
            return ValueType.THREAD_SAFE;
        }
        if (UNSAFE_FORMAT_TYPES.contains(declaredName)) {
            return ValueType.UNSAFE_FORMAT;
        }
        if (UNSAFE_CONTAINER_TYPES.contains(declaredName)) {
            return ValueType.UNSAFE_CONTAINER;
        }
        if (CONTAINER_INTERFACES.contains(declaredName) || declaredName.equals("var")) {
            return fromInitialisers(assigned);
        }
        return declared.isPrimitiveType() || declaredName.equals("String") || BOXED.contains(declaredName)
                ? ValueType.PLAIN : ValueType.UNKNOWN;
    }

    private static final Set<String> BOXED = Set.of(
            "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float", "BigInteger", "BigDecimal");

    /** Every value assigned must be a visible {@code new} of an unsafe type for the container to count unsafe. */
    private static ValueType fromInitialisers(List<Expression> assigned) {
        if (assigned.isEmpty()) {
            return ValueType.UNKNOWN;
        }
        ValueType verdict = null;
        for (Expression value : assigned) {
            ValueType one;
            if (value instanceof ObjectCreationExpr creation) {
                String created = creation.getType().getNameAsString();
                one = THREAD_SAFE_TYPES.contains(created) ? ValueType.THREAD_SAFE
                        : UNSAFE_CONTAINER_TYPES.contains(created) ? ValueType.UNSAFE_CONTAINER : ValueType.UNKNOWN;
            } else if (value instanceof MethodCallExpr call && SYNCHRONIZED_WRAPPERS.contains(call.getNameAsString())) {
                one = ValueType.THREAD_SAFE;
            } else {
                one = ValueType.UNKNOWN;
            }
            if (verdict != null && verdict != one) {
                return ValueType.UNKNOWN;
            }
            verdict = one;
        }
        return verdict;
    }

    private static String simpleName(Type declared, List<Expression> assigned) {
        String name = typeName(declared);
        if ((CONTAINER_INTERFACES.contains(name) || name.equals("var")) && !assigned.isEmpty()
                && assigned.get(0) instanceof ObjectCreationExpr creation) {
            return creation.getType().getNameAsString();
        }
        return name;
    }

    private static String typeName(Type type) {
        if (type instanceof ClassOrInterfaceType classType) {
            return classType.getNameAsString();
        }
        return type.asString();
    }

    /**
     * The lock a method's {@code @GuardedBy} says its callers hold ({@code @GuardedBy("this") private void
     * assign(...)}): inside the method it is held, as Error Prone's checker takes it; the callers are its business.
     */
    static Optional<LockName> methodGuard(MethodDeclaration method) {
        // Asked at every access and call in the method: read from the annotation once.
        return Trees.kept(method, METHOD_GUARD, () -> Scopes.enclosingClass(method)
                .flatMap(owner -> guardedBy(method, owner))
                .filter(guard -> !guard.written().contains("("))
                .map(guard -> new LockName(guard.key(), false)));
    }

    private static final DataKey<Optional<LockName>> METHOD_GUARD = new DataKey<>() {
    };

    /** {@code @GuardedBy("lock")} from any of the usual packages, as a lock key of the owner class. */
    private static Optional<Guard> guardedBy(NodeWithAnnotations<?> annotated, Node owner) {
        for (AnnotationExpr annotation : annotated.getAnnotations()) {
            if (!annotation.getName().getIdentifier().equals("GuardedBy")) {
                continue;
            }
            Optional<String> value = Optional.empty();
            if (annotation instanceof SingleMemberAnnotationExpr single
                    && single.getMemberValue() instanceof StringLiteralExpr literal) {
                value = Optional.of(literal.asString());
            } else if (annotation instanceof NormalAnnotationExpr normal) {
                value = normal.getPairs().stream().filter(p -> p.getNameAsString().equals("value"))
                        .map(p -> p.getValue()).filter(v -> v instanceof StringLiteralExpr)
                        .map(v -> ((StringLiteralExpr) v).asString()).findFirst();
            }
            return value.map(lock -> new Guard(guardKey(lock.trim(), owner), lock.trim()));
        }
        return Optional.empty();
    }

    private static String guardKey(String lock, Node owner) {
        String ownerName = Scopes.className(owner);
        if (lock.equals("this")) {
            return ownerName + ".this";
        }
        if (lock.endsWith(".this") && !lock.contains("(")) {
            // "Outer.this": the enclosing class of that name, with its outer classes, as a synchronized (Outer.this)
            // and Outer's synchronized methods name it.
            String written = lock.substring(0, lock.length() - ".this".length());
            String simple = written.substring(written.lastIndexOf('.') + 1);
            for (Optional<Node> type = Optional.of(owner); type.isPresent(); type = Scopes.enclosingClass(type.get())) {
                if (type.get() instanceof com.github.javaparser.ast.body.TypeDeclaration<?> declaration
                        && declaration.getNameAsString().equals(simple)) {
                    return Scopes.className(declaration) + ".this";
                }
            }
            return lock;
        }
        if (lock.endsWith(".class")) {
            return lock;
        }
        if (lock.startsWith("this.")) {
            return ownerName + "." + lock.substring("this.".length());
        }
        return ownerName + "." + lock;
    }
}
