package dev.threadlint.report;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.RuleDescriptor;
import dev.threadlint.engine.Severity;
import dev.threadlint.engine.SourcePaths;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes an analysis as SARIF 2.1.0, the format code-scanning services and IDEs read. The document holds no
 * times, no absolute paths and no machine names, so the same input gives the same bytes on every machine.
 */
public final class SarifReport {

    /** The base that result URIs are relative to: the directory the analysis was run from. */
    public static final String SOURCE_ROOT_ID = "%SRCROOT%";

    private static final URI SCHEMA = URI.create("https://json.schemastore.org/sarif-2.1.0.json");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // The caller owns the writer: it may have more to write, or close it itself.
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private SarifReport() {
    }

    /** Writes {@code result} to {@code sarifFile}, creating its directory. */
    public static void write(AnalysisResult result, Path sarifFile) throws IOException {
        Path parent = sarifFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(sarifFile, StandardCharsets.UTF_8)) {
            write(result, out);
        }
    }

    /** Writes {@code result} as SARIF text to {@code out}. */
    public static void write(AnalysisResult result, Writer out) throws IOException {
        JSON.writeValue(out, document(result));
        out.write('\n');
    }

    static SarifSchema210 document(AnalysisResult result) {
        Map<String, Integer> ruleIndex = new HashMap<>();
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (RuleDescriptor rule : result.rules()) {
            ruleIndex.put(rule.id(), rules.size());
            rules.add(describe(rule));
        }
        List<Result> results = new ArrayList<>();
        for (Finding finding : result.findings()) {
            results.add(new Result()
                    .withRuleId(finding.ruleId())
                    .withRuleIndex(ruleIndex.get(finding.ruleId()))
                    .withLevel(level(finding.severity()))
                    .withMessage(new Message().withText(finding.message() + ". Fix: " + finding.fixHint() + "."))
                    .withLocations(List.of(location(finding.file(), finding.line(), finding.column())))
                    .withRelatedLocations(related(finding)));
        }
        List<Notification> notifications = new ArrayList<>();
        for (Diagnostic diagnostic : result.diagnostics()) {
            notifications.add(new Notification()
                    .withLevel(Notification.Level.ERROR)
                    .withMessage(new Message().withText(diagnostic.message()))
                    .withLocations(new LinkedHashSet<>(
                            List.of(location(diagnostic.file(), Math.max(diagnostic.line(), 1), 0))))
                    .withProperties(new PropertyBag().withAdditionalProperty("kind",
                            diagnostic.kind().name().toLowerCase(Locale.ROOT))));
        }
        ToolComponent driver = new ToolComponent()
                .withName("threadlint")
                .withVersion(ThreadlintVersion.current())
                .withSemanticVersion(ThreadlintVersion.current())
                .withInformationUri(URI.create(RuleDescriptor.DOCS_BASE_URI))
                .withRules(rules);
        Run run = new Run()
                .withTool(new Tool().withDriver(driver))
                .withInvocations(List.of(new Invocation()
                        .withExecutionSuccessful(true)
                        .withToolExecutionNotifications(notifications)))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results);
        return new SarifSchema210()
                .with$schema(SCHEMA)
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));
    }

    private static ReportingDescriptor describe(RuleDescriptor rule) {
        MultiformatMessageString help = RuleDocs.load(rule)
                .map(page -> new MultiformatMessageString().withText(rule.summary()).withMarkdown(page))
                .orElse(new MultiformatMessageString().withText(rule.summary()));
        ReportingDescriptor descriptor = new ReportingDescriptor()
                .withId(rule.id())
                .withName(rule.name())
                .withShortDescription(new MultiformatMessageString().withText(rule.summary()))
                .withHelpUri(URI.create(rule.docUri()))
                .withHelp(help)
                .withDefaultConfiguration(new ReportingConfiguration()
                        .withLevel(ReportingConfiguration.Level.fromValue(level(rule.severity()).value())))
                .withProperties(new PropertyBag().withTags(new TreeSet<>(rule.tags())));
        if (!rule.aliases().isEmpty()) {
            descriptor.withDeprecatedIds(new TreeSet<>(rule.aliases()));
        }
        return descriptor;
    }

    /** The other places a finding names, numbered from 1 as SARIF viewers link them; null when there are none. */
    private static Set<Location> related(Finding finding) {
        if (finding.related().isEmpty()) {
            return null;
        }
        Set<Location> locations = new LinkedHashSet<>();
        int id = 1;
        for (Finding.Related place : finding.related()) {
            locations.add(location(place.file(), place.line(), place.column())
                    .withId(id++)
                    .withMessage(new Message().withText(place.message())));
        }
        return locations;
    }

    private static Location location(Path file, int line, int column) {
        Region region = new Region().withStartLine(line);
        if (column > 0) {
            region.withStartColumn(column);
        }
        return new Location().withPhysicalLocation(new PhysicalLocation()
                .withArtifactLocation(new ArtifactLocation()
                        .withUri(uri(file))
                        .withUriBaseId(SOURCE_ROOT_ID))
                .withRegion(region));
    }

    /** A relative URI reference: forward slashes, each segment percent-encoded where needed. */
    private static String uri(Path file) {
        String slashed = SourcePaths.slashed(file);
        if (file.isAbsolute()) {
            return file.toUri().toString();
        }
        try {
            return new URI(null, null, slashed, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + slashed, e);
        }
    }

    private static Result.Level level(Severity severity) {
        return switch (severity) {
            case ERROR -> Result.Level.ERROR;
            case WARNING -> Result.Level.WARNING;
            case INFO -> Result.Level.NOTE;
        };
    }
}
