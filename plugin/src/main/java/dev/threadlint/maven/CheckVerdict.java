package dev.threadlint.maven;

import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides whether an analysis fails the build and, if so, says why in a message that stands on its own. */
final class CheckVerdict {

    private final Severity threshold;
    private final boolean failOnViolation;
    private final boolean failOnParseError;

    CheckVerdict(Severity threshold, boolean failOnViolation, boolean failOnParseError) {
        this.threshold = threshold;
        this.failOnViolation = failOnViolation;
        this.failOnParseError = failOnParseError;
    }

    /** A file that could not be parsed or read: its hazards, if any, went unseen. */
    static boolean stopsAnalysis(Diagnostic diagnostic) {
        return diagnostic.kind() == Diagnostic.Kind.PARSE_ERROR || diagnostic.kind() == Diagnostic.Kind.READ_ERROR;
    }

    /** Why the build fails, or empty when it passes. {@code sarifShown} is the report's path as the log shows it. */
    Optional<String> failure(AnalysisResult result, String sarifShown) {
        List<String> reasons = new ArrayList<>();
        if (failOnViolation) {
            List<Finding> failing = result.findings().stream().filter(f -> f.severity().reaches(threshold)).toList();
            if (!failing.isEmpty()) {
                reasons.add("threadlint found " + ConsoleReport.count(failing.size(), "finding")
                        + " at or above severity " + threshold.label() + " (" + ConsoleReport.bySeverity(failing)
                        + "); they are listed above and in " + sarifShown);
            }
        }
        if (failOnParseError) {
            List<Diagnostic> unanalysed = result.diagnostics().stream().filter(CheckVerdict::stopsAnalysis).toList();
            if (!unanalysed.isEmpty()) {
                long files = unanalysed.stream().map(Diagnostic::file).distinct().count();
                StringBuilder reason = new StringBuilder("threadlint could not analyse ")
                        .append(ConsoleReport.count(files, "file"))
                        .append(" (set threadlint.languageLevel if the code uses newer Java syntax, or "
                                + "threadlint.failOnParseError=false to judge the other files anyway):");
                for (Diagnostic diagnostic : unanalysed) {
                    reason.append(System.lineSeparator()).append("  ").append(diagnostic.render());
                }
                reasons.add(reason.toString());
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(System.lineSeparator(), reasons));
    }
}
