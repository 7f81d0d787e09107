package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an access does to the state it names, read off the expression around it: an assignment, an increment, a
 * call that changes a container, a check-then-act, or only a read.
 */
final class AccessKinds {

    private static final Set<String> MUTATORS = Set.of(
            "add", "addAll", "addFirst", "addLast", "offer", "offerFirst", "offerLast", "push", "pop", "poll",
            "pollFirst", "pollLast", "remove", "removeAll", "removeIf", "retainAll", "clear", "set", "put", "putAll",
            "putIfAbsent", "compute", "computeIfAbsent", "computeIfPresent", "merge", "replace", "replaceAll", "sort",
            "removeFirst", "removeLast", "append", "insert", "delete", "deleteCharAt", "reverse", "setLength",
            "setCharAt", "flip", "and", "or", "xor", "andNot");
    private static final Set<String> FORMAT_MUTATORS = Set.of(
            "format", "parse", "parseObject", "applyPattern", "setTimeZone", "setLenient", "set", "add", "roll",
            "setTime", "setTimeInMillis", "find", "matches", "reset", "group");
    private static final Set<String> CHECKS = Set.of(
            "containsKey", "contains", "containsValue", "get", "isEmpty", "size", "getOrDefault");
    private static final Set<String> ATOMIC_ON_THREAD_SAFE = Set.of(
            "putIfAbsent", "computeIfAbsent", "computeIfPresent", "compute", "merge", "replace", "remove");

    private AccessKinds() {
    }

    static StateAccess.Kind of(Expression access, SharedState state) {
        Optional<Node> parent = access.getParentNode();
        if (parent.isEmpty()) {
            return StateAccess.Kind.REFERENCE;
        }
        if (parent.get() instanceof AssignExpr assign && assign.getTarget() == access) {
            if (assign.getOperator() != AssignExpr.Operator.ASSIGN || readsSame(assign.getValue(), state)) {
                return StateAccess.Kind.READ_MODIFY_WRITE;
            }
            return StateAccess.Kind.WRITE;
        }
        if (parent.get() instanceof UnaryExpr unary && (unary.getOperator().isPostfix()
                || unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                || unary.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT)) {
            return StateAccess.Kind.READ_MODIFY_WRITE;
        }
        if (parent.get() instanceof MethodCallExpr call && call.getScope().orElse(null) == access) {
            String method = call.getNameAsString();
            boolean mutates = switch (state.type()) {
                case UNSAFE_CONTAINER -> MUTATORS.contains(method);
                case UNSAFE_FORMAT -> FORMAT_MUTATORS.contains(method);
                case THREAD_SAFE -> MUTATORS.contains(method) && !ATOMIC_ON_THREAD_SAFE.contains(method)
                        && !method.startsWith("poll") && !method.startsWith("offer");
                case PLAIN, UNKNOWN -> false;
            };
            if (!mutates) {
                return state.type() == SharedState.ValueType.THREAD_SAFE
                        ? StateAccess.Kind.REFERENCE : StateAccess.Kind.READ;
            }
            if (checkedFirst(call, state)) {
                return StateAccess.Kind.CHECK_THEN_ACT;
            }
            return state.type() == SharedState.ValueType.THREAD_SAFE
                    ? StateAccess.Kind.REFERENCE : StateAccess.Kind.MUTATING_CALL;
        }
        if (parent.get() instanceof MethodReferenceExpr reference && reference.getScope() == access) {
            // `list::add` handed to forEach or a stream: a call of that method on the state, just deferred.
            boolean mutates = state.type() == SharedState.ValueType.UNSAFE_CONTAINER
                    && MUTATORS.contains(reference.getIdentifier())
                    || state.type() == SharedState.ValueType.UNSAFE_FORMAT
                    && FORMAT_MUTATORS.contains(reference.getIdentifier());
            return mutates ? StateAccess.Kind.MUTATING_CALL : StateAccess.Kind.REFERENCE;
        }
        if (parent.get() instanceof ForEachStmt loop && loop.getIterable() == access) {
            return StateAccess.Kind.READ;
        }
        boolean container = state.type() != SharedState.ValueType.PLAIN;
        return container ? StateAccess.Kind.REFERENCE : StateAccess.Kind.READ;
    }

    private static boolean readsSame(Expression value, SharedState state) {
        return value.findFirst(Expression.class, e -> refersTo(e, state)).isPresent();
    }

