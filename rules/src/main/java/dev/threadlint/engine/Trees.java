package dev.threadlint.engine;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Facts about a tree found once and kept on its nodes, for questions asked once per start, call or access about the
 * same method, block or class: answered by a search each time, they cost the square of the method's size, and a
 * generated method of thousands of statements stalls the build. What is kept lives as long as the tree and belongs
 * to the worker thread that owns it. (JavaParser's own {@code isAncestorOf} searches the whole subtree;
 * {@code isDescendantOf}, which walks up the parents, is the one to ask.)
 */
public final class Trees {

    private Trees() {
    }

    /** The fact {@code key} of {@code node}: computed on first use, then kept on the node. */
    public static <T> T kept(Node node, DataKey<T> key, Supplier<T> compute) {
        if (node.containsData(key)) {
            return node.getData(key);
        }
        T value = compute.get();
        node.setData(key, value);
        return value;
    }

    private static final DataKey<Map<Class<?>, List<? extends Node>>> FOUND = new DataKey<>() {
    };

    /** Every node of {@code kind} under {@code root} (itself included), in tree order. */
    @SuppressWarnings("unchecked")
    public static <T extends Node> List<T> all(Node root, Class<T> kind) {
        return (List<T>) kept(root, FOUND, HashMap::new)
                .computeIfAbsent(kind, k -> List.copyOf(root.findAll(kind)));
    }

    private static final DataKey<Map<Node, Integer>> POSITIONS = new DataKey<>() {
    };

    /** The index of {@code statement} among the statements of {@code block}, or -1 when it is not one of them. */
    public static int positionIn(BlockStmt block, Node statement) {
        return kept(block, POSITIONS, () -> {
            Map<Node, Integer> positions = new IdentityHashMap<>();
            List<Statement> statements = block.getStatements();
            for (int i = 0; i < statements.size(); i++) {
                positions.put(statements.get(i), i);
            }
            return positions;
        }).getOrDefault(statement, -1);
    }

    /** A branch that ends the method: {@code return} or {@code throw}, alone or closing a block. */
    public static boolean leavesMethod(Statement branch) {
        Statement last = branch instanceof BlockStmt block ? block.getStatements().getLast().orElse(null) : branch;
        return last instanceof ReturnStmt || last instanceof ThrowStmt;
    }
}
