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

import java.util.Optional;

/** Control-flow facts read off the tree: which code cannot run after which, in one call of a method. */
final class Paths {

    private Paths() {
    }

    /**
     * True when no run of {@code owner} passes through {@code first} and then reaches {@code second}: they sit in
     * different branches of one {@code if}, conditional or switch, or {@code first}'s block leaves the method
     * ({@code return}, {@code throw}) after it, before {@code second}.
     */
    static boolean exclusive(Node first, Node second, Node owner) {
        Node child = first;
        for (Optional<Node> parent = first.getParentNode(); parent.isPresent() && parent.get() != owner;
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node scope = parent.get();
            if (Trees.encloses(scope, second)) {
                return inOtherBranch(scope, child, second);
            }
            if (scope instanceof BlockStmt block && leavesAfter(block, child)) {
                return true;
            }
        }
        return false;
    }

    /** {@code scope} holds both; true when {@code second} is in a different branch from {@code firstSide}. */
    private static boolean inOtherBranch(Node scope, Node firstSide, Node second) {
        if (scope instanceof IfStmt ifStmt) {
            boolean firstInThen = ifStmt.getThenStmt() == firstSide;
            boolean firstInElse = ifStmt.getElseStmt().filter(e -> e == firstSide).isPresent();
            boolean secondInThen = Trees.encloses(ifStmt.getThenStmt(), second);
            boolean secondInElse = ifStmt.getElseStmt().filter(e -> Trees.encloses(e, second)).isPresent();
            return firstInThen && secondInElse || firstInElse && secondInThen;
        }
        if (scope instanceof ConditionalExpr conditional) {
            return conditional.getThenExpr() == firstSide && Trees.encloses(conditional.getElseExpr(), second)
                    || conditional.getElseExpr() == firstSide && Trees.encloses(conditional.getThenExpr(), second);
        }
        if (firstSide instanceof SwitchEntry entry && !Trees.encloses(entry, second)) {
            // Another case of the same switch; a fall-through into it is rare enough to ignore here.
            return scope.getChildNodes().stream().anyMatch(c -> c instanceof SwitchEntry && Trees.encloses(c, second));
        }
        return false;
    }

    /** The block returns or throws after {@code child}, on every path through the block. */
    private static boolean leavesAfter(BlockStmt block, Node child) {
        boolean after = false;
        for (Statement statement : block.getStatements()) {
            if (after && (statement instanceof ReturnStmt || statement instanceof ThrowStmt)) {
                return true;
            }
            after |= statement == child;
        }
        return false;
    }
}
