package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;

import java.util.ArrayList;
import java.util.List;
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
        return !(branch instanceof BlockStmt block && block.getStatements().size() > 2) && leaves(branch);
    }

    /** A branch that ends by leaving the loop: {@code break} or {@code return}, alone or closing a block. */
    public static boolean leaves(Statement branch) {
        Statement last = branch instanceof BlockStmt block ? block.getStatements().getLast().orElse(null) : branch;
        return last instanceof BreakStmt || last instanceof ReturnStmt;
    }

    /** The condition of a while, do or for loop; null for anything else, and for {@code for (;;)}. */
    public static Expression condition(Node loop) {
        return loop instanceof WhileStmt w ? w.getCondition()
                : loop instanceof DoStmt d ? d.getCondition()
                : loop instanceof ForStmt f ? f.getCompare().orElse(null) : null;
    }

    /** The body of a while, do, for or for-each loop. */
    public static Statement body(Statement loop) {
        return loop instanceof WhileStmt w ? w.getBody()
                : loop instanceof DoStmt d ? d.getBody()
                : loop instanceof ForEachStmt each ? each.getBody() : ((ForStmt) loop).getBody();
    }

    /**
     * The conditions of the ifs in the loop (not in a loop nested in it) whose branch leaves it:
     * {@code while (true) { if (ready) break; ... }}.
     */
    public static List<Expression> leavingConditions(Statement loop, boolean forEachIsLoop) {
        List<Expression> conditions = new ArrayList<>();
        body(loop).walk(IfStmt.class, ifStmt -> {
            if (enclosingLoop(ifStmt, forEachIsLoop).orElse(null) == loop && leaves(ifStmt.getThenStmt())) {
                conditions.add(ifStmt.getCondition());
            }
        });
        return conditions;
    }

    /**
     * The innermost while, do or for loop of the node's own method (not looking past a lambda or a class). A
     * for-each loop counts when {@code forEachIsLoop}; otherwise it ends the search.
     */
    public static Optional<Statement> enclosingLoop(Node node, boolean forEachIsLoop) {
        for (Optional<Node> parent = node.getParentNode(); parent.isPresent(); parent = parent.get().getParentNode()) {
            Node candidate = parent.get();
            if (candidate instanceof WhileStmt || candidate instanceof DoStmt || candidate instanceof ForStmt
                    || forEachIsLoop && candidate instanceof ForEachStmt) {
                return Optional.of((Statement) candidate);
            }
            if (candidate instanceof ForEachStmt || candidate instanceof LambdaExpr
                    || candidate instanceof BodyDeclaration<?>) {
                return Optional.empty();
            }
        }
        return Optional.empty();
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
