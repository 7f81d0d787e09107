package dev.threadlint.engine;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.rules.RuleRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzerTest {

    @TempDir
    Path dir;

    private static final String[] HAZARD = {
            "package app;",
            "class Hazard {",
            "    void go(Runnable task) {",
            "        new Thread(task).run();",
            "    }",
            "}"};

    @Test
    void aFileThatDoesNotParseIsReportedWithItsLineAndTheOthersAreStillAnalysed() throws IOException {
        SourceTree tree = new SourceTree(dir)
                .file("app/Broken.java", "package app;", "class Broken {", "    void f( {", "}")
                .file("app/Hazard.java", HAZARD);

        AnalysisResult result = tree.analyse();

        assertEquals(2, result.filesAnalysed());
        assertEquals(1, result.findings().size());
        assertEquals("app/Hazard.java:4:9: error [run-instead-of-start]",
                result.findings().get(0).render().substring(0, "app/Hazard.java:4:9: error [run-instead-of-start]".length()));
        assertEquals(1, result.diagnostics().size());
        Diagnostic broken = result.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.PARSE_ERROR, broken.kind());
        assertTrue(broken.render().startsWith("app/Broken.java:3: Parse error."), broken.render());
        assertTrue(result.hasParseErrors());
    }

    @Test
    void aFileNestedTooDeeplyForTheParserIsALimitAtItsDeepestLineAndTheOthersAreStillAnalysedOnOneThread()
            throws IOException {
        String nested = "(".repeat(20_000) + "1" + ")".repeat(20_000);
        SourceTree tree = new SourceTree(dir)
                .file("app/Generated.java", "package app;", "class Generated {", "    int x = 0;",
                        "    int y = " + nested + ";", "}")
                .file("app/Hazard.java", HAZARD);

        // Small worker stacks make the overflow cheap to provoke; the engine's own are deep enough for this file.
        AnalysisResult result = new Analyzer(RuleRegistry.all(), 512 * 1024).analyze(tree.request().withThreads(1));

        assertEquals(2, result.filesAnalysed());
        assertEquals(List.of("run-instead-of-start"), result.findings().stream().map(Finding::ruleId).toList());
        assertEquals(1, result.diagnostics().size());
        Diagnostic deep = result.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.LIMIT_REACHED, deep.kind());
        assertTrue(deep.render().startsWith("app/Generated.java:4: nested too deeply for the parser"), deep.render());
        assertEquals(0, new Analyzer(RuleRegistry.all()).analyze(tree.request().withThreads(1)).diagnostics().size(),
                "the engine's worker stacks hold the parser on this file");
    }

    @Test
    void callsThatFanOutUnderLocksStopAtTheThreadModelsBudgetWithADiagnosticAndTheOtherFindingsStay()
            throws IOException {
        // A generated dispatcher: each handler holds its lock while it calls the next twelve, so every path
        // reaches a handler under other locks.
        List<String> lines = new java.util.ArrayList<>(List.of("package app;", "class Dispatcher {",
                "    private int state;"));
        int handlers = 60;
        for (int i = 0; i < handlers; i++) {
            lines.add("    private final Object lock" + i + " = new Object();");
        }
        for (int i = 0; i < handlers; i++) {
            lines.add("    void on" + i + "(int event) { synchronized (lock" + i + ") { state = " + i + ";");
            for (int k = 1; k <= 12; k++) {
                lines.add("        if (event == " + k + ") on" + (i + k) % handlers + "(event - 1);");
            }
            lines.add("    } }");
        }
        lines.add("    void start() { new Thread(() -> on0(12)).start(); }");
        lines.add("}");
        SourceTree tree = new SourceTree(dir).file("app/Dispatcher.java", lines.toArray(String[]::new))
                .file("app/Hazard.java", HAZARD);

        AnalysisResult result = tree.analyse(tree.request().withThreads(1));

        assertTrue(result.findings().stream().anyMatch(f -> f.ruleId().equals("run-instead-of-start")));
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic limit = result.diagnostics().get(0);
        assertEquals(Diagnostic.Kind.LIMIT_REACHED, limit.kind());
        assertTrue(limit.render().matches("app/Dispatcher\\.java:\\d+: rule unsynchronized-shared-mutation: following "
                + "the threads' calls stopped here after 2000000 steps .*"), limit.render());
        assertTrue(limit.line() > 3, "points into the handlers, not at the top of the file: " + limit.render());
    }

    @Test
    void aParseErrorIsReportedOnTheLineOfTheTokenThatWasNotExpected() throws IOException {
        SourceTree tree = new SourceTree(dir).file("app/Broken.java",
                "package app;", "class Broken {", "    void f(int a", "    {", "    }", "}");

        Diagnostic broken = tree.analyse().diagnostics().get(0);

        assertTrue(broken.render().startsWith("app/Broken.java:4: Parse error. Found \"{\""), broken.render());
    }

    @Test
    void syntaxNewerThanTheLanguageLevelIsAParseErrorNamingTheFeature() throws IOException {
        SourceTree tree = new SourceTree(dir).file("app/Point.java", "package app;", "record Point(int x, int y) {}");

        AnalysisResult asJava11 = tree.analyse(tree.request().withLanguageLevel("11"));
        AnalysisResult asJava17 = tree.analyse(tree.request().withLanguageLevel("17"));

        assertEquals(1, asJava11.diagnostics().size());
        assertTrue(asJava11.diagnostics().get(0).render().startsWith("app/Point.java:2: "),
                asJava11.diagnostics().get(0).render());
        assertTrue(asJava17.diagnostics().isEmpty());
    }

    @Test
    void textThatIsNotInTheSourceEncodingIsAReadError() throws IOException {
        Path file = dir.resolve("app/Latin.java");
        Files.createDirectories(file.getParent());
        Files.write(file, "class Latin { String s = \"caf\u00e9\"; }".getBytes(StandardCharsets.ISO_8859_1));

        AnalysisResult result = new SourceTree(dir).analyse();

        assertEquals(Diagnostic.Kind.READ_ERROR, result.diagnostics().get(0).kind());
        assertTrue(result.diagnostics().get(0).message().contains("UTF-8"));
        assertTrue(new SourceTree(dir).analyse(new SourceTree(dir).request()
                .withEncoding(StandardCharsets.ISO_8859_1)).diagnostics().isEmpty());
    }

    @Test
    void includesAndExcludesSelectFilesRelativeToEachSourceRoot() throws IOException {
        SourceTree tree = new SourceTree(dir)
                .file("app/Hazard.java", HAZARD)
                .file("app/generated/Gen.java", HAZARD[0] + ".generated;", "class Gen {}")
                .file("Top.java", "class Top {}");

        assertEquals(3, tree.analyse().filesAnalysed());
        assertEquals(2, tree.analyse(tree.request().withIncludes(List.of(), List.of("**/generated/**")))
                .filesAnalysed());
        assertEquals(1, tree.analyse(tree.request().withIncludes(List.of("**/Top.java"), List.of()))
                .filesAnalysed());
    }

    @Test
    void oneThreadAndManyThreadsGiveTheSameFindingsInTheSameOrder() throws IOException {
        SourceTree tree = new SourceTree(dir);
        for (int i = 0; i < 40; i++) {
            tree.file("app/p" + (i % 5) + "/Hazard" + i + ".java", "package app.p" + (i % 5) + ";",
                    "class Hazard" + i + " {", "  void go(Thread a, Thread b) {", "    b.run(); a.run();", "  }", "}");
        }
        List<Finding> serial = tree.analyse(tree.request().withThreads(1)).findings();
        List<Finding> parallel = tree.analyse(tree.request().withThreads(4)).findings();

        assertEquals(80, serial.size());
        assertEquals(serial, parallel);
        assertTrue(serial.get(0).column() < serial.get(1).column());
    }

    @Test
    void aRuleThatThrowsBecomesADiagnosticAndTheOtherRulesStillReport() throws IOException {
        @RuleInfo(id = "always-throws", summary = "test", severity = Severity.WARNING, since = "0")
        final class ThrowingRule implements Rule {
            @Override
            public void register(NodeHandlers handlers) {
                handlers.on(MethodCallExpr.class, (call, context) -> {
                    throw new IllegalStateException("boom");
                });
            }
        }
        SourceTree tree = new SourceTree(dir).file("app/Hazard.java", HAZARD);
        List<Rule> rules = List.of(new ThrowingRule(), new dev.threadlint.rules.RunInsteadOfStartRule());

        AnalysisResult result = new Analyzer(rules).analyze(tree.request());

        assertEquals(1, result.findings().size());
        assertEquals(1, result.diagnostics().size());
        assertEquals(Diagnostic.Kind.RULE_ERROR, result.diagnostics().get(0).kind());
        assertTrue(result.diagnostics().get(0).message().contains("always-throws"));
        assertFalse(result.hasParseErrors());
    }

    /** Counts the project's classes in its project-wide phase and reports at each class's name. */
    @RuleInfo(id = "class-census", summary = "test", severity = Severity.INFO, since = "0")
    static final class ClassCensusRule implements ProjectRule<List<Site>> {
        @Override
        public void register(NodeHandlers handlers) {
        }

        @Override
        @SuppressWarnings("unchecked")
        public Class<List<Site>> summaryType() {
            return (Class<List<Site>>) (Class<?>) List.class;
        }

        @Override
        public List<Site> summarize(com.github.javaparser.ast.CompilationUnit unit, RuleContext context) {
            return unit.getTypes().stream().map(type -> context.site(type.getName())).toList();
        }

        @Override
        public void finish(List<List<Site>> summaries, ProjectContext context) {
            List<Site> all = summaries.stream().flatMap(List::stream).toList();
            all.forEach(site -> context.report(site, "one of " + all.size() + " classes", "none"));
            context.attach("census.txt", all.size() + "\n");
            if (all.size() > 2) {
                throw new IllegalStateException("too many");
            }
        }
    }

    @Test
    void projectRulesSeeEveryFilesSummaryHonourSuppressionAndAttachOutputs() throws IOException {
        SourceTree tree = new SourceTree(dir)
                .file("app/One.java", "package app;", "class One {}")
                .file("app/Two.java", "package app;", "@SuppressWarnings(\"threadlint:class-census\") class Two {}")
                .file("app/Broken.java", "package app;", "class Broken {");

        AnalysisResult result = new Analyzer(List.of(new ClassCensusRule())).analyze(tree.request());

        assertEquals(List.of("app/One.java:2:7: info [class-census] one of 2 classes"),
                result.findings().stream().map(Finding::render).toList());
        assertEquals("2\n", result.attachments().get("census.txt"));
    }

    @Test
    void aProjectRuleThatThrowsInItsFinalPhaseBecomesADiagnostic() throws IOException {
        SourceTree tree = new SourceTree(dir);
        for (String name : List.of("One", "Two", "Three")) {
            tree.file("app/" + name + ".java", "package app;", "class " + name + " {}");
        }

        AnalysisResult result = new Analyzer(List.of(new ClassCensusRule())).analyze(tree.request());

        assertEquals(1, result.diagnostics().size());
        assertTrue(result.diagnostics().get(0).message().contains("class-census failed in its project-wide phase"));
        assertEquals(3, result.findings().size(), "what was reported before the failure is kept");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 4})
    void progressIsToldOfEveryFileOnceAndEndsAtTheTotal(int threads) throws IOException {
        SourceTree tree = new SourceTree(dir);
        for (int i = 0; i < 12; i++) {
            tree.file("app/C" + i + ".java", "package app;", "class C" + i + " {}");
        }
        java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        tree.analyse(tree.request().withThreads(threads));
        new Analyzer(dev.threadlint.rules.RuleRegistry.all()).analyze(tree.request().withThreads(threads),
                (done, total) -> {
                    assertEquals(12, total);
                    seen.add(done);
                    calls.incrementAndGet();
                });

        assertEquals(12, calls.get());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 12).boxed().collect(java.util.stream.Collectors.toSet()),
                seen);
    }

    @Test
    void withoutTypeResolutionTypeQuestionsAreUnknownAndRulesStaySilent() throws IOException {
        SourceTree tree = new SourceTree(dir).file("app/Hazard.java", HAZARD);

        assertTrue(tree.analyse(tree.request().withResolveTypes(false)).findings().isEmpty());
    }

    @Test
    void badParameterValuesNameTheParameterAndTheAllowedValues() {
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> LanguageLevels.parse("threadlint.languageLevel", "42x"));
        assertTrue(level.getMessage().startsWith("threadlint.languageLevel: '42x'"), level.getMessage());
        assertTrue(level.getMessage().contains("17, 18"), level.getMessage());

        IllegalArgumentException severity = assertThrows(IllegalArgumentException.class,
                () -> Severity.parse("threadlint.failOnSeverity", "fatal"));
        assertEquals("threadlint.failOnSeverity: 'fatal' is not a severity; allowed values: error, warning, info",
                severity.getMessage());
    }

    @Test
    void languageLevelsAcceptTheSpellingsMavenUsers() {
        assertEquals("JAVA_8", LanguageLevels.parse("p", "1.8").name());
        assertEquals("JAVA_17", LanguageLevels.parse("p", "17").name());
        assertTrue(LanguageLevels.parse("p", "latest").name().compareTo("JAVA_21") >= 0);
        assertEquals(LanguageLevels.parse("p", "latest"), LanguageLevels.parse("p", ""));
    }

    @Test
    void severitiesReachThresholdsFromTheTop() {
        assertTrue(Severity.ERROR.reaches(Severity.WARNING));
        assertTrue(Severity.WARNING.reaches(Severity.WARNING));
        assertFalse(Severity.INFO.reaches(Severity.WARNING));
    }
}
