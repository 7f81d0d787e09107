package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.TryStmt;

import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.engine.Trees;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Java name scoping, as far as the rules need it: what a simple name refers to at a place in the tree. */
public final class Scopes {

    private Scopes() {
    }

    /** Where the name is declared: a field of an enclosing class, or a local variable or parameter. */
    public sealed interface Declaration permits FieldDeclared, LocalDeclared {
    }

    /** A field of {@code owner} (a type declaration, or an object creation with an anonymous class body). */
    public record FieldDeclared(Node owner, FieldDeclaration field, VariableDeclarator variable) implements Declaration {
    }

    /** A local variable or parameter; {@code declaration} is its VariableDeclarator or Parameter. */
    public record LocalDeclared(Node declaration) implements Declaration {
    }

    /** Resolves the simple name {@code name} as seen at {@code use}; empty when it is not found in this file. */
    public static Optional<Declaration> resolve(String name, Node use) {
        Node child = use;
        for (Optional<Node> parent = use.getParentNode(); parent.isPresent();
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node scope = parent.get();
            Optional<Declaration> found = declaredIn(scope, child, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Declaration> declaredIn(Node scope, Node child, String name) {
        if (scope instanceof BlockStmt block) {
            return localVisibleAt(block, child, name);
        } else if (scope instanceof ForStmt loop) {
            for (var init : loop.getInitialization()) {
                if (init instanceof VariableDeclarationExpr declaration) {
                    Optional<Declaration> local = variableNamed(declaration, name);
                    if (local.isPresent()) {
                        return local;
                    }
                }
            }
        } else if (scope instanceof ForEachStmt loop) {
            return variableNamed(loop.getVariable(), name);
        } else if (scope instanceof CatchClause clause) {
            return parameterNamed(clause.getParameter(), name);
        } else if (scope instanceof TryStmt tryStmt) {
            for (var resource : tryStmt.getResources()) {
                if (resource instanceof VariableDeclarationExpr declaration) {
                    Optional<Declaration> local = variableNamed(declaration, name);
                    if (local.isPresent()) {
                        return local;
                    }
                }
            }
        } else if (scope instanceof LambdaExpr lambda) {
            for (Parameter parameter : lambda.getParameters()) {
                Optional<Declaration> local = parameterNamed(parameter, name);
                if (local.isPresent()) {
                    return local;
                }
            }
        } else if (scope instanceof CallableDeclaration<?> callable) {
            for (Parameter parameter : callable.getParameters()) {
                Optional<Declaration> local = parameterNamed(parameter, name);
                if (local.isPresent()) {
                    return local;
                }
            }
        } else if (scope instanceof TypeDeclaration<?> type) {
            return Optional.ofNullable(fieldIndex(type, type.getMembers()).get(name));
        } else if (scope instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()) {
            return Optional.ofNullable(fieldIndex(creation, creation.getAnonymousClassBody().get()).get(name));
        }
        return Optional.empty();
    }

    /** A local a block declares: the first statement that declares the name, and its declaration. */
    private record BlockLocal(int statement, Declaration declaration) {
    }

    /**
     * The locals a block declares by name, found once per block and kept on it: resolving a name by scanning the
     * block's statements would cost the square of a long method's length (generated code has methods of thousands
     * of statements).
     */
    private static final DataKey<Map<String, BlockLocal>> BLOCK_LOCALS = new DataKey<>() {
    };
    private static final DataKey<Map<String, Declaration>> FIELDS = new DataKey<>() {
    };

    /** A local is in scope from its own declarator on, its initializer included. */
    private static Optional<Declaration> localVisibleAt(BlockStmt block, Node child, String name) {
        BlockLocal local = Trees.kept(block, BLOCK_LOCALS, () -> blockLocals(block)).get(name);
        if (local == null) {
            return Optional.empty();
        }
        int at = Trees.positionIn(block, child);
        return at < 0 || local.statement() <= at ? Optional.of(local.declaration()) : Optional.empty();
    }

    private static Map<String, BlockLocal> blockLocals(BlockStmt block) {
        Map<String, BlockLocal> locals = new HashMap<>();
        List<Statement> statements = block.getStatements();
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof ExpressionStmt expression
                    && expression.getExpression() instanceof VariableDeclarationExpr declaration) {
                for (VariableDeclarator variable : declaration.getVariables()) {
                    locals.putIfAbsent(variable.getNameAsString(), new BlockLocal(i, new LocalDeclared(variable)));
                }
            }
        }
        return locals;
    }

    /** The fields a class body declares by name (the first of a name, as a scan in order would find), kept on it. */
    private static Map<String, Declaration> fieldIndex(Node owner, Iterable<? extends Node> members) {
        return Trees.kept(owner, FIELDS, () -> {
            Map<String, Declaration> fields = new HashMap<>();
            for (Node member : members) {
                if (member instanceof FieldDeclaration field) {
                    for (VariableDeclarator variable : field.getVariables()) {
                        fields.putIfAbsent(variable.getNameAsString(), new FieldDeclared(owner, field, variable));
                    }
                }
            }
            return fields;
        });
    }

    private static Optional<Declaration> variableNamed(VariableDeclarationExpr declaration, String name) {
        for (VariableDeclarator variable : declaration.getVariables()) {
            if (variable.getNameAsString().equals(name)) {
                return Optional.of(new LocalDeclared(variable));
            }
        }
        return Optional.empty();
    }

    private static Optional<Declaration> parameterNamed(Parameter parameter, String name) {
        return parameter.getNameAsString().equals(name)
                ? Optional.of(new LocalDeclared(parameter)) : Optional.empty();
    }

    /**
     * The variable a scope expression names, if it names one: {@code x} in {@code x.add(...)}, and also in
     * {@code x::add}, where the parser cannot tell a variable from a type and calls it a type.
     */
    static Optional<Declaration> variableNamed(com.github.javaparser.ast.expr.Expression scope) {
        if (scope instanceof com.github.javaparser.ast.expr.NameExpr name) {
            return resolve(name.getNameAsString(), name);
        }
        if (scope instanceof com.github.javaparser.ast.expr.TypeExpr type
                && type.getType() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType classType
                && classType.getScope().isEmpty() && classType.getTypeArguments().isEmpty()) {
            return resolve(classType.getNameAsString(), scope);
        }
        return Optional.empty();
    }

    /**
     * The class type a field, local variable or parameter is declared with, as written ({@code Outer.Inner},
     * {@code List} for {@code List<String>}); empty for {@code var}, primitives and arrays.
     */
    public static Optional<ClassOrInterfaceType> declaredClass(Declaration declaration) {
        Node node = declaration instanceof FieldDeclared field ? field.variable()
                : ((LocalDeclared) declaration).declaration();
        Type type = node instanceof VariableDeclarator variable ? variable.getType()
                : node instanceof Parameter parameter ? parameter.getType() : null;
        return type instanceof ClassOrInterfaceType classType && !type.isVarType()
                ? Optional.of(classType) : Optional.empty();
    }

    /** The nearest enclosing class: a type declaration or an anonymous class body. */
    public static Optional<Node> enclosingClass(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof TypeDeclaration<?>) {
                return parent;
            }
            if (candidate instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isPresent()
                    && creation.getAnonymousClassBody().get().stream().anyMatch(m -> node.isDescendantOf(m))) {
                return parent;
            }
        }
        return Optional.empty();
    }

    /** A readable name for a class node: {@code Outer.Inner}, or {@code Outer$anonymous} for an anonymous one. */
    static String className(Node owner) {
        String own = owner instanceof TypeDeclaration<?> type ? type.getNameAsString()
                : owner instanceof ObjectCreationExpr creation ? "new " + creation.getType().getNameAsString() + "(){}"
                : "?";
        return enclosingClass(owner).map(outer -> className(outer) + "." + own).orElse(own);
    }

    /** The method, constructor or initializer whose body holds {@code node} (not looking past a class). */
    public static Optional<Node> enclosingCallable(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof MethodDeclaration || candidate instanceof ConstructorDeclaration
                    || candidate instanceof com.github.javaparser.ast.body.InitializerDeclaration) {
                return parent;
            }
            if (candidate instanceof TypeDeclaration<?> || candidate instanceof ObjectCreationExpr creation
                    && creation.getAnonymousClassBody().map(b -> b.stream().anyMatch(m -> node.isDescendantOf(m)))
                    .orElse(false)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The variable or field an expression names: a simple name, or {@code this.x} ({@code Outer.this.x}) for a
     * field of the enclosing class.
     */
    public static Optional<Declaration> referencedBy(com.github.javaparser.ast.expr.Expression expression) {
        if (expression instanceof com.github.javaparser.ast.expr.NameExpr name) {
            return resolve(name.getNameAsString(), name);
        }
        if (expression instanceof com.github.javaparser.ast.expr.FieldAccessExpr access
                && AccessKinds.isOwnField(access)) {
            return enclosingClass(access).flatMap(owner -> AccessKinds.fieldOf(owner, access.getNameAsString()));
        }
        return Optional.empty();
    }

    /** The node that declares the variable: a VariableDeclarator, or a Parameter. */
    public static Node declaringNode(Declaration declaration) {
        return declaration instanceof FieldDeclared field ? field.variable()
                : ((LocalDeclared) declaration).declaration();
    }

    /** The outermost type declaration around {@code node} (itself, if it is one): the top-level class. */
    public static Node outermostType(Node node) {
        Node outermost = node;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            if (parent.get() instanceof TypeDeclaration<?>) {
                outermost = parent.get();
            }
        }
        return outermost;
    }

    /** The declaring node of the variable or field a simple name or {@code this.x} refers to, if it is in the file. */
    public static Optional<Node> declaringNodeOf(Node reference) {
        return reference instanceof com.github.javaparser.ast.expr.Expression expression
                ? referencedBy(expression).map(Scopes::declaringNode) : Optional.empty();
    }

    /** The name a VariableDeclarator or Parameter declares. */
    public static String nameDeclaredBy(Node declaringNode) {
        return declaringNode instanceof VariableDeclarator variable ? variable.getNameAsString()
                : ((Parameter) declaringNode).getNameAsString();
    }

    /** Every reference under {@code within} (a simple name or {@code this.x}) to the variable {@code declared}. */
    public static List<com.github.javaparser.ast.expr.Expression> uses(Node declared, Node within) {
        List<com.github.javaparser.ast.expr.Expression> uses = new java.util.ArrayList<>();
        for (com.github.javaparser.ast.expr.Expression use : namesIn(within).getOrDefault(nameDeclaredBy(declared),
                List.of())) {
            if (declaringNodeOf(use).filter(d -> d == declared).isPresent()) {
                uses.add(use);
            }
        }
        return uses;
    }

    private static final DataKey<Map<String, List<com.github.javaparser.ast.expr.Expression>>> NAMES =
            new DataKey<>() {
            };

    /**
     * The simple names and field accesses under {@code within}, by name, in tree order: built once per node asked
     * about (a method, usually) and kept on it, so that asking for each of a method's many variables in turn does
     * not walk the method once per variable.
     */
    public static Map<String, List<com.github.javaparser.ast.expr.Expression>> namesIn(Node within) {
        return Trees.kept(within, NAMES, () -> {
            Map<String, List<com.github.javaparser.ast.expr.Expression>> names = new HashMap<>();
            within.walk(node -> {
                if (node instanceof com.github.javaparser.ast.expr.NameExpr name) {
                    names.computeIfAbsent(name.getNameAsString(), k -> new java.util.ArrayList<>()).add(name);
                } else if (node instanceof com.github.javaparser.ast.expr.FieldAccessExpr access) {
                    names.computeIfAbsent(access.getNameAsString(), k -> new java.util.ArrayList<>()).add(access);
                }
            });
            return names;
        });
    }

    /**
     * The simple class name a variable, parameter or field receiver was declared with ({@code ExecutorService} for
     * {@code pool}); empty for {@code var}, primitives, arrays and anything not declared in the file.
     */
    public static Optional<String> declaredTypeName(com.github.javaparser.ast.expr.Expression receiver) {
        return referencedBy(receiver).flatMap(Scopes::declaredClass).map(ClassOrInterfaceType::getNameAsString);
    }
}
