package dev.threadlint.engine;

/** The answer to a type question. Rules treat {@link #UNKNOWN} as "stay silent": precision comes first. */
public enum Answer {
    YES,
    NO,
    UNKNOWN;

    public static Answer of(boolean value) {
        return value ? YES : NO;
    }

    public boolean isYes() {
        return this == YES;
    }
}
