package dev.threadlint.ruling;

import dev.threadlint.engine.AnalysisRequest;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Analyzer;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.rules.RuleRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ruling: every rule's findings on the JDK's {@code java.base} sources, kept in the repository. A change in
 * precision on real code, for better or worse, fails here and shows the difference, to be read and then accepted
 * by re-running with {@code -Dthreadlint.ruling.update=true}. Runs only where the sources are given
 * ({@code -Dthreadlint.ruling.jdkSources=<dir with java.base>}, with the package version as
 * {@code -Dthreadlint.ruling.jdkVersion}); {@code .ci/run} installs them.
 */
@EnabledIfSystemProperty(named = "threadlint.ruling.jdkSources", matches = ".+")
class JdkRulingTest {

    private static final Path EXPECTED = Path.of("src", "test", "resources", "ruling", "java.base.txt");
    private static final String VERSION_PREFIX = "# openjdk-17-source ";

    @Test
    void findingsOnJavaBaseAreTheAcceptedOnes() throws IOException {
        Path sources = Path.of(System.getProperty("threadlint.ruling.jdkSources")).toAbsolutePath();
        AnalysisResult result = new Analyzer(RuleRegistry.all()).analyze(
                AnalysisRequest.of(sources, List.of(sources.resolve("java.base"))).withLanguageLevel("17"));
        List<String> actual = new ArrayList<>();
        result.findings().stream().map(Finding::render).forEach(actual::add);
        result.diagnostics().stream().map(d -> "diagnostic " + d.kind() + " " + d.render()).forEach(actual::add);

        String version = System.getProperty("threadlint.ruling.jdkVersion", "unknown");
        if (Boolean.getBoolean("threadlint.ruling.update")) {
            Files.writeString(EXPECTED, VERSION_PREFIX + version + "\n" + String.join("\n", actual) + "\n",
                    StandardCharsets.UTF_8);
        }
        List<String> recorded = Files.readAllLines(EXPECTED, StandardCharsets.UTF_8);
        // Another release of the sources moves lines: that is no change in threadlint, so the ruling is re-recorded
        // rather than failed.
        Assumptions.assumeTrue(recorded.get(0).equals(VERSION_PREFIX + version), "the ruling was recorded on "
                + recorded.get(0).substring(VERSION_PREFIX.length()) + ", these sources are " + version
                + ": re-record it with -Dthreadlint.ruling.update=true");
        List<String> expected = recorded.stream().skip(1).filter(line -> !line.isBlank()).toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual), difference(expected, actual));
    }

    private static String difference(List<String> expected, List<String> actual) {
        Set<String> gone = new LinkedHashSet<>(expected);
        actual.forEach(gone::remove);
        Set<String> added = new LinkedHashSet<>(actual);
        expected.forEach(added::remove);
        StringBuilder text = new StringBuilder("the findings on java.base changed; review them, then accept with "
                + "-Dthreadlint.ruling.update=true\n");
        gone.forEach(line -> text.append("- ").append(line).append('\n'));
        added.forEach(line -> text.append("+ ").append(line).append('\n'));
        return text.toString();
    }
}
