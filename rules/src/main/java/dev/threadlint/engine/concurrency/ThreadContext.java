package dev.threadlint.engine.concurrency;

import java.util.Optional;

/**
 * Code that runs on one thread (or on several copies of one task at once).
 *
 * @param start    the hand-off this context comes from; empty for code whose thread is not started in this file
 *                 (a Thread subclass's run(), the public methods of a class declared thread-safe)
 * @param onTask   true for the task's side; false for the side of the thread that started it
 * @param repeated true when several threads run this same code at once
 * @param label    who runs it, for messages: {@code the thread started at Worker.java:18}
 */
public record ThreadContext(Optional<TaskStart> start, boolean onTask, boolean repeated, String label) {

    /** Two different contexts run at the same time unless both are the starting thread's. */
    public boolean concurrentWith(ThreadContext other) {
        if (this == other) {
            return repeated;
        }
        return onTask || other.onTask;
    }
}
