package dev.threadlint.maven;

import dev.threadlint.engine.Progress;
import org.apache.maven.plugin.logging.Log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs how far a long analysis has got, at most every few seconds, so a large module's build shows it is alive.
 * Called from the engine's worker threads: the time of the last line is claimed with a compare-and-set, so two
 * workers never log the same interval twice.
 */
final class ProgressLog implements Progress {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Log log;
    private final long started = System.nanoTime();
    private final AtomicLong lastLine = new AtomicLong(started);

    ProgressLog(Log log) {
        this.log = log;
    }

    @Override
    public void filesDone(int done, int total) {
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= INTERVAL_NANOS && done < total && lastLine.compareAndSet(last, now)) {
            log.info("threadlint: " + done + " of " + total + " files analysed, "
                    + TimeUnit.NANOSECONDS.toSeconds(now - started) + " s");
        }
    }
}
