package dev.threadlint.bench;

import com.github.javaparser.ParserConfiguration;
import dev.threadlint.engine.AnalysisRequest;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Analyzer;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.LanguageLevels;
import dev.threadlint.rules.RuleRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Times threadlint (the full {@link Analyzer} with every rule) against bare parsing of the same tree, in one JVM,
 * and prints both with their ratio.
 *
 * <p>Round 0 runs each side once from cold and is reported on its own; rounds 1..N then alternate the sides
 * (parse, analyse, parse, analyse, ...) so that JIT warm-up and GC state favour neither, and the medians of those
 * rounds are the warm figures. The cold analysis round follows the cold parse round and so inherits its JIT-warm
 * lexer and parser: for a truly cold figure of each side, run each alone ({@code --only}; run.sh
 * --separate-jvms does this). Nothing here asserts a time: it measures and prints.
 *
 * <pre>
 * ParseVersusAnalysis SOURCE_ROOT... [--threads N] [--rounds N] [--language-level L] [--only parse|analyse]
 *                     [--report FILE] [--base DIR] [--no-resolve]
 * </pre>
 */
public final class ParseVersusAnalysis {

    private enum Side {
        PARSE("bare parse"), ANALYSE("threadlint");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** One timed run of one side. */
    private record Round(Side side, int number, double wallSeconds, double cpuSeconds, double loadAverage,
            HeapWatch.Peaks heap, String note) {
    }

    private record Options(List<Path> roots, Path base, int threads, int rounds, String languageLevel,
            List<Side> sides, Path report, boolean resolveTypes) {
    }

    private static final String USAGE = """
            usage: ParseVersusAnalysis SOURCE_ROOT... [options]
              --threads N          worker threads for both sides (default: available processors)
              --rounds N           measured rounds per side after the cold round (default 3; 0: cold only)
              --language-level L   Java version of the sources: 17, 21, latest, ... (default 17)
              --only parse|analyse run one side only (for a cold figure and heap of that side alone)
              --report FILE        write the first analysis round's findings and diagnostics to FILE
              --base DIR           report paths relative to DIR (default: the root, or the roots' common parent)
              --no-resolve         analyse without the symbol solver (type questions answer unknown)
            """;

    private ParseVersusAnalysis() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    private static void run(Options options, PrintStream out) throws Exception {
        ParserConfiguration.LanguageLevel level = LanguageLevels.parse("--language-level", options.languageLevel());
        SourceTree tree = SourceTree.scan(options.roots());
        out.printf(Locale.ROOT, "java %s, %s, max heap %d MiB, %d processors, jvm args %s%n",
                Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.printf(Locale.ROOT, "tree: %d roots, %d files, %d non-blank lines, %.1f MiB%s%n",
                options.roots().size(), tree.files().size(), tree.nonBlankLines(), tree.bytes() / 1048576.0,
                tree.undecodable() == 0 ? "" : ", " + tree.undecodable() + " not valid UTF-8");
        out.printf(Locale.ROOT, "threads %d, language level %s, rules %s, type resolution %s%n%n",
                options.threads(), level, RuleRegistry.descriptors().stream().map(d -> d.id()).toList(),
                options.resolveTypes() ? "on" : "off");

        BareParse bare = new BareParse(level, options.threads());
        AnalysisRequest request = AnalysisRequest.of(options.base(), options.roots())
                .withThreads(options.threads())
                .withLanguageLevel(options.languageLevel())
                .withResolveTypes(options.resolveTypes());
        Analyzer analyzer = new Analyzer(RuleRegistry.all());

        List<Round> rounds = new ArrayList<>();
        List<String> firstReport = null;
        int differingRounds = 0;
        try (HeapWatch heap = new HeapWatch()) {
            for (int number = 0; number <= options.rounds(); number++) {
                for (Side side : options.sides()) {
                    heap.startPhase();
                    long cpuStart = processCpuNanos();
                    long start = System.nanoTime();
                    String note;
                    List<String> report = null;
                    if (side == Side.PARSE) {
                        BareParse.Outcome outcome = bare.run(tree.files());
                        note = outcome.failed() == 0 ? "all parsed" : outcome.failed() + " files did not parse";
                    } else {
                        AnalysisResult result = analyzer.analyze(request);
                        note = summary(result);
                        report = render(result);
                    }
                    double wall = (System.nanoTime() - start) / 1e9;
                    double cpu = (processCpuNanos() - cpuStart) / 1e9;
                    Round round = new Round(side, number, wall, cpu,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), heap.endPhase(), note);
                    rounds.add(round);
                    out.println(line(round));
                    if (report != null) {
                        if (firstReport == null) {
                            firstReport = report;
                            if (options.report() != null) {
                                Files.write(options.report(), report, StandardCharsets.UTF_8);
                            }
                        } else if (!report.equals(firstReport)) {
                            differingRounds++;
                        }
                    }
                }
            }
        }
        out.println();
        printSummary(out, tree, options, rounds, firstReport, differingRounds);
        if (options.sides().contains(Side.ANALYSE)) {
            double coldAnalysis = rounds.stream().filter(r -> r.side() == Side.ANALYSE && r.number() == 0)
                    .findFirst().orElseThrow().wallSeconds();
            measureIncremental(out, analyzer, request, coldAnalysis, firstReport);
        }
    }

