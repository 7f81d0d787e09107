package dev.threadlint.maven;

import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckVerdictTest {

    private static final String SARIF = "target/threadlint/threadlint.sarif";

    @Test
    void findingAtThresholdFailsAndNamesCountAndReport() {
        AnalysisResult result = result(List.of(finding(Severity.ERROR), finding(Severity.WARNING)), List.of());

        Optional<String> failure = new CheckVerdict(Severity.WARNING, true, true).failure(result, SARIF);

        assertEquals(Optional.of("threadlint found 2 findings at or above severity warning (1 error, 1 warning, "
                + "0 info); they are listed above and in " + SARIF), failure);
    }

    @Test
    void findingBelowThresholdPasses() {
        AnalysisResult result = result(List.of(finding(Severity.WARNING), finding(Severity.INFO)), List.of());

        assertEquals(Optional.empty(), new CheckVerdict(Severity.ERROR, true, true).failure(result, SARIF));
    }

    @Test
    void failOnViolationFalsePassesWhateverTheFindings() {
        AnalysisResult result = result(List.of(finding(Severity.ERROR)), List.of());

        assertEquals(Optional.empty(), new CheckVerdict(Severity.INFO, false, true).failure(result, SARIF));
    }

    @Test
    void parseErrorFailsWithTheDiagnosticsInTheMessage() {
        Diagnostic broken = new Diagnostic(Diagnostic.Kind.PARSE_ERROR, Path.of("src/Broken.java"), 3, "bad");
        AnalysisResult result = result(List.of(), List.of(broken));

        String failure = new CheckVerdict(Severity.WARNING, true, true).failure(result, SARIF).orElseThrow();

        assertTrue(failure.startsWith("threadlint could not analyse 1 file ("), failure);
        assertTrue(failure.endsWith(System.lineSeparator() + "  src/Broken.java:3: bad"), failure);
    }

    @Test
    void parseErrorToleratedWhenFailOnParseErrorIsFalse() {
        Diagnostic broken = new Diagnostic(Diagnostic.Kind.PARSE_ERROR, Path.of("src/Broken.java"), 3, "bad");

        assertEquals(Optional.empty(), new CheckVerdict(Severity.WARNING, true, false)
                .failure(result(List.of(), List.of(broken)), SARIF));
    }

    @Test
    void ruleErrorIsNotAParseError() {
        Diagnostic ruleBug = new Diagnostic(Diagnostic.Kind.RULE_ERROR, Path.of("src/A.java"), 1, "boom");

        assertEquals(Optional.empty(), new CheckVerdict(Severity.WARNING, true, true)
                .failure(result(List.of(), List.of(ruleBug)), SARIF));
    }

    @Test
    void findingsAndParseErrorsAreBothReported() {
        Diagnostic unreadable = new Diagnostic(Diagnostic.Kind.READ_ERROR, Path.of("src/B.java"), 1, "not UTF-8");

        String failure = new CheckVerdict(Severity.WARNING, true, true)
                .failure(result(List.of(finding(Severity.ERROR)), List.of(unreadable)), SARIF).orElseThrow();

        assertTrue(failure.startsWith("threadlint found 1 finding "), failure);
        assertTrue(failure.contains("src/B.java:1: not UTF-8"), failure);
    }

    static Finding finding(Severity severity) {
        return new Finding("some-rule", severity, Path.of("src/A.java"), 7, 9, "message", "hint");
    }

    static AnalysisResult result(List<Finding> findings, List<Diagnostic> diagnostics) {
        return new AnalysisResult(findings, diagnostics, 2, List.of());
    }
}
