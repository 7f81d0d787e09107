package dev.threadlint.engine;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedTypeParameterDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.resolution.types.ResolvedWildcard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type questions, answered with the symbol solver only when a rule asks (resolution costs several times a
 * parse, so it is done at candidate sites, never for every expression). The solver throws on anything it
 * cannot see, and overflows its stack on some real code; both become {@link Answer#UNKNOWN}.
 */
public final class TypeQuestions {

    /**
     * Answers of {@link #inherits} by class and wanted supertype. One instance serves one worker thread for one
     * analysis, so the memo needs no lock, and it saves the solver from resolving (often parsing) the same
     * superclasses for every file that extends them.
     */
    private final Map<String, Answer> inheritance = new HashMap<>();

    /** Is the static type of {@code expression} {@code qualifiedName} or a subtype of it? */
    public Answer isSubtypeOf(Expression expression, String qualifiedName) {
        try {
            return isSubtypeOf(expression.calculateResolvedType(), qualifiedName);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable unresolvable) {
            return Answer.UNKNOWN;
        }
    }

    /** A type variable or wildcard is a subtype when one of its upper bounds is. */
    private Answer isSubtypeOf(ResolvedType type, String qualifiedName) {
        if (type.isTypeVariable()) {
            for (ResolvedTypeParameterDeclaration.Bound bound : type.asTypeParameter().getBounds()) {
                if (bound.isExtends() && isSubtypeOf(bound.getType(), qualifiedName) == Answer.YES) {
                    return Answer.YES;
                }
            }
            return Answer.UNKNOWN;
        }
        if (type.isWildcard()) {
            ResolvedWildcard wildcard = type.asWildcard();
            return wildcard.isExtends() ? isSubtypeOf(wildcard.getBoundedType(), qualifiedName) : Answer.UNKNOWN;
        }
        if (!type.isReferenceType()) {
            return type.isPrimitive() || type.isArray() || type.isVoid() ? Answer.NO : Answer.UNKNOWN;
        }
        ResolvedReferenceType reference = type.asReferenceType();
        if (reference.getQualifiedName().equals(qualifiedName)) {
            return Answer.YES;
        }
        return reference.getTypeDeclaration().map(d -> inherits(d, qualifiedName)).orElse(Answer.UNKNOWN);
    }

    /**
     * Is the class declared by {@code typeNode} a subtype of {@code qualifiedName}? {@code typeNode} is a type
     * declaration or an object creation with an anonymous class body; anything else answers {@link Answer#NO}.
     */
    public Answer declaresSubtypeOf(Node typeNode, String qualifiedName) {
        try {
            if (typeNode instanceof ObjectCreationExpr creation) {
                if (creation.getAnonymousClassBody().isEmpty()) {
                    return Answer.NO;
                }
                ResolvedReferenceType created = creation.getType().resolve().asReferenceType();
                if (created.getQualifiedName().equals(qualifiedName)) {
                    return Answer.YES;
                }
                return created.getTypeDeclaration().map(d -> inherits(d, qualifiedName)).orElse(Answer.UNKNOWN);
            }
            if (typeNode instanceof TypeDeclaration<?> declaration) {
                ResolvedReferenceTypeDeclaration resolved = declaration.resolve();
                if (resolved.getQualifiedName().equals(qualifiedName)) {
                    return Answer.YES;
                }
                return inherits(resolved, qualifiedName);
            }
            return Answer.NO;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable unresolvable) {
            return Answer.UNKNOWN;
        }
    }

    /**
     * Walks the ancestors breadth-first. When some ancestor cannot be resolved and the wanted one was not found
     * among the rest, the honest answer is unknown, not no.
     */
    private Answer inherits(ResolvedReferenceTypeDeclaration start, String qualifiedName) {
        String key = start.getQualifiedName() + "<" + qualifiedName;
        Answer known = inheritance.get(key);
        if (known != null) {
            return known;
        }
        Answer answer = walkAncestors(start, qualifiedName);
        inheritance.put(key, answer);
        return answer;
    }

    private Answer walkAncestors(ResolvedReferenceTypeDeclaration start, String qualifiedName) {
        Deque<ResolvedReferenceTypeDeclaration> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(start);
        boolean incomplete = false;
        while (!pending.isEmpty()) {
            ResolvedReferenceTypeDeclaration current = pending.remove();
            if (!seen.add(current.getQualifiedName())) {
                continue;
            }
            Answer known = current == start ? null : inheritance.get(current.getQualifiedName() + "<" + qualifiedName);
            if (known == Answer.YES) {
                return Answer.YES;
            }
            if (known != null) {
                incomplete |= known == Answer.UNKNOWN;
                continue;
            }
            List<ResolvedReferenceType> ancestors;
            try {
                ancestors = current.getAncestors(false);
            } catch (RuntimeException partlyUnresolvable) {
                incomplete = true;
                ancestors = current.getAncestors(true);
            }
            for (ResolvedReferenceType ancestor : ancestors) {
                if (ancestor.getQualifiedName().equals(qualifiedName)) {
                    return Answer.YES;
                }
                ancestor.getTypeDeclaration().ifPresent(pending::add);
            }
        }
        return incomplete ? Answer.UNKNOWN : Answer.NO;
    }
}
