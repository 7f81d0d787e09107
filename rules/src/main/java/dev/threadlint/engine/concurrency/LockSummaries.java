package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.engine.Site;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a file's {@link LockSummary}: where each method takes locks, which calls it makes while holding which
 * locks, and the order edges visible inside one method. Code in lambdas and anonymous classes is left out: it may
 * run later, without the locks around it.
 */
public final class LockSummaries {

    private static final Set<String> ACQUIRE = Set.of("lock", "lockInterruptibly");
    /** {@code Class.this}, {@code Class.class}, {@code Outer.Inner.field}: not a call's result or an array cell. */
    private static final java.util.regex.Pattern LOCK_NAME =
            java.util.regex.Pattern.compile("[A-Z][\\w$]*(\\.[\\w$]+)+");

    private final CompilationUnit unit;
    private final Function<Node, Site> sites;
    private final String packagePrefix;

    private LockSummaries(CompilationUnit unit, Function<Node, Site> sites) {
        this.unit = unit;
        this.sites = sites;
        this.packagePrefix = unit.getPackageDeclaration().map(p -> p.getNameAsString() + ".").orElse("");
    }

    /** @param sites the place of a node, with the rule's suppression there */
    public static LockSummary of(CompilationUnit unit, Function<Node, Site> sites) {
        return new LockSummaries(unit, sites).summarize();
    }

    private LockSummary summarize() {
        List<LockSummary.Method> methods = new ArrayList<>();
        List<LockSummary.Edge> edges = new ArrayList<>();
        for (MethodDeclaration method : unit.findAll(MethodDeclaration.class)) {
            Optional<Node> owner = Scopes.enclosingClass(method);
            if (method.getBody().isEmpty() || owner.isEmpty()) {
                continue;
            }
            String key = methodKey(owner.get(), method.getNameAsString(), method.getParameters().size());
            String shown = Scopes.className(owner.get()) + "." + method.getNameAsString() + "()";
            List<LockSummary.Acquisition> acquisitions = new ArrayList<>();
            if (method.hasModifier(Modifier.Keyword.SYNCHRONIZED)) {
                String lock = Scopes.className(owner.get()) + (method.isStatic() ? ".class" : ".this");
                lock(new LockName(lock, false)).ifPresent(monitor ->
                        acquisitions.add(new LockSummary.Acquisition(monitor, sites.apply(method.getName()))));
            }
            List<String> parameters = method.getParameters().stream()
                    .map(parameter -> simpleType(parameter.getType())).toList();
            String confinedTo = confinement(method);
            methods.add(body(key, shown, parameters, method.getBody().get(), acquisitions, edges, confinedTo));
            // A lambda's code may run later, elsewhere, without the method's locks: it orders its own locks only,
            // as a method of its own that nobody calls by name.
            int lambdas = 0;
            for (LambdaExpr lambda : method.getBody().get().findAll(LambdaExpr.class)) {
                if (lambda.findAncestor(MethodDeclaration.class).filter(m -> m == method).isPresent()) {
                    methods.add(body(key + "$lambda" + lambdas++, shown, List.of(), lambda.getBody(), new ArrayList<>(),
                            edges, ""));
                }
            }
        }
        return new LockSummary(methods, edges);
    }

    /** One method's (or lambda's) acquisitions, calls and direct order edges. */
    private LockSummary.Method body(String key, String shown, List<String> parameters, Node root,
            List<LockSummary.Acquisition> acquisitions, List<LockSummary.Edge> edges, String confinedTo) {
        List<LockSummary.Call> calls = new ArrayList<>();
        walk(root, node -> {
            Optional<LockName> taken = acquired(node);
            if (taken.isPresent()) {
                Optional<LockSummary.Lock> lock = lock(taken.get());
                if (lock.isPresent()) {
                    Site site = sites.apply(node);
                    acquisitions.add(new LockSummary.Acquisition(lock.get(), site));
                    List<LockSummary.Lock> held = heldAt(node);
                    // Taking a lock already held is re-entrant: it cannot block, so it orders nothing.
                    if (held.stream().noneMatch(h -> h.key().equals(lock.get().key()))) {
                        held.forEach(h -> edges.add(new LockSummary.Edge(h, lock.get(), site, "", confinedTo)));
                    }
                }
            } else if (node instanceof MethodCallExpr call) {
                callee(call).ifPresent(callee -> calls.add(new LockSummary.Call(callee.key(), callee.shown(),
                        heldAt(call), sites.apply(call), call.getArguments().stream().map(LockSummaries::argumentType)
                        .toList(), confinedTo)));
            }
        });
        return new LockSummary.Method(key, shown, parameters, acquisitions, calls);
    }

