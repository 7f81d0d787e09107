package dev.threadlint.engine;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tree questions answered in time proportional to the nesting depth. JavaParser's {@code Node.isAncestorOf}
 * searches the whole subtree of the would-be ancestor, so asked once per node of a method it costs the square of
 * the method's size; a generated method of thousands of statements then stalls the build.
 */
public final class Trees {

    private Trees() {
    }

    /** True when {@code ancestor} strictly contains {@code node}: the same answer as {@code ancestor.isAncestorOf(node)}. */
    public static boolean encloses(Node ancestor, Node node) {
        if (ancestor == node) {
            return false;
        }
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            if (parent.get() == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static final DataKey<Map<Class<?>, List<? extends Node>>> FOUND = new DataKey<>() {
    };

    /**
     * Every node of {@code kind} under {@code root} (itself included), in tree order, found once per root and kind
     * and kept on the root: for questions asked once per start, call or access of a method about the same method
     * ("is there a wait after this start?"), which would otherwise walk the method once per question. The tree
     * belongs to one worker thread, and so does what is kept on it.
     */
    @SuppressWarnings("unchecked")
    public static <T extends Node> List<T> all(Node root, Class<T> kind) {
        Map<Class<?>, List<? extends Node>> found;
        if (root.containsData(FOUND)) {
            found = root.getData(FOUND);
        } else {
            found = new HashMap<>();
            root.setData(FOUND, found);
        }
        return (List<T>) found.computeIfAbsent(kind, k -> List.copyOf(root.findAll(kind)));
    }
}
