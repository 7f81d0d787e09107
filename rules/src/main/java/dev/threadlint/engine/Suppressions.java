package dev.threadlint.engine;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a finding is suppressed by an annotation on an enclosing declaration (type, method,
 * constructor, field, local variable, parameter):
 * {@code @SuppressWarnings("threadlint")}, {@code @SuppressWarnings("threadlint:<id>")}, or SpotBugs'
 * {@code @SuppressFBWarnings} with {@code <id>}, {@code threadlint} or {@code threadlint:<id>}.
 * Aliases of a renamed rule are honoured like its id.
 */
final class Suppressions {

    static final String TOOL_KEY = "threadlint";

    private Suppressions() {
    }

    static boolean isSuppressed(Node node, RuleDescriptor rule) {
        for (Optional<Node> current = Optional.of(node); current.isPresent();
                current = current.get().getParentNode()) {
            if (current.get() instanceof NodeWithAnnotations<?> annotated
                    && suppressedBy(annotated.getAnnotations(), rule)) {
                return true;
            }
        }
        return false;
    }

    private static boolean suppressedBy(List<AnnotationExpr> annotations, RuleDescriptor rule) {
        for (AnnotationExpr annotation : annotations) {
            String name = annotation.getName().getIdentifier();
            boolean spotBugs = name.equals("SuppressFBWarnings");
            if (!spotBugs && !name.equals("SuppressWarnings")) {
                continue;
            }
            for (String key : values(annotation)) {
                if (key.equals(TOOL_KEY) || (key.startsWith(TOOL_KEY + ":")
                        && rule.answersTo(key.substring(TOOL_KEY.length() + 1)))) {
                    return true;
                }
                if (spotBugs && rule.answersTo(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The strings of the annotation's {@code value}, whether written as one string or an array. */
    private static List<String> values(AnnotationExpr annotation) {
        List<String> values = new ArrayList<>();
        if (annotation instanceof SingleMemberAnnotationExpr single) {
            collectStrings(single.getMemberValue(), values);
        } else if (annotation instanceof NormalAnnotationExpr normal) {
            for (MemberValuePair pair : normal.getPairs()) {
                if (pair.getNameAsString().equals("value")) {
                    collectStrings(pair.getValue(), values);
                }
            }
        }
        return values;
    }

    private static void collectStrings(Expression value, List<String> into) {
        if (value instanceof StringLiteralExpr literal) {
            into.add(literal.asString().trim());
        } else if (value instanceof ArrayInitializerExpr array) {
            array.getValues().forEach(v -> collectStrings(v, into));
        }
    }
}