    private static boolean refersTo(Expression expression, SharedState state) {
        if (expression instanceof NameExpr name) {
            return Scopes.resolve(name.getNameAsString(), name).map(Scopes::declaringNode)
                    .filter(d -> d == state.declaration()).isPresent();
        }
        if (expression instanceof FieldAccessExpr access && isOwnField(access)) {
            return Scopes.enclosingClass(access).flatMap(owner -> fieldOf(owner, access.getNameAsString()))
                    .map(Scopes::declaringNode).filter(d -> d == state.declaration()).isPresent();
        }
        return false;
    }

    /**
     * {@code if (!map.containsKey(k)) map.put(k, v)}: the act sits under a check of the same state; or
     * {@code map.put(k, map.get(k) + 1)}: the act's own argument reads it first.
     */
    private static boolean checkedFirst(MethodCallExpr act, SharedState state) {
        if (act.getArguments().stream().anyMatch(argument -> argument.findFirst(MethodCallExpr.class,
                check -> CHECKS.contains(check.getNameAsString())
                        && check.getScope().filter(s -> refersTo(s, state)).isPresent()).isPresent())) {
            return true;
        }
        for (Optional<Node> parent = act.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            Expression condition = candidate instanceof IfStmt ifStmt ? ifStmt.getCondition()
                    : candidate instanceof ConditionalExpr conditional ? conditional.getCondition() : null;
            if (condition != null && !act.isDescendantOf(condition) && condition.findFirst(MethodCallExpr.class,
                    check -> CHECKS.contains(check.getNameAsString())
                            && check.getScope().filter(s -> refersTo(s, state)).isPresent()).isPresent()) {
                return true;
            }
            if (candidate instanceof com.github.javaparser.ast.body.CallableDeclaration<?>
                    || candidate instanceof com.github.javaparser.ast.expr.LambdaExpr) {
                return false;
            }
        }
        return false;
    }

    private static final Set<String> ATOMIC_WRITES = Set.of(
            "set", "lazySet", "setPlain", "setOpaque", "setRelease", "getAndSet", "compareAndSet",
            "incrementAndGet", "decrementAndGet", "getAndIncrement", "getAndDecrement", "addAndGet", "getAndAdd",
            "updateAndGet", "getAndUpdate", "accumulateAndGet", "getAndAccumulate", "increment", "decrement",
            "countDown");

    /**
     * True when the access changes the variable it names, or what it holds: assigned, incremented, an array
     * element assigned ({@code box[0] = x}), a container changed ({@code list.add(x)}), an atomic or a latch moved
     * ({@code done.set(true)}, {@code latch.countDown()}).
     */
    static boolean writes(Expression access) {
        Node parent = access.getParentNode().orElse(null);
        if (parent instanceof com.github.javaparser.ast.expr.ArrayAccessExpr element && element.getName() == access) {
            return writes(element);
        }
        if (parent instanceof AssignExpr assign) {
            return assign.getTarget() == access;
        }
        if (parent instanceof UnaryExpr unary) {
            return unary.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT
                    && unary.getOperator() != UnaryExpr.Operator.MINUS && unary.getOperator() != UnaryExpr.Operator.PLUS
                    && unary.getOperator() != UnaryExpr.Operator.BITWISE_COMPLEMENT;
        }
        return parent instanceof MethodCallExpr call && call.getScope().orElse(null) == access
                && (MUTATORS.contains(call.getNameAsString()) || ATOMIC_WRITES.contains(call.getNameAsString()));
    }

    /** A call that changes the container or builder it is called on ({@code add}, {@code put}, {@code append}). */
    static boolean isMutatingCall(String name) {
        return MUTATORS.contains(name);
    }

    /** {@code this.x}, {@code Outer.this.x}: a field of this object, whatever locals are named. */
    static boolean isOwnField(FieldAccessExpr access) {
        return access.getScope() instanceof ThisExpr;
    }

    /** The field {@code name} declared directly in the class {@code owner} (a type or an anonymous class). */
    static Optional<Scopes.Declaration> fieldOf(Node owner, String name) {
        Iterable<? extends Node> members = owner instanceof TypeDeclaration<?> type ? type.getMembers()
                : owner instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()
                ? creation.getAnonymousClassBody().get() : List.of();
        for (Node member : members) {
            if (member instanceof FieldDeclaration field) {
                for (VariableDeclarator variable : field.getVariables()) {
                    if (variable.getNameAsString().equals(name)) {
                        return Optional.of(new Scopes.FieldDeclared(owner, field, variable));
                    }
                }
            }
        }
        return Optional.empty();
    }

}
