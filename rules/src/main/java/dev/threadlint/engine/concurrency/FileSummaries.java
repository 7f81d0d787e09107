package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.engine.Site;
import dev.threadlint.engine.SourceText;
import dev.threadlint.engine.model.FileSummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a file's {@link FileSummary} for the project model: per class its fields, per method (and per lambda or
 * anonymous-class method that runs later) the fields it touches and the calls it makes, each with the locks held
 * there and whether a thread-confinement check covers it. One pass per body; names are looked up in maps built once
 * per class and per method, never by searching the tree per use.
 */
public final class FileSummaries {

    /** Calls that hand a lambda or object to code that runs it later, on another thread or on an event loop. */
    private static final Set<String> HAND_OFFS = Set.of(
            "execute", "submit", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay", "invokeAll",
            "invokeAny", "runAsync", "supplyAsync", "thenApplyAsync", "thenAcceptAsync", "thenRunAsync",
            "thenComposeAsync", "whenCompleteAsync", "handleAsync", "invokeLater", "invokeAndWait", "runLater",
            "addListener", "addListeners", "whenComplete", "thenAccept", "thenApply", "thenRun", "thenCompose",
            "handle", "exceptionally", "onComplete", "setHandler", "handler", "newThread", "ofPlatform", "ofVirtual",
            "unstarted", "startVirtualThread", "register", "subscribe", "addShutdownHook", "forkJoin", "fork");

    /**
     * Methods that finish building an object before anyone else sees it: from its serialized form, or a Reactive
     * Streams subscriber's onSubscribe, which the specification orders before every other signal.
     */
    private static final Set<String> DESERIALIZATION = Set.of("readObject", "readObjectNoData", "readResolve",
            "readExternal", "onSubscribe");

    private static final Set<String> TEST_HOOKS = Set.of("VisibleForTesting", "TestOnly");

    private final CompilationUnit unit;
    private final Function<Node, Site> sites;
    private final String packagePrefix;
    private final Map<String, String> typesHere = new HashMap<>();
    private final Map<String, String> imported = new HashMap<>();
    private final Set<Node> deferred = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Map<String, Scopes.FieldDeclared>> fieldsByClass = new IdentityHashMap<>();
    private final Map<Node, Map<String, String>> localTypesByCallable = new IdentityHashMap<>();
    private final Map<Node, SharedState> states = new IdentityHashMap<>();
    private final Map<Node, String> classNames = new IdentityHashMap<>();
    private final Map<Node, Boolean> checksConfinement = new IdentityHashMap<>();
    private final Map<BlockStmt, Optional<Statement>> firstChecks = new IdentityHashMap<>();
    /** The lambdas that run later, by the class whose code creates them. */
    private final Map<Node, List<LambdaExpr>> deferredLambdasByClass = new IdentityHashMap<>();

    private FileSummaries(CompilationUnit unit, Function<Node, Site> sites) {
        this.unit = unit;
        this.sites = sites;
        this.packagePrefix = unit.getPackageDeclaration().map(p -> p.getNameAsString() + ".").orElse("");
    }

    /**
     * @param sites    the place of a node, with the asking rule's suppression there
     * @param reported places the rule's per-file check already reported
     */
    public static FileSummary of(CompilationUnit unit, Function<Node, Site> sites, List<Site> reported) {
        return new FileSummaries(unit, sites).summarize(reported);
    }

