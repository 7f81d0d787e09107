package dev.threadlint.engine;

import com.github.javaparser.ast.Node;

/** Code as messages quote it: on one line, and short enough to read in a console. */
public final class SourceText {

    private static final int LIMIT = 60;

    private SourceText() {
    }

    /** The node's source with white space runs made one space, cut to 60 characters with an ellipsis. */
    public static String shortened(Node node) {
        String text = node.toString().replaceAll("\\s+", " ");
        return text.length() <= LIMIT ? text : text.substring(0, LIMIT - 3) + "...";
    }
}
