package dev.threadlint.engine.concurrency;

/**
 * A lock as the model names it: {@code Counter.this}, {@code Counter.lock}, {@code Registry.class}.
 *
 * @param key    the lock's stable name, also shown in messages
 * @param shared true for the read side of a read-write lock, which other readers may hold at the same time
 */
public record LockName(String key, boolean shared) {

    /** True when holding this lock and {@code other} at once is impossible for two threads. */
    public boolean excludes(LockName other) {
        return key.equals(other.key) && !(shared && other.shared);
    }

    @Override
    public String toString() {
        return shared ? key + " (read)" : key;
    }
}
