package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;

import java.util.Optional;

/** Whether an expression decides when a loop stops: the loop re-reads it, expecting another thread to change it. */
public final class LoopConditions {

    private LoopConditions() {
    }

    /**
     * True when {@code node} sits in a loop's condition, or in the condition of an {@code if} inside a loop that
     * leaves the loop ({@code break} or {@code return}).
     */
    public static boolean polls(Node node) {
        Node child = node;
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                child = parent.get(), parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof WhileStmt loop && loop.getCondition() == child
                    || candidate instanceof DoStmt loop2 && loop2.getCondition() == child
                    || candidate instanceof ForStmt loop3 && loop3.getCompare().orElse(null) == child) {
                return true;
            }
            if (candidate instanceof IfStmt ifStmt && ifStmt.getCondition() == child) {
                return leavesLoop(ifStmt.getThenStmt()) && insideLoop(ifStmt);
            }
            if (candidate instanceof Statement || candidate instanceof CallableDeclaration<?>
                    || candidate instanceof LambdaExpr) {
                return false;
            }
        }
        return false;
    }

    /** A branch that only leaves: {@code break;}, {@code return;}, or a short block ending so. */
    private static boolean leavesLoop(Statement branch) {
        Statement last = branch;
        if (branch instanceof BlockStmt block) {
            if (block.getStatements().isEmpty() || block.getStatements().size() > 2) {
                return false;
            }
            last = block.getStatements().getLast().orElseThrow();
        }
        return last instanceof BreakStmt || last instanceof ReturnStmt;
    }

    private static boolean insideLoop(Node node) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent();
                parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof WhileStmt || candidate instanceof DoStmt || candidate instanceof ForStmt
                    || candidate instanceof com.github.javaparser.ast.stmt.ForEachStmt) {
                return true;
            }
            if (candidate instanceof CallableDeclaration<?> || candidate instanceof LambdaExpr) {
                return false;
            }
        }
        return false;
    }
}
