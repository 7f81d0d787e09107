package dev.threadlint.engine.concurrency;

import java.util.Optional;

/**
 * Code that runs on one thread, or on several copies of one task at once.
 *
 * @param start    the hand-off this context comes from; empty for a thread not started in this file (a Thread
 *                 subclass's run()) and for callers of a class declared thread-safe
 * @param onTask   true for the task's side; false for the side of the thread that started it (or calls in)
 * @param repeated true when several threads run this same code at once
 * @param outlives for a task: true when its starter does not wait for it before going on to other work, so the
 *                 task can run alongside any later code of the starter's class
 * @param label    who runs it, for messages: {@code the thread started at Worker.java:18}
 */
// Compared by identity throughout: JavaParser nodes, and so records holding them, have structural equality.
public record ThreadContext(Optional<TaskStart> start, boolean onTask, boolean repeated, boolean outlives,
        String label) {

    /**
     * Whether code of this context and of {@code other} can run at the same time. All starter sides are taken as
     * one thread; a task runs alongside its own starter's window, and alongside everything else once it outlives
     * that window; two tasks run together unless the second starts only after the first was waited for.
     */
    public boolean concurrentWith(ThreadContext other, TaskOrder order) {
        if (this == other) {
            return repeated;
        }
        if (!onTask && !other.onTask) {
            return false;
        }
        if (onTask && other.onTask) {
            return !order.waitedBetween(start, other.start) && !order.waitedBetween(other.start, start);
        }
        ThreadContext task = onTask ? this : other;
        ThreadContext starter = onTask ? other : this;
        return task.outlives || task.start.isPresent() && starter.start.isPresent()
                && task.start.get() == starter.start.get();
    }

    /**
     * Callers of a class's methods while one of its threads runs: a context inferred from the class's shape, not
     * seen in the code (setters are usually called before the start, which this file cannot tell), so rules
     * judge its pairs more strictly.
     */
    public boolean inferred() {
        return !onTask && start.isEmpty();
    }

    /** Tells whether a task was waited for before another was started. */
    public interface TaskOrder {
        boolean waitedBetween(Optional<TaskStart> first, Optional<TaskStart> second);
    }
}
