package dev.threadlint.engine;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs rules over a project's sources. Files are analysed in parallel, each by the worker thread that owns a
 * parser and a type solver; results are gathered in file order and sorted, so the same input always gives the
 * same report whatever the thread count.
 */
public final class Analyzer {

    private final List<Rule> rules;
    private final long workerStackBytes;

    public Analyzer(List<Rule> rules) {
        this(rules, WORKER_STACK_BYTES);
    }

    /** With worker threads of another stack size: tests make nesting overflow without writing megabytes. */
    Analyzer(List<Rule> rules, long workerStackBytes) {
        this.rules = List.copyOf(rules);
        this.workerStackBytes = workerStackBytes;
    }

    public AnalysisResult analyze(AnalysisRequest request) throws IOException {
        return analyze(request, Progress.NONE);
    }

    /** Analyses, telling {@code progress} as files are done. */
    public AnalysisResult analyze(AnalysisRequest request, Progress progress) throws IOException {
        ParserConfiguration.LanguageLevel level = LanguageLevels.parse("languageLevel", request.languageLevel());
        Path base = request.baseDirectory().toAbsolutePath().normalize();
        List<Path> files = SourceFiles.find(request.sourceRoots(), request.includes(), request.excludes());
        NodeHandlers handlers = new NodeHandlers(rules);
        List<ProjectRule<?>> projectRules = projectRules();
        boolean caching = request.cacheFile() != null;

        List<TypeSolvers> solvers = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<FileAnalyzer> workers = ThreadLocal.withInitial(
                () -> newWorker(request, level, handlers, projectRules, base, solvers, caching));
        List<String> notes = new ArrayList<>();
        List<FileAnalyzer.FileResult> results;
        IncrementalRun run = caching ? new IncrementalRun(request, rules, projectRules, base, files) : null;
        try {
            if (run != null) {
                results = run.analyse(batch -> analyse(batch, workers, request.threads(), progress, files.size()));
            } else {
                results = analyse(files, workers, request.threads(), progress, files.size());
            }
        } finally {
            synchronized (solvers) {
                solvers.forEach(TypeSolvers::close);
            }
            forgetSolvers();
        }

        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (FileAnalyzer.FileResult result : results) {
            findings.addAll(result.findings());
            diagnostics.addAll(result.diagnostics());
        }
        SortedMap<String, String> attachments = new TreeMap<>();
        Optional<AnalysisCache.ProjectPhase> reusable = run == null ? Optional.empty() : run.reusableProjectPhase();
        AnalysisCache.ProjectPhase project = reusable.isPresent() ? reusable.get()
                : onWorkerStack(() -> projectPhase(projectRules, results));
        findings.addAll(project.findings());
        diagnostics.addAll(project.diagnostics());
        attachments.putAll(project.attachments());
        if (run != null) {
            run.save(project);
            notes.addAll(run.notes());
        }
        findings.sort(Finding.REPORT_ORDER);
        diagnostics.sort(Diagnostic.REPORT_ORDER);
        return new AnalysisResult(findings, diagnostics, files.size(),
                rules.stream().map(Rule::descriptor).toList(), attachments, run == null ? 0 : run.reused(), notes);
    }