    private FileSummary summarize(List<Site> reported) {
        for (ImportDeclaration declaration : unit.getImports()) {
            if (!declaration.isAsterisk() && !declaration.isStatic()) {
                imported.put(declaration.getName().getIdentifier(), declaration.getNameAsString());
            }
        }
        List<Node> classes = new ArrayList<>();
        unit.walk(node -> {
            if (node instanceof TypeDeclaration<?> type) {
                classes.add(type);
                String shown = Scopes.className(type);
                typesHere.putIfAbsent(type.getNameAsString(), packagePrefix + shown);
                typesHere.put(shown, packagePrefix + shown);
            } else if (node instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()) {
                classes.add(creation);
                if (runsLater(creation)) {
                    creation.getAnonymousClassBody().get().forEach(member -> {
                        if (member instanceof MethodDeclaration) {
                            deferred.add(member);
                        }
                    });
                }
            } else if (node instanceof LambdaExpr lambda && runsLater(lambda)) {
                deferred.add(lambda);
                Scopes.enclosingClass(lambda).ifPresent(owner -> deferredLambdasByClass
                        .computeIfAbsent(owner, k -> new ArrayList<>()).add(lambda));
            }
        });
        int anonymous = 0;
        for (Node type : classes) {
            classNames.put(type, type instanceof TypeDeclaration<?>
                    ? packagePrefix + Scopes.className(type)
                    : Scopes.enclosingClass(type).map(classNames::get).orElse(packagePrefix + "?") + "$" + ++anonymous);
        }
        List<FileSummary.ClassFacts> facts = new ArrayList<>();
        for (Node type : classes) {
            facts.add(classFacts(type));
        }
        return new FileSummary(facts, reported);
    }

    /**
     * A lambda (or an anonymous class) that runs later, perhaps elsewhere: handed to an executor, a thread or a
     * listener, or kept (in a field, a variable, a return value). One passed to any other call ({@code forEach},
     * {@code computeIfAbsent}) runs in place, under the locks around it.
     */
    private static boolean runsLater(Expression code) {
        Optional<Node> parent = code.getParentNode();
        if (parent.isPresent() && parent.get() instanceof MethodCallExpr call && call.getScope().orElse(null) != code) {
            return HAND_OFFS.contains(call.getNameAsString());
        }
        return true;
    }

    private FileSummary.ClassFacts classFacts(Node type) {
        List<FileSummary.FieldFacts> fields = new ArrayList<>();
        List<FileSummary.MethodFacts> methods = new ArrayList<>();
        List<String> supertypes = new ArrayList<>();
        List<String> annotations = new ArrayList<>();
        Iterable<BodyDeclaration<?>> members;
        if (type instanceof TypeDeclaration<?> declaration) {
            members = declaration.getMembers();
            declaration.getAnnotations().forEach(a -> annotations.add(a.getName().getIdentifier()));
            if (declaration instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration classOrInterface) {
                classOrInterface.getExtendedTypes().forEach(t -> supertypes.add(qualify(t)));
                classOrInterface.getImplementedTypes().forEach(t -> supertypes.add(qualify(t)));
            }
        } else {
            ObjectCreationExpr creation = (ObjectCreationExpr) type;
            members = creation.getAnonymousClassBody().orElseThrow();
            supertypes.add(qualify(creation.getType()));
        }
        for (BodyDeclaration<?> member : members) {
            if (member instanceof FieldDeclaration field) {
                for (VariableDeclarator variable : field.getVariables()) {
                    fields.add(fieldFacts(type, field, variable));
                }
            } else if (member instanceof MethodDeclaration method) {
                // Abstract ones too: a call through an interface resolves to them, then to their implementations.
                FileSummary.Kind kind = type instanceof ObjectCreationExpr ? FileSummary.Kind.DEFERRED
                        : DESERIALIZATION.contains(method.getNameAsString()) ? FileSummary.Kind.CONSTRUCTOR
                        : FileSummary.Kind.METHOD;
                methods.add(body(method, method.getNameAsString(), method.getParameters().size(), kind,
                        method.isPrivate(), callersKnown(method), method.isStatic(),
                        method.hasModifier(Modifier.Keyword.SYNCHRONIZED),
                        Confinement.declared(method), testHook(method)));
            } else if (member instanceof ConstructorDeclaration constructor) {
                methods.add(body(constructor, "<init>", constructor.getParameters().size(),
                        FileSummary.Kind.CONSTRUCTOR, constructor.isPrivate(), false, false, false, false, false));
            } else if (member instanceof InitializerDeclaration initializer) {
                methods.add(body(initializer, initializer.isStatic() ? "<clinit>" : "<init>", 0,
                        FileSummary.Kind.INITIALIZER, true, false, initializer.isStatic(), false, false, false));
            }
        }
        // Lambdas that run later belong to the class whose code creates them.
        int lambdas = 0;
        for (LambdaExpr lambda : deferredLambdasByClass.getOrDefault(type, List.of())) {
            String enclosing = Scopes.enclosingCallable(lambda)
                    .map(c -> c instanceof MethodDeclaration m ? m.getNameAsString() : "<init>").orElse("<init>");
            methods.add(body(lambda, enclosing + "$lambda" + lambdas++, 0, FileSummary.Kind.DEFERRED, true,
                    false, false, false, handedToOwnerThread(lambda) || handedToOneThread(lambda), false));
        }
        String name = classNames.get(type);
        String shown = name.substring(packagePrefix.length());
        return new FileSummary.ClassFacts(name, shown, supertypes, annotations, fields, methods);
    }

