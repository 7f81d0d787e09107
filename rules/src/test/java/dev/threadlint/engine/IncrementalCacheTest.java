package dev.threadlint.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadlint.rules.RuleRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysis cache: a re-run over unchanged sources reads every file's results back, and the project-wide
 * phase's too, without reading the summaries it came from; after any change the
 * incremental run reports exactly what a run without the cache reports, including when the change is to a type
 * that another, unchanged file depends on. A cache that cannot be read, or that was made with other settings, is
 * ignored with a note.
 */
class IncrementalCacheTest {

    @TempDir
    Path project;

    private Path sources;
    private Path cache;

    @BeforeEach
    void copyFixtures() throws IOException {
        sources = project.resolve("src");
        cache = project.resolve("target/threadlint/cache.json.gz");
        Path fixtures = Path.of("..", "test-fixtures", "src", "main", "java");
        try (Stream<Path> walk = Files.walk(fixtures)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path copy = sources.resolve(fixtures.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    @Test
    void anUnchangedProjectIsReadBackWholeAndReportsTheSame() throws IOException {
        AnalysisResult cold = analyse(false);
        AnalysisResult first = analyse(true);
        AnalysisResult second = analyse(true);

        assertSameReport(cold, first);
        assertEquals(0, first.filesReused());
        assertSameReport(cold, second);
        assertEquals(second.filesAnalysed(), second.filesReused());
        assertTrue(second.notes().isEmpty(), second.notes().toString());
    }

    @Test
    void anUnchangedProjectReusesTheProjectPhaseWithoutReadingSummariesBack() throws IOException {
        AnalysisResult cold = analyse(false);
        analyse(true);
        // Empty every file's summaries: were the project phase run again, it would find nothing.
        ObjectMapper json = new ObjectMapper();
        JsonNode content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(cache))) {
            content = json.readTree(in);
        }
        content.path("entries").forEach(entry -> ((ObjectNode) entry).putObject("summaries"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cache))) {
            json.writeValue(out, content);
        }

        AnalysisResult reused = analyse(true);

        assertTrue(cold.findings().stream().anyMatch(f -> f.ruleId().equals("inconsistent-lock-order")),
                "the fixtures have findings of the project-wide phase");
        assertSameReport(cold, reused);
        assertEquals(reused.filesAnalysed(), reused.filesReused());
    }

    @Test
    void aChangedFileIsAnalysedAgainAndTheProjectPhaseRerunsFromCachedSummaries() throws IOException {
        analyse(true);
        Path ledger = sources.resolve("dev/threadlint/fixtures/inconsistentlockorder/Ledger.java");
        Files.writeString(ledger, Files.readString(ledger) + "\nclass LedgerAudit {\n"
                + "    private final Object first = new Object();\n    private final Object second = new Object();\n"
                + "    void one() { synchronized (first) { synchronized (second) { } } }\n"
                + "    void two() { synchronized (second) { synchronized (first) { } } }\n}\n");

        AnalysisResult incremental = analyse(true);
        AnalysisResult cold = analyse(false);

        assertSameReport(cold, incremental);
        assertTrue(incremental.filesReused() < incremental.filesAnalysed());
        assertTrue(incremental.filesReused() > incremental.filesAnalysed() / 2,
                "only the changed file and those mentioning its types are analysed: " + incremental.filesReused());
        assertTrue(incremental.findings().stream().anyMatch(f -> f.file().endsWith("Ledger.java")
                && f.ruleId().equals("inconsistent-lock-order") && f.message().contains("LedgerAudit")));
    }

    @Test
    void aFileIsAnalysedAgainWhenATypeItUsesChangesElsewhere() throws IOException {
        Path pkg = Files.createDirectories(sources.resolve("com/example/jobs"));
        Files.writeString(pkg.resolve("Job.java"), "package com.example.jobs;\n\npublic class Job {\n"
                + "    public void run() {\n    }\n}\n");
        Files.writeString(pkg.resolve("Nightly.java"), "package com.example.jobs;\n\nclass Nightly {\n"
                + "    void kick(Job job) {\n        job.run();\n    }\n}\n");
        AnalysisResult before = analyse(true);
        assertTrue(before.findings().stream().noneMatch(f -> f.file().endsWith("Nightly.java")));

        // Nightly.java is unchanged, but its job.run() now runs a thread's work on the caller.
        Files.writeString(pkg.resolve("Job.java"), "package com.example.jobs;\n\npublic class Job extends Thread {\n"
                + "    @Override\n    public void run() {\n    }\n}\n");
        AnalysisResult incremental = analyse(true);

        assertSameReport(analyse(false), incremental);
        assertTrue(incremental.findings().stream().anyMatch(f -> f.file().endsWith("Nightly.java")
                && f.ruleId().equals("run-instead-of-start")), incremental.findings().toString());
    }

    @Test
    void aCorruptCacheIsIgnoredWithANote() throws IOException {
        analyse(true);
        Files.writeString(cache, "not a cache", StandardCharsets.UTF_8);

        AnalysisResult result = analyse(true);

        assertSameReport(analyse(false), result);
        assertEquals(0, result.filesReused());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("cannot be read")), result.notes().toString());
        assertEquals(result.filesAnalysed(), analyse(true).filesReused(), "the cache is rewritten and used again");
    }

    @Test
    void aCacheMadeWithOtherSettingsIsIgnoredWithANote() throws IOException {
        analyse(true);

        AnalysisResult otherLevel = new Analyzer(RuleRegistry.all()).analyze(request(true).withLanguageLevel("11"));

        assertEquals(0, otherLevel.filesReused());
        assertTrue(otherLevel.notes().stream().anyMatch(n -> n.contains("other settings")), otherLevel.notes().toString());
    }

    private AnalysisResult analyse(boolean withCache) throws IOException {
        return new Analyzer(RuleRegistry.all()).analyze(request(withCache));
    }

    private AnalysisRequest request(boolean withCache) {
        AnalysisRequest request = AnalysisRequest.of(project, List.of(sources)).withThreads(2).withLanguageLevel("21");
        return withCache ? request.withCacheFile(cache) : request;
    }

    private static void assertSameReport(AnalysisResult expected, AnalysisResult actual) {
        assertEquals(render(expected.findings()), render(actual.findings()));
        assertEquals(expected.diagnostics(), actual.diagnostics());
        assertEquals(expected.attachments(), actual.attachments());
        assertEquals(expected.filesAnalysed(), actual.filesAnalysed());
    }

    private static String render(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        findings.forEach(f -> text.append(f.render()).append(" | ").append(f.fixHint()).append('\n'));
        return text.toString();
    }
}
