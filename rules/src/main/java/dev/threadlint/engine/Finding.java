package dev.threadlint.engine;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One hazard found at one place.
 *
 * @param ruleId   the stable id of the rule that found it
 * @param severity the rule's severity
 * @param file     the file, relative to the request's base directory
 * @param line     1-based line
 * @param column   1-based column
 * @param message  what is wrong and why, naming the other site involved where there is one
 * @param fixHint  one line saying how to fix it
 * @param related  the other places the message names (the other side of a race), for reports that can link them
 */
public record Finding(String ruleId, Severity severity, Path file, int line, int column, String message,
        String fixHint, List<Related> related) {

    /** Another place a finding involves, and what happens there ({@code "the locked write"}). */
    public record Related(Path file, int line, int column, String message) {
        public Related {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(message, "message");
        }
    }

    public Finding(String ruleId, Severity severity, Path file, int line, int column, String message,
            String fixHint) {
        this(ruleId, severity, file, line, column, message, fixHint, List.of());
    }

    /** Report order: file, line, column, rule, then message so that equal places still sort stably. */
    public static final Comparator<Finding> REPORT_ORDER = Comparator
            .comparing((Finding f) -> SourcePaths.slashed(f.file()))
            .thenComparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message);

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fixHint, "fixHint");
        related = List.copyOf(related);
    }

    /** {@code path:line:col: severity [rule-id] message}, the form compilers and IDEs link. */
    public String render() {
        return SourcePaths.slashed(file) + ":" + line + ":" + column + ": " + severity.label() + " [" + ruleId + "] "
                + message;
    }
}
