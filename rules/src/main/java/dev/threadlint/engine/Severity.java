package dev.threadlint.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How sure a rule is that its finding is a real bug; ordered from most to least severe. */
public enum Severity {
    /** Almost always a real bug. */
    ERROR,
    /** A likely hazard that needs judgement. */
    WARNING,
    /** Worth knowing; never a bug on its own. */
    INFO;

    /** Lower-case name, as users write it in parameters and as reports print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least as severe as {@code threshold}. */
    public boolean reaches(Severity threshold) {
        return compareTo(threshold) <= 0;
    }

    /**
     * Parses a user-supplied severity, case-insensitively.
     *
     * @param parameter the parameter's name, used in the error message
     * @throws IllegalArgumentException naming the parameter and the allowed values
     */
    public static Severity parse(String parameter, String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Severity severity : values()) {
            if (severity.name().equals(wanted)) {
                return severity;
            }
        }
        String allowed = Arrays.stream(values()).map(Severity::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                parameter + ": '" + value + "' is not a severity; allowed values: " + allowed);
    }
}