    private FileSummary.FieldFacts fieldFacts(Node owner, FieldDeclaration field, VariableDeclarator variable) {
        SharedState state = stateOf(owner, field, variable);
        List<String> annotations = field.getAnnotations().stream().map(a -> a.getName().getIdentifier()).toList();
        return new FileSummary.FieldFacts(variable.getNameAsString(), field.isStatic(), field.isFinal(),
                state.isVolatile(), state.type(), state.typeName(),
                state.guardedBy().map(SharedState.Guard::key).orElse(""),
                state.guardedBy().map(SharedState.Guard::written).orElse(""), annotations,
                sites.apply(variable.getName()));
    }

    private SharedState stateOf(Node owner, FieldDeclaration field, VariableDeclarator variable) {
        return states.computeIfAbsent(variable, v -> SharedState.ofField(owner, field, variable));
    }

    private FileSummary.MethodFacts body(Node root, String name, int arity, FileSummary.Kind kind, boolean isPrivate,
            boolean callersKnown, boolean isStatic, boolean isSynchronized, boolean confined, boolean testHook) {
        List<FileSummary.Access> accesses = new ArrayList<>();
        List<FileSummary.Call> calls = new ArrayList<>();
        Node body = root instanceof CallableDeclaration<?> callable ? callableBody(callable)
                : root instanceof InitializerDeclaration initializer ? initializer.getBody()
                : ((LambdaExpr) root).getBody();
        if (body != null) {
            walk(body, node -> visit(node, accesses, calls));
        }
        boolean annotated = root instanceof MethodDeclaration method && !method.getAnnotations().isEmpty();
        return new FileSummary.MethodFacts(name, arity, kind, isPrivate, callersKnown, isStatic, isSynchronized,
                confined, testHook, annotated, accesses, calls);
    }

    private static Node callableBody(CallableDeclaration<?> callable) {
        return callable instanceof MethodDeclaration method ? method.getBody().orElse(null)
                : ((ConstructorDeclaration) callable).getBody();
    }

    /** Pre-order, not entering code that runs later (its own summary) or local classes (their own). */
    private void walk(Node node, Consumer<Node> visit) {
        visit.accept(node);
        for (Node child : node.getChildNodes()) {
            if (deferred.contains(child) || child instanceof TypeDeclaration<?>
                    || child instanceof com.github.javaparser.ast.stmt.LocalClassDeclarationStmt) {
                continue;
            }
            if (child instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()) {
                creation.getScope().ifPresent(scope -> walk(scope, visit));
                creation.getArguments().forEach(argument -> walk(argument, visit));
                continue;
            }
            walk(child, visit);
        }
    }

