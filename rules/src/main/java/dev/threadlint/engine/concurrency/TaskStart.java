package dev.threadlint.engine.concurrency;

import com.github.javaparser.ast.Node;

import java.util.List;
import java.util.Optional;

/**
 * A place where code is handed to another thread: a thread started, a task submitted to an executor, an async
 * stage, a parallel stream's lambda.
 *
 * @param kind     how the code is handed off
 * @param site     the call that makes the code run elsewhere ({@code start()}, {@code submit(...)}, ...)
 * @param bodies   the code that runs on the other thread: lambdas, methods of anonymous or named classes
 * @param repeated true when several copies may run at once (started in a loop, submitted per call, a parallel
 *                 stream), so the task's code races with itself
 * @param owner    the method, constructor or initializer that contains the site, where the starting thread goes on
 * @param instance the class whose object is created for this start ({@code new Worker()}, an anonymous class):
 *                 its fields belong to one task, not to all of them
 * @param sequentialOn the declaration of the one-thread executor the task is submitted to, whose tasks run one
 *                 after another
 */
public record TaskStart(Kind kind, Node site, List<Node> bodies, boolean repeated, Optional<Node> owner,
        Optional<Node> instance, Optional<Node> sequentialOn) {

    public enum Kind {
        THREAD("the thread started"),
        EXECUTOR("the task submitted"),
        ASYNC("the async task started"),
        TIMER("the timer task scheduled"),
        PARALLEL_STREAM("the parallel stream");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        /** {@code the thread started}, to be followed by {@code at File.java:12}. */
        public String phrase() {
            return phrase;
        }
    }

    public TaskStart {
        bodies = List.copyOf(bodies);
    }

    public int line() {
        return site.getBegin().map(p -> p.line).orElse(0);
    }
}