    /**
     * The incremental cache: a first run that fills it, then a re-run on the unchanged tree, against the cold
     * analysis without a cache measured above.
     */
    private static void measureIncremental(PrintStream out, Analyzer analyzer, AnalysisRequest request,
            double coldAnalysis, List<String> firstReport) throws IOException {
        Path cache = Files.createTempFile("threadlint-bench-", ".cache.json.gz");
        try {
            Files.delete(cache);
            long start = System.nanoTime();
            analyzer.analyze(request.withCacheFile(cache));
            double fill = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            AnalysisResult rerun = analyzer.analyze(request.withCacheFile(cache));
            double unchanged = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "incremental      first run with the cache %.2f s (cache %.1f MiB), unchanged re-run "
                            + "%.2f s (%d of %d files from the cache)%n", fill, Files.size(cache) / 1048576.0,
                    unchanged, rerun.filesReused(), rerun.filesAnalysed());
            out.printf(Locale.ROOT, "ratio unchanged re-run / cold analysis   %.3f   same findings: %s%n",
                    unchanged / coldAnalysis, render(rerun).equals(firstReport) ? "yes" : "NO");
        } finally {
            Files.deleteIfExists(cache);
        }
    }

    private static void printSummary(PrintStream out, SourceTree tree, Options options, List<Round> rounds,
            List<String> firstReport, int differingRounds) {
        out.printf(Locale.ROOT, "files            %d%n", tree.files().size());
        out.printf(Locale.ROOT, "non-blank lines  %d%n", tree.nonBlankLines());
        Map<Side, Round> cold = new EnumMap<>(Side.class);
        Map<Side, double[]> warmWall = new EnumMap<>(Side.class);
        Map<Side, double[]> warmCpu = new EnumMap<>(Side.class);
        for (Side side : options.sides()) {
            cold.put(side, rounds.stream().filter(r -> r.side() == side && r.number() == 0).findFirst()
                    .orElseThrow());
            warmWall.put(side, rounds.stream().filter(r -> r.side() == side && r.number() > 0)
                    .mapToDouble(Round::wallSeconds).toArray());
            warmCpu.put(side, rounds.stream().filter(r -> r.side() == side && r.number() > 0)
                    .mapToDouble(Round::cpuSeconds).toArray());
            long peakUsed = rounds.stream().filter(r -> r.side() == side)
                    .mapToLong(r -> r.heap().peakUsed()).max().orElse(0);
            long peakLive = rounds.stream().filter(r -> r.side() == side)
                    .mapToLong(r -> r.heap().peakAfterGc()).max().orElse(0);
            out.printf(Locale.ROOT, "%-16s cold %7.2f s wall %7.2f s cpu   warm median %s wall %s cpu   "
                            + "peak heap used %d MiB, after GC %d MiB%n",
                    side.label, cold.get(side).wallSeconds(), cold.get(side).cpuSeconds(),
                    seconds(warmWall.get(side)), seconds(warmCpu.get(side)), peakUsed >> 20, peakLive >> 20);
        }
        if (options.sides().size() == 2) {
            out.printf(Locale.ROOT, "ratio threadlint/bare   cold %.2f wall %.2f cpu   warm %s wall %s cpu%n",
                    cold.get(Side.ANALYSE).wallSeconds() / cold.get(Side.PARSE).wallSeconds(),
                    cold.get(Side.ANALYSE).cpuSeconds() / cold.get(Side.PARSE).cpuSeconds(),
                    ratio(warmWall.get(Side.ANALYSE), warmWall.get(Side.PARSE)),
                    ratio(warmCpu.get(Side.ANALYSE), warmCpu.get(Side.PARSE)));
            // Wall time counts other processes' use of the cores; process CPU time does not.
            out.println("(cpu: this process's CPU time, JIT and GC threads included; prefer it over wall time when"
                    + " the load average exceeds the thread count)");
        }
        if (firstReport != null) {
            long findings = firstReport.stream().filter(l -> l.startsWith("F ")).count();
            out.printf(Locale.ROOT, "findings         %d (%.3f per KLOC)%n", findings,
                    findings * 1000.0 / Math.max(1, tree.nonBlankLines()));
            long analysisRounds = rounds.stream().filter(r -> r.side() == Side.ANALYSE).count();
            out.printf(Locale.ROOT, "same findings and diagnostics in all %d analysis rounds: %s%n", analysisRounds,
                    differingRounds == 0 ? "yes" : "NO, " + differingRounds + " rounds differ from the first");
        }
    }

