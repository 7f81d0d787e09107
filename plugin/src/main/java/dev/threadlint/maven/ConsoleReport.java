package dev.threadlint.maven;

import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.Severity;
import dev.threadlint.report.ThreadlintVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text the check goal prints: each finding with its fix, and one closing summary line. */
final class ConsoleReport {

    private ConsoleReport() {
    }

    /** {@code path:line:col: severity [rule-id] message}, then the fix indented beneath it. */
    static List<String> findingLines(Finding finding) {
        return List.of(finding.render(), "    fix: " + finding.fixHint());
    }

    /**
     * E.g. {@code threadlint 0.1.0: 12 files analysed, 1 finding (1 error, 0 warnings, 0 info), 0 parse errors,
     * 0.84 s; by rule: run-instead-of-start 1}.
     */
    static String summary(AnalysisResult result, double seconds) {
        long parseErrors = result.diagnostics().stream().filter(CheckVerdict::stopsAnalysis).count();
        long ruleErrors = result.diagnostics().stream().filter(d -> d.kind() == Diagnostic.Kind.RULE_ERROR).count();
        long limits = result.diagnostics().stream().filter(d -> d.kind() == Diagnostic.Kind.LIMIT_REACHED).count();
        return "threadlint " + ThreadlintVersion.current() + ": "
                + count(result.filesAnalysed(), "file") + " analysed"
                + (result.filesReused() > 0 ? " (" + result.filesReused() + " unchanged, from the cache)" : "") + ", "
                + count(result.findings().size(), "finding") + " (" + bySeverity(result.findings()) + "), "
                + count(parseErrors, "parse error")
                + (ruleErrors > 0 ? ", " + count(ruleErrors, "rule error") + " (please report them)" : "")
                + (limits > 0 ? ", " + count(limits, "analysis limit") + " reached (listed above)" : "")
                + ", " + String.format(Locale.ROOT, "%.2f s", seconds)
                + byRule(result.findings());
    }

    /** E.g. {@code ; by rule: run-instead-of-start 1, unsynchronized-shared-mutation 2}; empty without findings. */
    static String byRule(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "";
        }
        java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>(findings.stream().collect(
                java.util.stream.Collectors.groupingBy(Finding::ruleId, java.util.stream.Collectors.counting())));
        StringBuilder text = new StringBuilder("; by rule:");
        counts.forEach((rule, count) -> text.append(text.length() > "; by rule:".length() ? ", " : " ")
                .append(rule).append(' ').append(count));
        return text.toString();
    }

    /** E.g. {@code 1 error, 2 warnings, 0 info}. */
    static String bySeverity(List<Finding> findings) {
        List<String> parts = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            long n = findings.stream().filter(f -> f.severity() == severity).count();
            parts.add(severity == Severity.INFO ? n + " info" : count(n, severity.label()));
        }
        return String.join(", ", parts);
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