    /** Pre-order, not entering lambdas or anonymous classes. */
    private static void walk(Node node, java.util.function.Consumer<Node> visit) {
        visit.accept(node);
        for (Node child : node.getChildNodes()) {
            if (!(child instanceof LambdaExpr)
                    && !(child instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent())) {
                walk(child, visit);
            } else if (child instanceof ObjectCreationExpr creation) {
                // The constructor arguments run here; the body does not.
                creation.getArguments().forEach(argument -> walk(argument, visit));
            }
        }
    }

    /**
     * The lock a node takes, blocking: {@code synchronized (x)}, a statement {@code x.lock()}, or a lock wrapper in
     * try-with-resources.
     */
    private static Optional<LockName> acquired(Node node) {
        if (node instanceof SynchronizedStmt sync) {
            return Optional.of(HeldLocks.monitor(sync.getExpression()));
        }
        if (node instanceof com.github.javaparser.ast.stmt.TryStmt tryStmt) {
            return tryStmt.getResources().stream().map(HeldLocks::wrappedLock).flatMap(Optional::stream).findFirst();
        }
        if (node instanceof ExpressionStmt statement && statement.getExpression() instanceof MethodCallExpr call
                && ACQUIRE.contains(call.getNameAsString()) && call.getArguments().isEmpty()
                && call.getScope().isPresent() && HeldLocks.mayBeLock(call.getScope().get())) {
            return Optional.of(HeldLocks.lockObject(call.getScope().get()));
        }
        return Optional.empty();
    }

    /**
     * The innermost locks held at an acquisition or call that the graph orders it after. Hand-written code nests
     * a few locks; generated code may nest hundreds, and an edge from every held lock would grow with the square
     * of the nesting. Outer locks still precede it through the chain of inner ones.
     */
    private static final int HELD_ORDERED = 8;

    private List<LockSummary.Lock> heldAt(Node node) {
        List<LockSummary.Lock> held = new ArrayList<>();
        for (LockName name : HeldLocks.at(node, n -> true)) {
            if (held.size() == HELD_ORDERED) {
                break;
            }
            lock(name).ifPresent(held::add);
        }
        return held;
    }

