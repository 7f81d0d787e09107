package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;

import java.util.Set;

/**
 * One read or write of shared state, with the locks held there.
 *
 * @param state  what is accessed: a field or a captured local variable
 * @param kind   how it is accessed
 * @param node   the expression, where a finding is anchored
 * @param locks  locks held at the access, including those held by callers on the way from the thread's entry
 * @param thread the code context it runs in
 */
public record StateAccess(SharedState state, Kind kind, Node node, Set<LockName> locks, ThreadContext thread) {

    public enum Kind {
        /** The variable's value taken as a whole (passed on, compared, locked on), without looking inside it. */
        REFERENCE,
        /** A read of a plain value, or of a container's contents (a query call, an iteration). */
        READ,
        /** A plain assignment. */
        WRITE,
        /** {@code x++}, {@code x += 1}, {@code x = x + 1}: a read and a write that another write can come between. */
        READ_MODIFY_WRITE,
        /** A call that changes a collection, builder or formatter: {@code add}, {@code put}, {@code append}. */
        MUTATING_CALL,
        /** A change guarded by a separate check: {@code if (!map.containsKey(k)) map.put(k, v)}. */
        CHECK_THEN_ACT;

        public boolean writes() {
            return this != READ && this != REFERENCE;
        }

        /** Replacing the variable itself, as opposed to changing the object it holds. */
        public boolean replaces() {
            return this == WRITE || this == READ_MODIFY_WRITE;
        }
    }

    public int line() {
        return node.getBegin().map(p -> p.line).orElse(0);
    }

    /** True when some lock held here excludes some lock held at {@code other}. */
    public boolean sharesLockWith(StateAccess other) {
        for (LockName mine : locks) {
            for (LockName theirs : other.locks) {
                if (mine.excludes(theirs)) {
                    return true;
                }
            }
        }
        return false;
    }
}