    private void visit(Node node, List<FileSummary.Access> accesses, List<FileSummary.Call> calls) {
        if (node instanceof NameExpr name && !isMonitor(name) && !isLocal(name)) {
            String identifier = name.getNameAsString();
            Optional<Scopes.FieldDeclared> field = fieldNamed(name, identifier);
            if (field.isPresent()) {
                if (judged(field.get())) {
                    accesses.add(access(name, field.get().owner(), field.get(), identifier));
                }
            } else if (Character.isLowerCase(identifier.charAt(0))) {
                // Not declared here: perhaps a field inherited from a supertype, which the project model looks up.
                Scopes.enclosingClass(name).ifPresent(owner -> accesses.add(access(name, owner, null, identifier)));
            }
        } else if (node instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr self
                && !isMonitor(access)) {
            Optional<Node> owner = self.getTypeName().isPresent()
                    ? enclosingNamed(access, self.getTypeName().get().getIdentifier())
                    : Scopes.enclosingClass(access);
            owner.ifPresent(o -> {
                Scopes.FieldDeclared field = fieldsOf(o).get(access.getNameAsString());
                if (field == null || judged(field)) {
                    accesses.add(access(access, o, field, access.getNameAsString()));
                }
            });
        } else if (node instanceof MethodCallExpr call) {
            call(call).ifPresent(calls::add);
        } else if (node instanceof com.github.javaparser.ast.expr.MethodReferenceExpr reference) {
            reference(reference).ifPresent(calls::add);
        }
    }

    /**
     * {@code tally::reset}, {@code this::refresh}: a call of that method, whenever the reference is run; its arity
     * is the functional interface's, unknown here, so any arity matches ({@link FileSummary.Call#ANY_ARITY}).
     */
    private Optional<FileSummary.Call> reference(com.github.javaparser.ast.expr.MethodReferenceExpr reference) {
        Expression scope = reference.getScope();
        String owner = null;
        if (scope instanceof ThisExpr self && self.getTypeName().isEmpty()) {
            owner = Scopes.enclosingClass(reference).map(classNames::get).orElse(null);
        } else if (scope instanceof NameExpr receiver) {
            owner = receiverClass(receiver);
        } else if (scope instanceof com.github.javaparser.ast.expr.TypeExpr type
                && type.getType() instanceof ClassOrInterfaceType classType) {
            String name = classType.getNameAsString();
            String local = localTypes(reference).get(name);
            owner = local != null ? (local.isEmpty() ? null : qualify(local))
                    : fieldNamed(reference, name).flatMap(Scopes::declaredClass).map(this::qualify)
                    .orElseGet(() -> Character.isUpperCase(name.charAt(0)) ? qualify(classType) : null);
        }
        if (owner == null || reference.getIdentifier().equals("new")) {
            return Optional.empty();
        }
        return Optional.of(new FileSummary.Call(owner, reference.getIdentifier(), FileSummary.Call.ANY_ARITY, false,
                List.copyOf(HeldLocks.at(reference, deferred::contains)), sites.apply(reference),
                confinedAt(reference), false));
    }

    private FileSummary.Access access(Expression expression, Node owner, Scopes.FieldDeclared field, String name) {
        SharedState state = field != null ? stateOf(field.owner(), field.field(), field.variable())
                : new SharedState(expression, name, true, false, SharedState.ValueType.UNKNOWN, "", Optional.empty());
        StateAccess.Kind kind = AccessKinds.of(expression, state);
        String code = kind.writes() ? shown(expression) : shownRead(expression, name);
        return new FileSummary.Access(classNames.get(owner), name, field != null, kind,
                List.copyOf(HeldLocks.at(expression, deferred::contains)), sites.apply(expression), code,
                confinedAt(expression));
    }

    /**
     * A field whose accesses can matter: not a final field holding a value or an object of unknown kind, which
     * nothing can change (a final collection's or formatter's contents can). The summary leaves the rest out.
     */
    private boolean judged(Scopes.FieldDeclared field) {
        if (!field.field().isFinal()) {
            return true;
        }
        SharedState.ValueType type = stateOf(field.owner(), field.field(), field.variable()).type();
        return type == SharedState.ValueType.UNSAFE_CONTAINER || type == SharedState.ValueType.UNSAFE_FORMAT;
    }

    /** {@code synchronized (lock)}: naming the monitor is taking a lock, not reading shared state. */
    private static boolean isMonitor(Expression expression) {
        return expression.getParentNode().filter(p -> p instanceof SynchronizedStmt sync
                && sync.getExpression() == expression).isPresent();
    }

