package dev.threadlint.engine;

/**
 * Told as files are done, from the worker threads: implementations must be thread-safe and quick (a counter, a
 * rate-limited log line), since they run on the analysis's hot path.
 */
@FunctionalInterface
public interface Progress {

    /** Nothing to tell. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} files are analysed. */
    void filesDone(int done, int total);
}
