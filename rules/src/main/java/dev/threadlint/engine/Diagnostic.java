package dev.threadlint.engine;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * Something that stopped part of the analysis: a file that does not parse, a file that cannot be read, a rule
 * that failed on a file, or a limit reached. The rest of the project is still analysed.
 *
 * @param kind    what went wrong
 * @param file    the file, relative to the request's base directory
 * @param line    1-based line, or 0 when no line applies
 * @param message one line saying what went wrong
 */
public record Diagnostic(Kind kind, Path file, int line, String message) {

    public enum Kind {
        /** The file is not valid Java at the configured language level. */
        PARSE_ERROR,
        /** The file could not be read or decoded. */
        READ_ERROR,
        /** A rule threw while analysing the file: a threadlint bug, reported instead of crashing the build. */
        RULE_ERROR,
        /**
         * The file, or the project-wide phase, went past a limit that keeps the analysis bounded (nesting deeper than
         * the parser or a walk can follow, a work budget spent): what was past the limit is not analysed, the rest
         * is reported.
         */
        LIMIT_REACHED
    }

    public static final Comparator<Diagnostic> REPORT_ORDER = Comparator
            .comparing((Diagnostic d) -> SourcePaths.slashed(d.file()))
            .thenComparingInt(Diagnostic::line)
            .thenComparing(Diagnostic::kind)
            .thenComparing(Diagnostic::message);

    /** {@code path:line: message}. */
    public String render() {
        return SourcePaths.slashed(file) + ":" + Math.max(line, 1) + ": " + message;
    }
}