    /**
     * A read as a message quotes it, without printing the tree (reads are most accesses, and printing each one
     * is a measurable share of the file's time): the name, or the query called on it ({@code pending.size()}).
     */
    private static String shownRead(Expression access, String name) {
        String shown = access instanceof FieldAccessExpr ? "this." + name : name;
        if (access.getParentNode().orElse(null) instanceof MethodCallExpr call
                && call.getScope().orElse(null) == access) {
            return shown + "." + call.getNameAsString() + (call.getArguments().isEmpty() ? "()" : "(...)");
        }
        return shown;
    }

    /** The expression a reader recognises: the whole assignment, increment or call, not just the name. */
    private static String shown(Expression access) {
        Node parent = access.getParentNode().orElse(access);
        Node whole = parent instanceof AssignExpr || parent instanceof UnaryExpr
                || parent instanceof MethodCallExpr call && call.getScope().orElse(null) == access ? parent : access;
        return SourceText.shortened(whole);
    }

    // ---- names

    /** True when the name is a parameter or local of the code around it (any of that name, to stay precise). */
    private boolean isLocal(NameExpr name) {
        return localTypes(name).containsKey(name.getNameAsString());
    }

    /** The declared simple type of every parameter and local of the outermost callable around {@code node}. */
    private Map<String, String> localTypes(Node node) {
        Node callable = null;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof TypeDeclaration<?>) {
                break;
            }
            if (candidate instanceof CallableDeclaration<?> || candidate instanceof InitializerDeclaration
                    || candidate instanceof LambdaExpr) {
                callable = candidate;
            }
        }
        if (callable == null) {
            return Map.of();
        }
        return localTypesByCallable.computeIfAbsent(callable, c -> {
            Map<String, String> types = new HashMap<>();
            c.walk(n -> {
                if (n instanceof Parameter parameter) {
                    types.merge(parameter.getNameAsString(), simpleType(parameter.getType()), FileSummaries::either);
                } else if (n instanceof VariableDeclarator variable
                        && !(variable.getParentNode().orElse(null) instanceof FieldDeclaration)) {
                    types.merge(variable.getNameAsString(), simpleType(variable.getType()), FileSummaries::either);
                } else if (n instanceof com.github.javaparser.ast.expr.TypePatternExpr pattern) {
                    types.merge(pattern.getNameAsString(), simpleType(pattern.getType()), FileSummaries::either);
                }
            });
            return types;
        });
    }

    /** Two declarations of one name with different types: the name's type is unknown. */
    private static String either(String first, String second) {
        return first.equals(second) ? first : "";
    }

    private static String simpleType(Type type) {
        return type instanceof ClassOrInterfaceType classType && !type.isVarType()
                ? classType.getNameWithScope() : "";
    }

    /** The field a simple name means: one of the innermost enclosing class declaring it. */
    private Optional<Scopes.FieldDeclared> fieldNamed(Node use, String name) {
        for (Optional<Node> owner = Scopes.enclosingClass(use); owner.isPresent();
                owner = Scopes.enclosingClass(owner.get())) {
            Scopes.FieldDeclared field = fieldsOf(owner.get()).get(name);
            if (field != null) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private Map<String, Scopes.FieldDeclared> fieldsOf(Node owner) {
        return fieldsByClass.computeIfAbsent(owner, o -> {
            Map<String, Scopes.FieldDeclared> fields = new LinkedHashMap<>();
            Iterable<? extends Node> members = o instanceof TypeDeclaration<?> type ? type.getMembers()
                    : ((ObjectCreationExpr) o).getAnonymousClassBody().map(b -> (Iterable<? extends Node>) b)
                    .orElse(List.of());
            for (Node member : members) {
                if (member instanceof FieldDeclaration field) {
                    field.getVariables().forEach(v -> fields.put(v.getNameAsString(),
                            new Scopes.FieldDeclared(o, field, v)));
                }
            }
            return fields;
        });
    }

    private static Optional<Node> enclosingNamed(Node node, String simpleName) {
        for (Optional<Node> owner = Scopes.enclosingClass(node); owner.isPresent();
                owner = Scopes.enclosingClass(owner.get())) {
            if (owner.get() instanceof TypeDeclaration<?> type && type.getNameAsString().equals(simpleName)) {
                return owner;
            }
        }
        return Optional.empty();
    }

    private String qualify(ClassOrInterfaceType type) {
        return qualify(type.getNameWithScope());
    }

    /** A class's full name from its name as this file writes it: declared here, imported, or same package. */
    private String qualify(String written) {
        String here = typesHere.get(written);
        if (here != null) {
            return here;
        }
        int dot = written.indexOf('.');
        String first = dot < 0 ? written : written.substring(0, dot);
        String rest = dot < 0 ? "" : written.substring(dot);
        String imported = this.imported.get(first);
        if (imported != null) {
            return imported + rest;
        }
        if (typesHere.containsKey(first)) {
            return typesHere.get(first) + rest;
        }
        return Character.isLowerCase(written.charAt(0)) ? written : packagePrefix + written;
    }

    // ---- calls

    private Optional<FileSummary.Call> call(MethodCallExpr call) {
        String name = call.getNameAsString();
        int arity = call.getArguments().size();
        Optional<Expression> scope = call.getScope();
        String owner = null;
        boolean viaSuper = false;
        if (scope.isEmpty() || scope.get() instanceof ThisExpr self && self.getTypeName().isEmpty()) {
            owner = ownerDeclaring(call, name, arity);
        } else if (scope.get() instanceof ThisExpr self) {
            owner = enclosingNamed(call, self.getTypeName().get().getIdentifier()).map(classNames::get).orElse(null);
        } else if (scope.get() instanceof SuperExpr) {
            owner = Scopes.enclosingClass(call).map(classNames::get).orElse(null);
            viaSuper = true;
        } else if (scope.get() instanceof NameExpr receiver) {
            owner = receiverClass(receiver);
        } else if (scope.get() instanceof FieldAccessExpr field && field.getScope() instanceof ThisExpr) {
            owner = Scopes.enclosingClass(call).map(c -> fieldsOf(c).get(field.getNameAsString()))
                    .flatMap(Scopes::declaredClass).map(this::qualify).orElse(null);
        }
        if (owner == null) {
            return Optional.empty();
        }
        Set<LockName> held = new LinkedHashSet<>(HeldLocks.at(call, deferred::contains));
        scope.flatMap(receiver -> receiverMonitor(receiver, held)).ifPresent(held::add);
        return Optional.of(new FileSummary.Call(owner, name, arity, viaSuper, List.copyOf(held), sites.apply(call),
                confinedAt(call), call.findAncestor(AssertStmt.class).isPresent()));
    }

    /**
     * {@code synchronized (registry) { registry.remove(x); }}: the monitor held is the receiver's own, the one its
     * class's synchronized methods take, named as they name it ({@code ScanRegistry.this}).
     */
    private static Optional<LockName> receiverMonitor(Expression receiver, Set<LockName> held) {
        String name = held.isEmpty() ? null : TaskStarts.variableName(receiver);
        if (name == null) {
            return Optional.empty();
        }
        String key = HeldLocks.lockKey(receiver);
        if (held.stream().noneMatch(lock -> lock.key().equals(key) && !lock.shared())) {
            return Optional.empty();
        }
        return Scopes.resolve(name, receiver).flatMap(Scopes::declaredClass)
                .map(type -> new LockName(type.getNameWithScope() + ".this", false));
    }

    /** The class of a receiver named by a local, a parameter or a field, or a class named for a static call. */
    private String receiverClass(NameExpr receiver) {
        String receiverName = receiver.getNameAsString();
        String local = localTypes(receiver).get(receiverName);
        if (local != null) {
            return local.isEmpty() ? null : qualify(local);
        }
        Optional<Scopes.FieldDeclared> field = fieldNamed(receiver, receiverName);
        if (field.isPresent()) {
            return Scopes.declaredClass(field.get()).map(this::qualify).orElse(null);
        }
        return Character.isUpperCase(receiverName.charAt(0)) ? qualify(receiverName) : null;
    }

    /** The enclosing class that declares a method of that name and arity, else the innermost (an inherited one). */
    private String ownerDeclaring(Node call, String name, int arity) {
        Optional<Node> innermost = Scopes.enclosingClass(call);
        for (Optional<Node> owner = innermost; owner.isPresent(); owner = Scopes.enclosingClass(owner.get())) {
            if (owner.get() instanceof TypeDeclaration<?> type && type.getMethodsByName(name).stream()
                    .anyMatch(m -> m.getParameters().size() == arity)) {
                return classNames.get(owner.get());
            }
        }
        return innermost.map(classNames::get).orElse(null);
    }

    // ---- confinement

    /**
     * Under a check that this thread owns the state: the then-branch of {@code if (inEventLoop())}, the else-branch
     * of {@code if (!inEventLoop())}, or after {@code assert inEventLoop()} or a statement that checks it.
     */
    private boolean confinedAt(Node node) {
        Node child = node;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node scope = parent.get();
            if (scope instanceof IfStmt ifStmt && child != ifStmt.getCondition()) {
                boolean negated = ifStmt.getCondition() instanceof UnaryExpr not
                        && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT;
                Expression checked = negated ? ((UnaryExpr) ifStmt.getCondition()).getExpression()
                        : ifStmt.getCondition();
                if (Confinement.isCheck(checked) && (child == ifStmt.getThenStmt()) != negated) {
                    return true;
                }
            } else if (scope instanceof BlockStmt block) {
                Node inBlock = child;
                if (firstCheckIn(block).filter(check -> Waits.before(check, inBlock)).isPresent()) {
                    return true;
                }
            } else if (deferred.contains(scope) || scope instanceof TypeDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    /**
     * The block's first statement that checks confinement, found once per block: every access in a long block asks,
     * and a scan per access would grow with the square of the block.
     */
    private Optional<Statement> firstCheckIn(BlockStmt block) {
        return firstChecks.computeIfAbsent(block, b -> b.getStatements().stream()
                .filter(Confinement::isCheckStatement).findFirst());
    }

    /**
     * A lambda handed to an executor by code that checks for its owner thread first:
     * {@code if (loop.inEventLoop()) change(); else loop.execute(() -> change());}, the event loop's own hand-off.
     */
    private boolean handedToOwnerThread(LambdaExpr lambda) {
        // Once per method, not once per lambda: a generated method with thousands of lambdas stays linear.
        return Scopes.enclosingCallable(lambda)
                .filter(callable -> checksConfinement.computeIfAbsent(callable, Confinement::checkedIn))
                .isPresent();
    }

    /**
     * A lambda handed to an executor known to have one thread ({@code executor.submit(...)}, or a stage's
     * {@code thenApplyAsync(fn, executor)}): its code runs on that thread, confined there with the executor's other
     * tasks, as an ordered scheduler's per-key thread keeps the key's state.
     */
    private static boolean handedToOneThread(LambdaExpr lambda) {
        if (!(lambda.getParentNode().orElse(null) instanceof MethodCallExpr call) || call.getArguments().isEmpty()) {
            return false;
        }
        String name = call.getNameAsString();
        Optional<Expression> executor = name.endsWith("Async")
                ? Optional.of(call.getArgument(call.getArguments().size() - 1)).filter(last -> last != lambda)
                : call.getScope().filter(scope -> SUBMITS.contains(name));
        return executor.flatMap(TaskStarts::knownOneThread).isPresent();
    }

    private static final Set<String> SUBMITS = Set.of("execute", "submit", "schedule");

    /**
     * Whoever calls it is in the project (tests aside): private, package-private or protected (a subclass's
     * business) in a class, or public in a class that is not itself public.
     */
    private static boolean callersKnown(MethodDeclaration method) {
        Node parent = method.getParentNode().orElse(null);
        if (!(parent instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration type) || type.isInterface()) {
            return method.isPrivate();
        }
        return !method.isPublic() || !type.isPublic();
    }

    private static boolean testHook(MethodDeclaration method) {
        String name = method.getNameAsString();
        return method.getAnnotations().stream().anyMatch(a -> TEST_HOOKS.contains(a.getName().getIdentifier()))
                || name.contains("ForTest") || name.endsWith("InTest") || name.endsWith("ForTests");
    }
}
