package dev.threadlint.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.Problem;
import com.github.javaparser.Range;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Analyses one file at a time: read, parse, one walk dispatching to the rules, suppression. Each worker thread
 * owns one instance (JavaParser and the symbol solver's caches are not thread-safe); the tree is dropped as soon
 * as the file is done, so memory holds findings, not ASTs.
 */
final class FileAnalyzer {

    /**
     * What one file produced.
     *
     * @param summaries each project rule's summary of this file, in the order of the project rules; null where
     *                  the file did not parse or the rule failed on it
     * @param declares  the simple names of the types the file declares (kept only for the cache)
     * @param mentions  the capitalised simple names the file uses, the types it may depend on (likewise)
     */
    record FileResult(List<Finding> findings, List<Diagnostic> diagnostics, List<Object> summaries,
            Set<String> declares, Set<String> mentions) {
    }

    private final JavaParser parser;
    private final NodeHandlers handlers;
    private final Path baseDirectory;
    private final Charset encoding;
    private final TypeQuestions types = new TypeQuestions();
    private final List<ProjectRule<?>> projectRules;
    private final boolean collectNames;

    FileAnalyzer(ParserConfiguration configuration, NodeHandlers handlers, List<ProjectRule<?>> projectRules,
            Path baseDirectory, Charset encoding, boolean collectNames) {
        this.parser = new JavaParser(configuration);
        this.collectNames = collectNames;
        this.handlers = handlers;
        this.projectRules = projectRules;
        this.baseDirectory = baseDirectory;
        this.encoding = encoding;
    }

    /** Analyses one file; whatever goes wrong in it becomes its diagnostic, never the caller's exception. */
    FileResult analyze(Path file) {
        Path shownAs = SourcePaths.shownRelativeTo(baseDirectory, file);
        try {
            return analyze(file, shownAs);
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            return diagnosticOnly(new Diagnostic(Diagnostic.Kind.RULE_ERROR, shownAs, 1,
                    "the analysis of this file failed, and it is left out: " + e));
        }
    }

    private FileResult analyze(Path file, Path shownAs) {
        String source;
        try {
            source = decode(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            return diagnosticOnly(new Diagnostic(Diagnostic.Kind.READ_ERROR, shownAs, 1,
                    "not valid " + encoding.name() + " text; set the source encoding (project.build.sourceEncoding)"));
        } catch (IOException e) {
            return diagnosticOnly(new Diagnostic(Diagnostic.Kind.READ_ERROR, shownAs, 1,
                    "cannot be read: " + e.getMessage()));
        }
        ParseResult<CompilationUnit> parsed;
        try {
            parsed = parser.parse(source);
        } catch (StackOverflowError e) {
            // JavaParser recurses once per level of nesting, an else-if chain's length included.
            return diagnosticOnly(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, shownAs, NestingDepth.deepestLine(source),
                    "nested too deeply for the parser (blocks, expressions or an else-if chain); the file was not "
                            + "analysed"));
        }
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            return diagnosticOnly(parseDiagnostics(shownAs, parsed.getProblems()));
        }
        try {
            return walk(shownAs, parsed.getResult().get());
        } catch (StackOverflowError e) {
            return diagnosticOnly(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, shownAs, NestingDepth.deepestLine(source),
                    "nested too deeply to analyse; the file's findings are not reported"));
        }
    }

    private FileResult walk(Path shownAs, CompilationUnit unit) {
        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<RuleDescriptor, RuleContext> contexts = new HashMap<>();
        Map<Class<?>, Object> facts = new HashMap<>();
        Set<RuleDescriptor> failed = new HashSet<>();
        Set<String> declares = new java.util.TreeSet<>();
        Set<String> mentions = new java.util.TreeSet<>();
        unit.walk(node -> {
            if (collectNames) {
                collectName(node, declares, mentions);
            }
            for (NodeHandlers.Handler handler : handlers.forNode(node)) {
                RuleDescriptor rule = handler.rule();
                if (failed.contains(rule)) {
                    continue;
                }
                RuleContext context = contexts.computeIfAbsent(rule, r -> new FileRuleContext(r, shownAs, findings, diagnostics, facts));
                try {
                    handler.action().accept(node, context);
                } catch (StackOverflowError e) {
                    failed.add(rule);
                    diagnostics.add(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, shownAs, line(node),
                            "rule " + rule.id() + " could not follow the nesting here and was skipped for the rest of "
                                    + "this file"));
                } catch (RuntimeException e) {
                    // A rule bug must not cost the user the rest of the build: report it and go on without it.
                    failed.add(rule);
                    diagnostics.add(new Diagnostic(Diagnostic.Kind.RULE_ERROR, shownAs, line(node),
                            "rule " + rule.id() + " failed here and was skipped for the rest of this file: " + e));
                }
            }
        });
        List<Object> summaries = new ArrayList<>();
        for (ProjectRule<?> projectRule : projectRules) {
            RuleDescriptor rule = projectRule.descriptor();
            Object summary = null;
            if (!failed.contains(rule)) {
                RuleContext context = contexts.computeIfAbsent(rule,
                        r -> new FileRuleContext(r, shownAs, findings, diagnostics, facts));
                try {
                    summary = projectRule.summarize(unit, context);
                } catch (StackOverflowError e) {
                    diagnostics.add(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, shownAs,
                            NestingDepth.deepestLine(unit), "rule " + rule.id() + " could not follow this file's "
                                    + "nesting to summarise it, and leaves it out of the project-wide phase"));
                } catch (RuntimeException e) {
                    diagnostics.add(new Diagnostic(Diagnostic.Kind.RULE_ERROR, shownAs, 1,
                            "rule " + rule.id() + " failed to summarise this file, which it leaves out: " + e));
                }
            }
            summaries.add(summary);
        }
        return new FileResult(findings, diagnostics, summaries, declares, mentions);
    }

    /** A type declared here, or a capitalised name used here: what the cache needs to know who depends on whom. */
    private static void collectName(Node node, Set<String> declares, Set<String> mentions) {
        if (node instanceof com.github.javaparser.ast.body.TypeDeclaration<?> type) {
            declares.add(type.getNameAsString());
        } else if (node instanceof com.github.javaparser.ast.expr.SimpleName name) {
            String identifier = name.getIdentifier();
            if (!identifier.isEmpty() && Character.isUpperCase(identifier.charAt(0))) {
                mentions.add(identifier);
            }
        }
    }

    private final class FileRuleContext implements RuleContext {
        private final RuleDescriptor rule;
        private final Path file;
        private final List<Finding> findings;
        private final List<Diagnostic> diagnostics;
        private final Map<Class<?>, Object> facts;

        FileRuleContext(RuleDescriptor rule, Path file, List<Finding> findings, List<Diagnostic> diagnostics,
                Map<Class<?>, Object> facts) {
            this.rule = rule;
            this.file = file;
            this.findings = findings;
            this.diagnostics = diagnostics;
            this.facts = facts;
        }

        @Override
        public void limitReached(Node at, String message) {
            Diagnostic limit = new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, file, line(at),
                    "rule " + rule.id() + ": " + message);
            if (!diagnostics.contains(limit)) {
                diagnostics.add(limit);
            }
        }

        @Override
        public <T> T fileFact(Class<T> kind, Supplier<T> compute) {
            Object known = facts.get(kind);
            if (known == null) {
                known = compute.get();
                facts.put(kind, known);
            }
            return kind.cast(known);
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public TypeQuestions types() {
            return types;
        }

        @Override
        public Site site(Node node) {
            Position begin = node.getBegin().orElse(new Position(1, 1));
            return new Site(file, begin.line, begin.column, Suppressions.isSuppressed(node, rule));
        }

        @Override
        public void report(Node node, String message, String fixHint) {
            report(node, message, fixHint, List.of());
        }

        @Override
        public void report(Node node, String message, String fixHint, List<Finding.Related> related) {
            if (Suppressions.isSuppressed(node, rule)) {
                return;
            }
            Position begin = node.getBegin().orElse(new Position(1, 1));
            findings.add(new Finding(rule.id(), rule.severity(), file, begin.line, begin.column, message, fixHint,
                    related));
        }
    }

    private String decode(byte[] bytes) throws CharacterCodingException {
        return encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static List<Diagnostic> parseDiagnostics(Path shownAs, List<Problem> problems) {
        Set<Diagnostic> diagnostics = new LinkedHashSet<>();
        for (Problem problem : problems) {
            int line = problem.getLocation().map(FileAnalyzer::culpritLine).orElse(1);
            diagnostics.add(new Diagnostic(Diagnostic.Kind.PARSE_ERROR, shownAs, line, firstLine(problem)));
        }
        if (diagnostics.isEmpty()) {
            diagnostics.add(new Diagnostic(Diagnostic.Kind.PARSE_ERROR, shownAs, 1, "does not parse"));
        }
        return new ArrayList<>(diagnostics);
    }

    /**
     * A problem's range starts at the last token the parser accepted; the culprit is the next real token after it,
     * which may be lines further on.
     */
    private static int culpritLine(TokenRange range) {
        JavaToken token = range.getBegin();
        Optional<JavaToken> next = token.getNextToken();
        while (next.isPresent() && next.get().getCategory().isWhitespaceOrComment()) {
            next = next.get().getNextToken();
        }
        return next.or(() -> Optional.of(token)).flatMap(JavaToken::getRange).map(r -> r.begin.line).orElse(1);
    }

    /**
     * JavaParser's messages run to many lines and list every token it would have accepted; what was found, and
     * a short list of what was expected, say what matters.
     */
    static String firstLine(Problem problem) {
        String message = problem.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline).strip();
        int expected = first.indexOf(", expected one of");
        if (expected >= 0 && first.length() - expected > 120) {
            first = first.substring(0, expected) + ", which is not valid Java here";
        }
        return first;
    }

    private static int line(Node node) {
        return node.getRange().map((Range r) -> r.begin.line).orElse(1);
    }

    private FileResult diagnosticOnly(Diagnostic diagnostic) {
        return diagnosticOnly(List.of(diagnostic));
    }

    private FileResult diagnosticOnly(List<Diagnostic> diagnostics) {
        return new FileResult(List.of(), diagnostics, java.util.Collections.nCopies(projectRules.size(), null),
                Set.of(), Set.of());
    }
}
