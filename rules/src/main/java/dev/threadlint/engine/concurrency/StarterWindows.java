package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.threadlint.engine.Trees;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The starter's window of one or more starts in a method: the code of the method that may run while a started task
 * does, that is after the start (anywhere in the start's own loop), and not in a branch the start excludes (the
 * other side of its {@code if}, another case of its switch, or past a {@code return} or {@code throw} that ends the
 * start's block). Built by climbing from each start to the method once and marking whole subtrees, so that the cost
 * is the size of the method plus, for each start, its depth: testing every node of the method against every start
 * costs the product, which a generated method of thousands of starts in an else-if chain turns into minutes.
 */
final class StarterWindows {

    /** Nodes in the window with their whole subtrees (every node of such a subtree is in the set). */
    private final Set<Node> marked = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Nodes in the window without their subtrees: the start's enclosing nodes inside its loop. */
    private final Set<Node> singles = Collections.newSetFromMap(new IdentityHashMap<>());
    /** For a block, how many of its first statements are already marked as a whole (from loops). */
    private final Map<BlockStmt, Integer> markedPrefix = new IdentityHashMap<>();
    /** Scopes a start's climb went on from, outside its loop and inside it. */
    private final Set<Node> climbed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> climbedInLoop = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Node owner;

    private StarterWindows(Node owner) {
        this.owner = owner;
    }

    /** The window of every one of {@code sites} (start calls in {@code owner}, in file order). */
    static StarterWindows of(List<Node> sites, Node owner) {
        StarterWindows windows = new StarterWindows(owner);
        sites.forEach(windows::add);
        return windows;
    }

    /** True when {@code node} (in the owner) is in the window of one of the starts. */
    boolean contains(Node node) {
        return marked.contains(node) || singles.contains(node);
    }

    private void add(Node site) {
        Optional<Node> loop = TaskStarts.innermostLoop(site);
        boolean withinLoop = loop.isPresent();
        if (withinLoop) {
            mark(site);
        }
        Node child = site;
        for (Optional<Node> parent = site.getParentNode(); parent.isPresent() && parent.get() != owner;
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node scope = parent.get();
            if (scope instanceof BlockStmt block) {
                markBlock(block, child, withinLoop);
                if (leavesAfter(block, child)) {
                    // Nothing after this block runs on the paths through the start.
                    return;
                }
            } else {
                for (Node sibling : scope.getChildNodes()) {
                    if (sibling != child && !otherBranch(scope, child, sibling)
                            && (withinLoop || Waits.before(child, sibling))) {
                        mark(sibling);
                    }
                }
            }
            if (loop.isPresent() && scope == loop.get()) {
                withinLoop = false;
            } else if (withinLoop) {
                singles.add(scope);
            }
            // From here up the climb is the same as an earlier start's that passed here in the same state: its
            // child is this scope at every level above.
            if (!(withinLoop ? climbedInLoop : climbed).add(scope)) {
                return;
            }
        }
    }

    /**
     * The statements of {@code block} after {@code child}, and before it too inside the start's loop. Starts are
     * added in file order, so the statements after a marked one are marked too, and the first {@code markedPrefix}
     * statements are: both searches stop there.
     */
    private void markBlock(BlockStmt block, Node child, boolean loopLevel) {
        List<Statement> statements = block.getStatements();
        int at = Trees.positionIn(block, child);
        for (int i = at + 1; i < statements.size() && !marked.contains(statements.get(i)); i++) {
            mark(statements.get(i));
        }
        if (loopLevel && at > 0) {
            int prefix = markedPrefix.getOrDefault(block, 0);
            for (int i = at - 1; i >= prefix; i--) {
                mark(statements.get(i));
            }
            markedPrefix.put(block, Math.max(prefix, at));
        }
    }

    /** For each block, the position of its last {@code return} or {@code throw}, or -1: found once per block. */
    private final Map<BlockStmt, Integer> lastExits = new IdentityHashMap<>();

    /** Marks a subtree, skipping subtrees already marked whole; a loop, not recursion, for generated nesting. */
    private void mark(Node root) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (marked.add(node)) {
                node.getChildNodes().forEach(pending::push);
            }
        }
    }

    /** The two children of {@code scope} are branches that exclude each other: then and else, two cases. */
    private static boolean otherBranch(Node scope, Node child, Node sibling) {
        if (scope instanceof IfStmt ifStmt) {
            Node then = ifStmt.getThenStmt();
            Node otherwise = ifStmt.getElseStmt().orElse(null);
            return child == then && sibling == otherwise || child == otherwise && sibling == then;
        }
        if (scope instanceof ConditionalExpr conditional) {
            return child == conditional.getThenExpr() && sibling == conditional.getElseExpr()
                    || child == conditional.getElseExpr() && sibling == conditional.getThenExpr();
        }
        // Another case of the same switch; a fall-through into it is rare enough to ignore here.
        return child instanceof SwitchEntry && sibling instanceof SwitchEntry;
    }

    /** The block returns or throws after {@code child}, on every path through the block. */
    private boolean leavesAfter(BlockStmt block, Node child) {
        int at = Trees.positionIn(block, child);
        int lastExit = lastExits.computeIfAbsent(block, b -> {
            List<Statement> statements = b.getStatements();
            for (int i = statements.size() - 1; i >= 0; i--) {
                if (statements.get(i) instanceof ReturnStmt || statements.get(i) instanceof ThrowStmt) {
                    return i;
                }
            }
            return -1;
        });
        return at >= 0 && lastExit > at;
    }
}
