package dev.threadlint.maven;

import dev.threadlint.engine.AnalysisRequest;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Analyzer;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.LanguageLevels;
import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleSelection;
import dev.threadlint.engine.Severity;
import dev.threadlint.report.SarifReport;
import dev.threadlint.rules.RuleRegistry;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Analyses the module's Java sources for threading hazards, prints each finding with its fix, writes a SARIF
 * report and fails the build when a finding reaches {@link #failOnSeverity}.
 *
 * <p>Paths in the log and in the SARIF report are relative to the directory Maven was run from, so a reactor
 * build names every module's files the same way a code-scanning service sees them. Modules with packaging
 * {@code pom}, or without source directories, have nothing to analyse and pass.
 *
 * <p>Dependencies are resolved with test scope so that {@link #includeTests} can see the test classpath; without
 * it only the compile classpath is handed to the analysis.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class CheckMojo extends AbstractMojo {


    /** Skips the analysis entirely: no report is written and the build passes. Default {@code false}. */
    @Parameter(property = "threadlint.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Whether a finding at or above {@link #failOnSeverity} fails the build. With {@code false} findings are
     * still printed and written to the SARIF report, and only {@link #failOnParseError} can fail the build.
     * Default {@code true}.
     */
    @Parameter(property = "threadlint.failOnViolation", defaultValue = "true")
    private boolean failOnViolation;

    /**
     * The least severe finding that fails the build: {@code error}, {@code warning} or {@code info}
     * (case-insensitive). {@code warning} fails on errors and warnings. Has no effect when
     * {@link #failOnViolation} is {@code false}. Default {@code warning}.
     */
    @Parameter(property = "threadlint.failOnSeverity", defaultValue = "warning")
    private String failOnSeverity;

    /**
     * Whether a source file that does not parse (or cannot be read in {@link #encoding}) fails the build. With
     * {@code false} such files are reported as warnings and the other files are still analysed and judged.
     * Independent of {@link #failOnViolation}. Default {@code true}.
     */
    @Parameter(property = "threadlint.failOnParseError", defaultValue = "true")
    private boolean failOnParseError;

    /**
     * Also analyse the test source roots, with the test classpath for type resolution. Default {@code false}:
     * only the main sources are analysed.
     */
    @Parameter(property = "threadlint.includeTests", defaultValue = "false")
    private boolean includeTests;

    /**
     * Which rules run, as a comma-separated list of rule ids: {@code a,b} runs only those, {@code -a} runs every
     * rule except {@code a}, {@code all} means every rule. Allowed ids are those {@code threadlint:explain}
     * lists; an unknown id fails the build. Default: every rule.
     */
    @Parameter(property = "threadlint.rules")
    private String rules;

    /**
     * Where the SARIF 2.1.0 report is written; its parent directories are created. The report is written on
     * every run that analyses something, findings or not. Default
     * {@code ${project.build.directory}/threadlint/threadlint.sarif}.
     */
    @Parameter(property = "threadlint.sarifFile",
            defaultValue = "${project.build.directory}/threadlint/threadlint.sarif")
    private File sarifFile;

    /**
     * Glob patterns, relative to a source root, of the files to analyse, e.g. {@code com/acme/**}{@code /*.java};
     * a leading <code>**&#47;</code> also matches files directly in the root. On the command line, separate
     * patterns with commas. Default: every {@code .java} file.
     */
    @Parameter(property = "threadlint.includes")
    private List<String> includes;

    /**
     * Glob patterns, relative to a source root, of files not to analyse, even when {@link #includes} selects
     * them. On the command line, separate patterns with commas. Default: none.
     */
    @Parameter(property = "threadlint.excludes")
    private List<String> excludes;

    /**
     * The Java version whose syntax the sources use: a release such as {@code 17}, {@code 21} or {@code 1.8},
     * or {@code latest} for the newest the parser knows. Default: {@code maven.compiler.release}, else
     * {@code maven.compiler.source}, else {@code latest}. An explicit value the parser does not know fails the
     * build; a compiler property it does not know falls back to {@code latest} with a warning.
     */
    @Parameter(property = "threadlint.languageLevel")
    private String languageLevel;

    /**
     * How many files are analysed at once: a whole number of at least 1. Default: the number of available
     * processors.
     */
    @Parameter(property = "threadlint.threads")
    private String threads;

    /**
     * The encoding of the source files: any charset name the JVM supports, such as {@code UTF-8} or
     * {@code ISO-8859-1}. Default: {@code project.build.sourceEncoding}, else {@code UTF-8}.
     */
    @Parameter(property = "threadlint.encoding", defaultValue = "${project.build.sourceEncoding}")
    private String encoding;

    /**
     * Whether results are kept between runs in {@link #cacheFile}, so that files whose content (and whose types'
     * declarations) did not change are not analysed again. The cache is tied to the threadlint build and to every
     * setting that changes results; a cache that does not match, or cannot be read, is ignored and rewritten.
     * Default: {@code true}.
     */
    @Parameter(property = "threadlint.incremental", defaultValue = "true")
    private boolean incremental;

    /** Where the incremental cache is kept. Default: {@code target/threadlint/cache.json.gz}. */
    @Parameter(property = "threadlint.cacheFile",
            defaultValue = "${project.build.directory}/threadlint/cache.json.gz")
    private File cacheFile;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("threadlint: skipped (threadlint.skip)");
            return;
        }
        Severity threshold = parse(() -> Severity.parse("threadlint.failOnSeverity", failOnSeverity));
        List<Rule> selected = parse(() -> RuleSelection.select("threadlint.rules", rules, RuleRegistry.all()));
        String level = languageLevel();
        int threadCount = threadCount();
        Charset charset = charset();

        if ("pom".equals(project.getPackaging())) {
            log.info("threadlint: nothing to analyse (packaging pom)");
            return;
        }
        List<Path> sourceRoots = sourceRoots();
        if (sourceRoots.isEmpty()) {
            log.info("threadlint: nothing to analyse (no Java source directories)");
            return;
        }
        if (selected.isEmpty()) {
            log.warn("threadlint: threadlint.rules selects no rule; only parse errors can be reported");
        }

        Path base = Paths.get(session.getExecutionRootDirectory()).toAbsolutePath().normalize();
        AnalysisRequest request = new AnalysisRequest(base, sourceRoots, patterns(includes), patterns(excludes),
                classpath(), level, threadCount, true, charset,
                incremental ? cacheFile.toPath().toAbsolutePath().normalize() : null);
        long started = System.nanoTime();
        AnalysisResult result;
        try {
            result = new Analyzer(selected).analyze(request, new ProgressLog(getLog()));
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("threadlint: analysis failed: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        result.notes().forEach(note -> getLog().warn("threadlint: " + note));

        Path sarif = sarifFile.toPath().toAbsolutePath().normalize();
        try {
            SarifReport.write(result, sarif);
            // Side outputs of the rules (the lock-order graph) go next to the SARIF report.
            for (var attachment : result.attachments().entrySet()) {
                Files.writeString(sarif.resolveSibling(attachment.getKey()), attachment.getValue(),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("threadlint: cannot write the report next to " + sarif + ": " + e, e);
        }
        print(result, seconds, shown(base, sarif));

        Optional<String> failure = new CheckVerdict(threshold, failOnViolation, failOnParseError)
                .failure(result, shown(base, sarif));
        if (failure.isPresent()) {
            throw new MojoFailureException(failure.get());
        }
    }

    private void print(AnalysisResult result, double seconds, String sarifShown) {
        Log log = getLog();
        for (Finding finding : result.findings()) {
            for (String line : ConsoleReport.findingLines(finding)) {
                switch (finding.severity()) {
                    case ERROR -> log.error(line);
                    case WARNING -> log.warn(line);
                    case INFO -> log.info(line);
                }
            }
        }
        for (Diagnostic diagnostic : result.diagnostics()) {
            if (failOnParseError && CheckVerdict.stopsAnalysis(diagnostic)) {
                log.error(diagnostic.render());
            } else {
                log.warn(diagnostic.render());
            }
        }
        log.info(ConsoleReport.summary(result, seconds));
        log.info("threadlint: SARIF report " + sarifShown);
    }

    private List<Path> sourceRoots() {
        Set<String> roots = new LinkedHashSet<>(project.getCompileSourceRoots());
        if (includeTests) {
            roots.addAll(project.getTestCompileSourceRoots());
        }
        List<Path> existing = new ArrayList<>();
        for (String root : roots) {
            Path path = Paths.get(root);
            if (Files.isDirectory(path)) {
                existing.add(path);
            }
        }
        return existing;
    }

    /** The dependencies the sources compile against; the module's own classes come from its sources instead. */
    private List<Path> classpath() throws MojoExecutionException {
        List<String> elements;
        try {
            elements = includeTests ? project.getTestClasspathElements() : project.getCompileClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("threadlint: dependencies are not resolved: " + e.getMessage(), e);
        }
        Set<Path> own = Set.of(normalized(project.getBuild().getOutputDirectory()),
                normalized(project.getBuild().getTestOutputDirectory()));
        List<Path> classpath = new ArrayList<>();
        for (String element : elements) {
            Path path = normalized(element);
            if (!own.contains(path)) {
                classpath.add(path);
            }
        }
        return classpath;
    }

    private String languageLevel() throws MojoExecutionException {
        if (languageLevel != null && !languageLevel.isBlank()) {
            parse(() -> LanguageLevels.parse("threadlint.languageLevel", languageLevel));
            return languageLevel.trim();
        }
        for (String property : List.of("maven.compiler.release", "maven.compiler.source")) {
            String value = property(property);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                LanguageLevels.parse(property, value);
                return value.trim();
            } catch (IllegalArgumentException unknown) {
                getLog().warn("threadlint: " + property + " " + value + " is not a Java version threadlint's parser"
                        + " knows; analysing with the newest syntax it knows (set threadlint.languageLevel to choose)");
                return LanguageLevels.LATEST;
            }
        }
        return LanguageLevels.LATEST;
    }

    /** A property as the build sees it: the command line's {@code -D} wins over the POM's. */
    private String property(String name) {
        String fromCommandLine = session.getUserProperties().getProperty(name);
        return fromCommandLine != null ? fromCommandLine : project.getProperties().getProperty(name);
    }

    private int threadCount() throws MojoExecutionException {
        if (threads == null || threads.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(threads.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below with the allowed values.
        }
        throw new MojoExecutionException("threadlint.threads: '" + threads + "' is not a thread count; allowed "
                + "values: a whole number of at least 1 (default: the number of available processors)");
    }

    private Charset charset() throws MojoExecutionException {
        if (encoding == null || encoding.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MojoExecutionException("threadlint.encoding: '" + encoding + "' is not a charset this JVM "
                    + "supports; allowed values: a charset name such as UTF-8, ISO-8859-1 or windows-1252");
        }
    }

    private static List<String> patterns(List<String> configured) {
        List<String> patterns = new ArrayList<>();
        if (configured != null) {
            for (String entry : configured) {
                // The command line gives one comma-separated string; the POM gives one element per pattern.
                for (String pattern : entry.split(",")) {
                    if (!pattern.isBlank()) {
                        patterns.add(pattern.trim());
                    }
                }
            }
        }
        return patterns;
    }

    private static Path normalized(String path) {
        return Paths.get(path).toAbsolutePath().normalize();
    }

    /** The path as the log shows it: relative to where Maven was run, when it lies below it. */
    private static String shown(Path base, Path path) {
        return path.startsWith(base) ? base.relativize(path).toString().replace('\\', '/') : path.toString();
    }

    /** Runs an engine parser; its message already names the parameter and the allowed values. */
    private static <T> T parse(Supplier<T> parser) throws MojoExecutionException {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