    /** The project-wide name of a lock, if it has one: a field, a class's monitor. A local's lock has none. */
    private Optional<LockSummary.Lock> lock(LockName name) {
        String key = name.key();
        // Named by a class (`Account.this`, `Bank.ledgerLock`); a bare or lower-case name is a local's lock,
        // which has no project-wide identity.
        if (!LOCK_NAME.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of(new LockSummary.Lock(qualifiedClass(key), name.toString(), name.shared()));
    }

    /** A class's full name from its simple name as this file sees it: declared here, imported, or same package. */
    private String qualify(String simpleName) {
        for (ImportDeclaration declaration : unit.getImports()) {
            if (!declaration.isAsterisk() && !declaration.isStatic()
                    && declaration.getName().getIdentifier().equals(simpleName)) {
                return declaration.getNameAsString();
            }
        }
        return packagePrefix + simpleName;
    }

    /**
     * A dotted name that starts with a class, as this file sees it, fully qualified: {@code Outer.Inner} becomes
     * {@code com.acme.Outer.Inner}, {@code Bank.ledgerLock} becomes {@code com.acme.Bank.ledgerLock}.
     */
    private String qualifiedClass(String dottedName) {
        int dot = dottedName.indexOf('.');
        return dot < 0 ? qualify(dottedName) : qualify(dottedName.substring(0, dot)) + dottedName.substring(dot);
    }

    private String methodKey(Node owner, String name, int arity) {
        return qualifiedClass(Scopes.className(owner)) + "#" + name + "/" + arity;
    }

    /** A call's target: the method's key ({@code com.acme.Account#audit/0}) and its name for messages. */
    private record Callee(String key, String shown) {
    }

    /** The callee's key and shown name, when the receiver's class is known by declaration. */
    private Optional<Callee> callee(MethodCallExpr call) {
        String name = call.getNameAsString();
        int arity = call.getArguments().size();
        Optional<Expression> scope = call.getScope();
        Optional<String> owner;
        if (scope.isEmpty() || scope.get() instanceof ThisExpr thisExpr && thisExpr.getTypeName().isEmpty()) {
            owner = ownerDeclaring(call, name, arity).map(Scopes::className);
        } else if (scope.get() instanceof NameExpr receiver) {
            Optional<Scopes.Declaration> declaration = Scopes.resolve(receiver.getNameAsString(), receiver);
            owner = declaration.isPresent()
                    ? declaration.flatMap(Scopes::declaredClass).map(ClassOrInterfaceType::getNameWithScope)
                    : Optional.of(receiver.getNameAsString()).filter(n -> Character.isUpperCase(n.charAt(0)));
        } else if (scope.get() instanceof FieldAccessExpr field && field.getScope() instanceof ThisExpr) {
            owner = Scopes.resolve(field.getNameAsString(), call).flatMap(Scopes::declaredClass)
                    .map(ClassOrInterfaceType::getNameWithScope);
        } else {
            owner = Optional.empty();
        }
        return owner.map(type -> new Callee(qualifiedClass(type) + "#" + name + "/" + arity, type + "." + name + "()"));
    }

    /** Annotations that confine code to one thread, by simple name (Android's, JCIP-style and one's own). */
    private static final Set<String> ONE_THREAD = Set.of("UiThread", "UIThread", "MainThread", "ThreadConfined");

    /** The one thread a method, or its class, is declared to run on; empty when it may run on any. */
    private static String confinement(MethodDeclaration method) {
        for (Optional<Node> scope = Optional.of(method); scope.isPresent(); scope = scope.get().getParentNode()) {
            if (scope.get() instanceof com.github.javaparser.ast.nodeTypes.NodeWithAnnotations<?> annotated) {
                for (var annotation : annotated.getAnnotations()) {
                    String name = annotation.getName().getIdentifier();
                    if (ONE_THREAD.contains(name)) {
                        return annotation instanceof com.github.javaparser.ast.expr.SingleMemberAnnotationExpr single
                                ? name + "(" + single.getMemberValue() + ")" : name;
                    }
                }
            }
        }
        return "";
    }

    /** A type's simple name without type arguments: {@code List} for {@code java.util.List<String>}. */
    private static String simpleType(com.github.javaparser.ast.type.Type type) {
        if (type instanceof ClassOrInterfaceType classType) {
            return classType.getNameAsString();
        }
        return type.asString();
    }

    /** What the call shows of an argument's type: a literal's, a variable's declared type; else nothing. */
    private static String argumentType(Expression argument) {
        if (argument instanceof com.github.javaparser.ast.expr.StringLiteralExpr) {
            return "String";
        }
        if (argument instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr) {
            return "int";
        }
        if (argument instanceof com.github.javaparser.ast.expr.BooleanLiteralExpr) {
            return "boolean";
        }
        if (argument instanceof com.github.javaparser.ast.expr.ObjectCreationExpr creation) {
            return creation.getType().getNameAsString();
        }
        if (argument instanceof NameExpr name) {
            return Scopes.resolve(name.getNameAsString(), name).flatMap(Scopes::declaredClass)
                    .map(ClassOrInterfaceType::getNameAsString).orElse("");
        }
        return "";
    }

    /** The enclosing class (or outer class) that declares a method of that name and arity, else the innermost. */
    private static Optional<Node> ownerDeclaring(Node call, String name, int arity) {
        Optional<Node> innermost = Scopes.enclosingClass(call);
        for (Optional<Node> owner = innermost; owner.isPresent(); owner = Scopes.enclosingClass(owner.get())) {
            if (owner.get() instanceof TypeDeclaration<?> type && type.getMethodsByName(name).stream()
                    .anyMatch(m -> m.getParameters().size() == arity)) {
                return owner;
            }
        }
        return innermost.filter(o -> o instanceof TypeDeclaration<?>);
    }
}
