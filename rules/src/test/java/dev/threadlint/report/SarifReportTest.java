package dev.threadlint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.SourceTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SarifReportTest {

    @TempDir
    Path dir;

    private SourceTree project() throws IOException {
        return new SourceTree(dir.resolve("project"))
                .file("src/main/java/app/Renderer.java",
                        "package app;",
                        "class Renderer {",
                        "    void go(Runnable task) {",
                        "        new Thread(task).run();",
                        "    }",
                        "}")
                .file("src/main/java/app/with space/Broken.java", "class Broken {");
    }

    private static String sarif(AnalysisResult result) throws IOException {
        StringWriter out = new StringWriter();
        SarifReport.write(result, out);
        return out.toString();
    }

    @Test
    void theReportIsValidSarif210() throws IOException {
        JsonSchema schema;
        try (InputStream in = SarifReport.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        JsonNode report = new ObjectMapper().readTree(sarif(project().analyse()));

        Set<ValidationMessage> problems = schema.validate(report);

        assertTrue(problems.isEmpty(), problems.toString());
    }

    /** A class that locks its counter on most updates and resets it without the lock. */
    private SourceTree race() throws IOException {
        return new SourceTree(dir.resolve("race"))
                .file("src/main/java/app/Tally.java",
                        "package app;",
                        "class Tally {",
                        "    private volatile boolean open = true;",
                        "    private long count;",
                        "    Tally() { new Thread(this::record).start(); }",
                        "    synchronized void record() { count++; }",
                        "    synchronized long count() { return count; }",
                        "    void reset() { count = 0; }",
                        "    void serve(java.util.concurrent.Executor pool) { pool.execute(() -> reset()); }",
                        "}");
    }

    @Test
    void aRaceNamesItsOtherSideAsARelatedLocation() throws IOException {
        AnalysisResult result = race().analyse();
        JsonNode report = new ObjectMapper().readTree(sarif(result));
        JsonNode run = report.path("runs").path(0);

        JsonNode race = null;
        for (JsonNode candidate : run.path("results")) {
            if (candidate.path("ruleId").asText().equals("unsynchronized-shared-mutation")) {
                race = candidate;
            }
        }
        assertTrue(race != null, "the unlocked reset is reported: " + result.findings());
        assertEquals(8, race.path("locations").path(0).path("physicalLocation").path("region").path("startLine").asInt());
        JsonNode related = race.path("relatedLocations").path(0);
        assertEquals(1, related.path("id").asInt());
        assertEquals(6, related.path("physicalLocation").path("region").path("startLine").asInt());
        assertEquals("src/main/java/app/Tally.java",
                related.path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertTrue(related.path("message").path("text").asText().contains("count++"),
                related.toString());
        try (InputStream in = SarifReport.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            assertTrue(schema.validate(report).isEmpty(), "still valid SARIF with related locations");
        }
    }

    @Test
    void resultsCarryRuleRelativeUriRegionAndFix() throws IOException {
        JsonNode run = new ObjectMapper().readTree(sarif(project().analyse())).path("runs").path(0);

        JsonNode rule = run.path("tool").path("driver").path("rules").path(0);
        assertEquals("run-instead-of-start", rule.path("id").asText());
        assertEquals("RunInsteadOfStart", rule.path("name").asText());
        assertEquals("error", rule.path("defaultConfiguration").path("level").asText());
        assertEquals("https://threadlint.dev/rules/run-instead-of-start", rule.path("helpUri").asText());
        assertTrue(rule.path("help").path("markdown").asText().contains("## How to fix"),
                "the rule page is packaged and embedded as help");

        JsonNode result = run.path("results").path(0);
        assertEquals(1, run.path("results").size());
        assertEquals("run-instead-of-start", result.path("ruleId").asText());
        assertEquals(0, result.path("ruleIndex").asInt());
        assertEquals("error", result.path("level").asText());
        assertTrue(result.path("message").path("text").asText().contains("Fix: call start()"));
        JsonNode location = result.path("locations").path(0).path("physicalLocation");
        assertEquals("src/main/java/app/Renderer.java", location.path("artifactLocation").path("uri").asText());
        assertEquals("%SRCROOT%", location.path("artifactLocation").path("uriBaseId").asText());
        assertEquals(4, location.path("region").path("startLine").asInt());
        assertEquals(9, location.path("region").path("startColumn").asInt());

        JsonNode notification = run.path("invocations").path(0).path("toolExecutionNotifications").path(0);
        assertEquals("src/main/java/app/with%20space/Broken.java", notification.path("locations").path(0)
                .path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals("parse_error", notification.path("properties").path("kind").asText());
    }

    @Test
    void theSameInputGivesTheSameBytesWithOneThreadAndMany() throws IOException {
        SourceTree tree = project();
        String serial = sarif(tree.analyse(tree.request().withThreads(1)));
        String parallel = sarif(tree.analyse(tree.request().withThreads(4)));

        assertEquals(serial, parallel);
        assertFalse(serial.contains(dir.toString()), "no absolute path of this machine in the report");
    }

    @Test
    void writingToAFileCreatesItsDirectory() throws IOException {
        Path target = dir.resolve("target/threadlint/threadlint.sarif");

        SarifReport.write(project().analyse(), target);

        assertTrue(Files.readString(target).startsWith("{"));
    }
}
