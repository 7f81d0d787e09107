package dev.threadlint.maven;

import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleReportTest {

    @Test
    void findingIsItsRenderedLineThenTheIndentedFix() {
        assertEquals(List.of("src/A.java:7:9: error [some-rule] message", "    fix: hint"),
                ConsoleReport.findingLines(CheckVerdictTest.finding(Severity.ERROR)));
    }

    @Test
    void summaryCountsFilesFindingsBySeverityParseErrorsAndTime() {
        AnalysisResult result = CheckVerdictTest.result(
                List.of(CheckVerdictTest.finding(Severity.WARNING)),
                List.of(new Diagnostic(Diagnostic.Kind.PARSE_ERROR, Path.of("src/B.java"), 2, "bad")));

        String summary = ConsoleReport.summary(result, 1.234);

        assertTrue(summary.matches("threadlint \\S+: 2 files analysed, 1 finding \\(0 errors, 1 warning, 0 info\\), "
                + "1 parse error, 1\\.23 s; by rule: some-rule 1"), summary);
    }

    @Test
    void findingsAreCountedByRuleInIdOrder() {
        dev.threadlint.engine.Finding first = CheckVerdictTest.finding(Severity.ERROR);
        dev.threadlint.engine.Finding other = new dev.threadlint.engine.Finding("another-rule", Severity.WARNING,
                Path.of("src/C.java"), 1, 1, "m", "h");

        assertEquals("; by rule: another-rule 1, some-rule 2", ConsoleReport.byRule(List.of(first, other, first)));
        assertEquals("", ConsoleReport.byRule(List.of()));
    }

    @Test
    void summaryMentionsRuleErrorsOnlyWhenThereAreSome() {
        AnalysisResult result = CheckVerdictTest.result(List.of(),
                List.of(new Diagnostic(Diagnostic.Kind.RULE_ERROR, Path.of("src/B.java"), 2, "boom")));

        assertTrue(ConsoleReport.summary(result, 0).contains(", 0 parse errors, 1 rule error (please report them), "));
    }
}