    private static String line(Round round) {
        return String.format(Locale.ROOT,
                "round %d %-10s %7.2f s wall %7.2f s cpu  load %4.1f  heap at start %4d MiB, peak %5d MiB, after GC %5d MiB, %3d GCs  %s",
                round.number(), round.side().label, round.wallSeconds(), round.cpuSeconds(), round.loadAverage(),
                round.heap().retainedAtStart() >> 20,
                round.heap().peakUsed() >> 20, round.heap().peakAfterGc() >> 20, round.heap().collections(),
                round.note());
    }

    private static String summary(AnalysisResult result) {
        Map<Diagnostic.Kind, Long> kinds = result.diagnostics().stream()
                .collect(Collectors.groupingBy(Diagnostic::kind, () -> new EnumMap<>(Diagnostic.Kind.class),
                        Collectors.counting()));
        Map<String, Long> rules = result.findings().stream()
                .collect(Collectors.groupingBy(Finding::ruleId, TreeMap::new, Collectors.counting()));
        return result.findings().size() + " findings " + rules + ", diagnostics " + kinds;
    }

    /** Findings then diagnostics, one a line, each prefixed so that the file can be grepped and diffed. */
    private static List<String> render(AnalysisResult result) {
        List<String> lines = new ArrayList<>();
        result.findings().forEach(f -> lines.add("F " + f.render()));
        result.diagnostics().forEach(d -> lines.add("D " + d.kind() + " " + d.render()));
        return lines;
    }

    private static String seconds(double[] values) {
        return values.length == 0 ? "    n/a  " : String.format(Locale.ROOT, "%7.2f s", median(values));
    }

    private static String ratio(double[] numerator, double[] denominator) {
        return numerator.length == 0 || denominator.length == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", median(numerator) / median(denominator));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** CPU time of the whole process, GC and JIT threads included; -1 per call where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static Options parse(String[] args) {
        List<Path> roots = new ArrayList<>();
        Path base = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int rounds = 3;
        String level = "17";
        List<Side> sides = List.of(Side.PARSE, Side.ANALYSE);
        Path report = null;
        boolean resolve = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--threads" -> threads = positive(arg, value(args, ++i, arg), 1);
                case "--rounds" -> rounds = positive(arg, value(args, ++i, arg), 0);
                case "--language-level" -> level = value(args, ++i, arg);
                case "--only" -> sides = switch (value(args, ++i, arg)) {
                    case "parse" -> List.of(Side.PARSE);
                    case "analyse", "analyze" -> List.of(Side.ANALYSE);
                    default -> throw new IllegalArgumentException("--only: parse or analyse, was " + args[i]);
                };
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--base" -> base = Path.of(value(args, ++i, arg));
                case "--no-resolve" -> resolve = false;
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    roots.add(Path.of(arg).toAbsolutePath().normalize());
                }
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no source root given");
        }
        return new Options(roots, base != null ? base : commonParent(roots), threads, rounds, level, sides, report,
                resolve);
    }

    private static Path commonParent(List<Path> roots) {
        if (roots.size() == 1) {
            return roots.get(0);
        }
        Path common = roots.get(0);
        for (Path root : roots) {
            while (!root.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String text, int minimum) {
        try {
            int value = Integer.parseInt(text);
            if (value >= minimum) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw new IllegalArgumentException(option + ": a whole number of at least " + minimum + ", was " + text);
    }
}