    private List<ProjectRule<?>> projectRules() {
        List<ProjectRule<?>> projectRules = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule instanceof ProjectRule<?> projectRule) {
                projectRules.add(projectRule);
            }
        }
        return projectRules;
    }

    /** Every project rule's project-wide phase, in rule order. */
    private static AnalysisCache.ProjectPhase projectPhase(List<ProjectRule<?>> projectRules,
            List<FileAnalyzer.FileResult> results) {
        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        SortedMap<String, String> attachments = new TreeMap<>();
        for (int i = 0; i < projectRules.size(); i++) {
            finish(projectRules.get(i), i, results, findings, diagnostics, attachments);
        }
        return new AnalysisCache.ProjectPhase(findings, diagnostics, attachments);
    }

    /** The project-wide phase of one rule: single-threaded, over the summaries in file order. */
    @SuppressWarnings("unchecked")
    private static <S> void finish(ProjectRule<S> rule, int index, List<FileAnalyzer.FileResult> results,
            List<Finding> findings, List<Diagnostic> diagnostics, SortedMap<String, String> attachments) {
        List<S> summaries = new ArrayList<>();
        for (FileAnalyzer.FileResult result : results) {
            Object summary = result.summaries().get(index);
            if (summary != null) {
                summaries.add((S) summary);
            }
        }
        RuleDescriptor descriptor = rule.descriptor();
        try {
            rule.finish(summaries, new ProjectRule.ProjectContext() {
                @Override
                public void report(Site site, String message, String fixHint) {
                    report(site, message, fixHint, List.of());
                }

                @Override
                public void report(Site site, String message, String fixHint, List<Finding.Related> related) {
                    if (!site.suppressed()) {
                        findings.add(new Finding(descriptor.id(), descriptor.severity(), site.file(), site.line(),
                                site.column(), message, fixHint, related));
                    }
                }

                @Override
                public void attach(String name, String content) {
                    attachments.put(name, content);
                }

                @Override
                public void limitReached(String message) {
                    diagnostics.add(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, Path.of("(project)"), 0, message));
                }
            });
        } catch (StackOverflowError e) {
            diagnostics.add(new Diagnostic(Diagnostic.Kind.LIMIT_REACHED, Path.of("(project)"), 0,
                    "rule " + descriptor.id() + " could not follow the project's call chains in its project-wide "
                            + "phase, whose findings are not reported"));
        } catch (RuntimeException | LinkageError | AssertionError e) {
            diagnostics.add(new Diagnostic(Diagnostic.Kind.RULE_ERROR, Path.of("(project)"), 0,
                    "rule " + descriptor.id() + " failed in its project-wide phase: " + e));
        }
    }

    /**
     * JavaParser keeps a static map from each type solver to its facade, so without this every analysis's solvers,
     * and the jars and sources they loaded, would stay reachable for the life of the JVM (a Maven build of many
     * modules). {@code get} locks the class; {@code clearInstances} does not, hence the lock here.
     */
    private static void forgetSolvers() {
        synchronized (JavaParserFacade.class) {
            JavaParserFacade.clearInstances();
        }
    }

    private static FileAnalyzer newWorker(AnalysisRequest request, ParserConfiguration.LanguageLevel level,
            NodeHandlers handlers, List<ProjectRule<?>> projectRules, Path base, List<TypeSolvers> solvers,
            boolean collectNames) {
        // Tokens stay on: JavaParser derives every node's range from them, and findings need positions.
        ParserConfiguration configuration = new ParserConfiguration().setLanguageLevel(level);
        if (request.resolveTypes()) {
            TypeSolvers typeSolvers = new TypeSolvers(request.sourceRoots(), request.classpath(), level);
            solvers.add(typeSolvers);
            configuration.setSymbolResolver(new JavaSymbolSolver(typeSolvers.solver()));
        }
        return new FileAnalyzer(configuration, handlers, projectRules, base, request.encoding(), collectNames);
    }

    /**
     * Files are always analysed on the engine's own worker threads, with one thread too: their stacks are deep
     * enough for the parser on generated code (a 2,000-branch else-if chain, say), which the caller's thread may
     * not be.
     */
    private List<FileAnalyzer.FileResult> analyse(List<Path> files, ThreadLocal<FileAnalyzer> workers, int threads,
            Progress progress, int total) throws IOException {
        if (files.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()),
                workerThreads("threadlint-worker"));
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<FileAnalyzer.FileResult>> pending = new ArrayList<>(files.size());
            for (Path file : files) {
                pending.add(pool.submit(() -> {
                    FileAnalyzer.FileResult result = workers.get().analyze(file);
                    progress.filesDone(done.incrementAndGet(), total);
                    return result;
                }));
            }
            List<FileAnalyzer.FileResult> results = new ArrayList<>(files.size());
            for (Future<FileAnalyzer.FileResult> future : pending) {
                results.add(resultOf(future, "analysis"));
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("analysis workers did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stack of each worker thread. The parser and the engine's walks recurse once per level of nesting; generated
     * code nests far deeper than hand-written code, and the JVM's default (1 MiB or less) overflows on it. The
     * memory is reserved, and only touched as deep as a file needs.
     */
    private static final long WORKER_STACK_BYTES = 256L << 20;

    /** The project-wide phase on a thread of its own with a worker's stack, for the same reason. */
    private AnalysisCache.ProjectPhase onWorkerStack(
            java.util.function.Supplier<AnalysisCache.ProjectPhase> phase) throws IOException {
        ExecutorService thread = Executors.newSingleThreadExecutor(workerThreads("threadlint-project"));
        try {
            return resultOf(thread.submit(phase::get), "project-wide phase");
        } finally {
            thread.shutdownNow();
        }
    }

    /** A worker's result; an interruption is the caller's to see, a failure (which analyze() never lets out) a bug. */
    private static <T> T resultOf(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("analysis interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Threads named {@code name-1}, {@code name-2}, ..., with the worker stack. */
    private ThreadFactory workerThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(), workerStackBytes);
            // Daemon: should the caller give up on the analysis, its workers must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
