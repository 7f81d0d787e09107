package dev.threadlint.engine;

import com.github.javaparser.ast.Node;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a file nests deepest, to point a "nested too deeply" diagnostic at a line. Both searches use loops, not
 * recursion: they run exactly when recursion has just run out of stack.
 */
final class NestingDepth {

    /** Below this many levels the deepest place says nothing useful (the culprit is an else-if chain, say). */
    private static final int TELLING_DEPTH = 32;

    private NestingDepth() {
    }

    /**
     * The line where brackets ({@code ( [ {}) nest deepest in source text, skipping comments and literals; 1 when
     * nothing nests deeply.
     */
    static int deepestLine(String source) {
        int depth = 0;
        int deepest = 0;
        int deepestLine = 1;
        int line = 1;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                while (i + 1 < source.length() && source.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                for (i += 2; i + 1 < source.length() && !(source.charAt(i) == '*' && source.charAt(i + 1) == '/'); i++) {
                    if (source.charAt(i) == '\n') {
                        line++;
                    }
                }
                i++;
            } else if (c == '"' || c == '\'') {
                for (i++; i < source.length() && source.charAt(i) != c && source.charAt(i) != '\n'; i++) {
                    if (source.charAt(i) == '\\') {
                        i++;
                    }
                }
                if (i < source.length() && source.charAt(i) == '\n') {
                    line++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                if (depth > deepest) {
                    deepest = depth;
                    deepestLine = line;
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return deepest >= TELLING_DEPTH ? deepestLine : 1;
    }

    /** The first line of the deepest node of a parsed tree. */
    static int deepestLine(Node root) {
        record Visit(Node node, int depth) {
        }
        Deque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(root, 0));
        Node deepest = root;
        int deepestDepth = 0;
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            if (visit.depth() > deepestDepth) {
                deepestDepth = visit.depth();
                deepest = visit.node();
            }
            for (Node child : visit.node().getChildNodes()) {
                pending.push(new Visit(child, visit.depth() + 1));
            }
        }
        return deepest.getBegin().map(position -> position.line).orElse(1);
    }
}
