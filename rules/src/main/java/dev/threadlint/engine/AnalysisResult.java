package dev.threadlint.engine;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one analysis found, in report order.
 *
 * @param findings      hazards found, not suppressed, sorted by file, line, column and rule
 * @param diagnostics   parse, read and rule errors, sorted by file and line
 * @param filesAnalysed how many files were read
 * @param rules         the rules that ran, in registry order
 * @param attachments   side outputs by file name (a lock graph, say), sorted by name
 * @param filesReused   how many of the files read had their results taken from the cache instead of analysed
 * @param notes         what the user should know about the run itself (a cache that could not be used, say)
 */
public record AnalysisResult(List<Finding> findings, List<Diagnostic> diagnostics, int filesAnalysed,
        List<RuleDescriptor> rules, SortedMap<String, String> attachments, int filesReused, List<String> notes) {

    public AnalysisResult {
        findings = List.copyOf(findings);
        diagnostics = List.copyOf(diagnostics);
        rules = List.copyOf(rules);
        attachments = Collections.unmodifiableSortedMap(new TreeMap<>(attachments));
        notes = List.copyOf(notes);
    }

    /** A result without side outputs. */
    public AnalysisResult(List<Finding> findings, List<Diagnostic> diagnostics, int filesAnalysed,
            List<RuleDescriptor> rules) {
        this(findings, diagnostics, filesAnalysed, rules, new TreeMap<>(), 0, List.of());
    }

    /** True when at least one finding is at or above {@code threshold}. */
    public boolean hasFindingAtLeast(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().reaches(threshold));
    }

    /** True when some file could not be analysed: it did not parse, or could not be read or decoded. */
    public boolean hasParseErrors() {
        return diagnostics.stream().anyMatch(d -> d.kind() == Diagnostic.Kind.PARSE_ERROR
                || d.kind() == Diagnostic.Kind.READ_ERROR);
    }
}
