package dev.threadlint.bench;

import dev.threadlint.engine.AnalysisRequest;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Analyzer;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.engine.LanguageLevels;
import dev.threadlint.rules.RuleRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the engine on generated worst-case shapes ({@link StressShapes}) at size N and 2N, each case in a fresh
 * JVM so that a stall can be stopped and one case's heap and JIT state do not leak into the next, and prints time
 * against size with the growth from N to 2N. Near-linear walks read about 2x; the target is at most ~2.5x, with
 * every 2N case in well under a minute. Nothing is asserted: it measures and prints.
 *
 * <pre>
 * StressBench [--shape ID]... [--scale F] [--timeout SECONDS] [--sizes N,M,...]
 * StressBench --write ID N DIR
 * </pre>
 */
public final class StressBench {

    private static final String USAGE = """
            usage: StressBench [options]
              --shape ID        a shape to run (repeatable; default: all of %s)
              --scale F         multiply every shape's base size by F (default 1)
              --timeout S       stop a case after S seconds and report it as stopped (default 120)
              --sizes N,M,...   explicit sizes instead of N and 2N (with one --shape)
            or: StressBench --write ID N DIR   (writes one shape at size N into DIR, to run it another way)
            """;

    /** What one case measured, or why it has no figure. */
    private record CaseResult(double seconds, int findings, int diagnostics, double parseSeconds,
            String firstDiagnostic, String failure) {
    }

    private StressBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--case")) {
            runCase(StressShapes.byId(args[1]), Integer.parseInt(args[2]), System.out);
            return;
        }
        if (args.length == 4 && args[0].equals("--write")) {
            // To run a shape through the Maven plugin: the sources go under DIR/stress/.
            StressShapes.byId(args[1]).write(Path.of(args[3]), Integer.parseInt(args[2]));
            return;
        }
        List<StressShapes> shapes = new ArrayList<>();
        double scale = 1;
        long timeout = 120;
        List<Integer> sizes = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--shape" -> shapes.add(StressShapes.byId(value(args, ++i, "--shape")));
                    case "--scale" -> scale = Double.parseDouble(value(args, ++i, "--scale"));
                    case "--timeout" -> timeout = Long.parseLong(value(args, ++i, "--timeout"));
                    case "--sizes" -> {
                        for (String size : value(args, ++i, "--sizes").split(",")) {
                            sizes.add(Integer.parseInt(size.strip()));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!sizes.isEmpty() && shapes.size() != 1) {
                throw new IllegalArgumentException("--sizes needs exactly one --shape");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.printf(USAGE, StressShapes.ids());
            System.exit(2);
            return;
        }
        if (shapes.isEmpty()) {
            shapes.addAll(List.of(StressShapes.values()));
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "java %s, %d processors; each case in its own JVM, threads 1, timeout %d s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), timeout);
        out.printf(Locale.ROOT, "%-15s %7s %9s %9s %9s %7s %9s  %s%n", "shape", "size", "seconds", "growth",
                "parse s", "growth", "findings", "diagnostic");
        for (StressShapes shape : shapes) {
            List<Integer> shapeSizes = sizes.isEmpty()
                    ? List.of(scaled(shape.defaultSize, scale), 2 * scaled(shape.defaultSize, scale)) : sizes;
            CaseResult previous = null;
            for (int size : shapeSizes) {
                CaseResult result = inOwnJvm(shape, size, timeout);
                boolean comparable = previous != null && previous.failure() == null && result.failure() == null;
                String growth = comparable ? ratio(result.seconds(), previous.seconds()) : "";
                String parseGrowth = comparable ? ratio(result.parseSeconds(), previous.parseSeconds()) : "";
                if (result.failure() != null) {
                    out.printf(Locale.ROOT, "%-15s %7d %9s %9s %9s %7s %9s  %s%n", shape.id, size, "-", "", "-", "",
                            "-", result.failure());
                } else {
                    out.printf(Locale.ROOT, "%-15s %7d %9.2f %9s %9.2f %7s %9d  %s%n", shape.id, size,
                            result.seconds(), growth, result.parseSeconds(), parseGrowth, result.findings(),
                            result.diagnostics() == 0 ? "" : result.diagnostics() + ": " + result.firstDiagnostic());
                }
                out.flush();
                previous = result;
            }
        }
    }

    private static String ratio(double now, double before) {
        return before <= 0 ? "" : String.format(Locale.ROOT, "%.2fx", now / before);
    }

    private static int scaled(int size, double scale) {
        return Math.max(1, (int) Math.round(size * scale));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** Starts this class with {@code --case} in a new JVM with the same class path and options. */
    private static CaseResult inOwnJvm(StressShapes shape, int size, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StressBench.class.getName());
        command.add("--case");
        command.add(shape.id);
        command.add(Integer.toString(size));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was stopped; what was read is kept
            }
        }, "stress-case-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return new CaseResult(-1, 0, 0, -1, "", "stopped after " + timeoutSeconds + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        List<String> output;
        synchronized (lines) {
            output = List.copyOf(lines);
        }
        for (String line : output) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.split(" ", 6);
                return new CaseResult(Double.parseDouble(parts[1]), Integer.parseInt(parts[2]),
                        Integer.parseInt(parts[3]), Double.parseDouble(parts[4]), parts.length > 5 ? parts[5] : "",
                        null);
            }
        }
        String last = output.isEmpty() ? "no output" : output.get(output.size() - 1);
        return new CaseResult(-1, 0, 0, -1, "", "failed (exit " + process.exitValue() + "): " + last);
    }

    /**
     * One case in this JVM: a small warm-up of the same shape first, so that the figure is the engine's work on the
     * shape rather than class loading and JIT compilation, then a timed bare parse of the same files (JavaParser
     * alone, the floor) and the timed analysis.
     */
    private static void runCase(StressShapes shape, int size, PrintStream out) throws Exception {
        Analyzer analyzer = new Analyzer(RuleRegistry.all());
        Path warmUp = Files.createTempDirectory("threadlint-stress");
        Path dir = Files.createTempDirectory("threadlint-stress");
        try {
            shape.write(warmUp, Math.max(2, size / 8));
            bareParse(warmUp);
            analyse(analyzer, warmUp);
            shape.write(dir, size);
            long parseStart = System.nanoTime();
            bareParse(dir);
            double parseSeconds = (System.nanoTime() - parseStart) / 1e9;
            long start = System.nanoTime();
            AnalysisResult result = analyse(analyzer, dir);
            double seconds = (System.nanoTime() - start) / 1e9;
            String firstDiagnostic = result.diagnostics().stream().findFirst().map(Diagnostic::render).orElse("");
            out.printf(Locale.ROOT, "RESULT %.3f %d %d %.3f %s%n", seconds, result.findings().size(),
                    result.diagnostics().size(), parseSeconds, firstDiagnostic.replace('\n', ' '));
        } finally {
            deleteTree(warmUp);
            deleteTree(dir);
        }
    }

    private static AnalysisResult analyse(Analyzer analyzer, Path dir) throws IOException {
        return analyzer.analyze(AnalysisRequest.of(dir, List.of(dir)).withThreads(1));
    }

    /** JavaParser alone on the files, on a thread with the engine's worker stack, so that depth costs both alike. */
    private static void bareParse(Path dir) throws Exception {
        List<Path> files = SourceTree.scan(List.of(dir)).files();
        Exception[] failure = new Exception[1];
        Thread parsing = new Thread(null, () -> {
            try {
                new BareParse(LanguageLevels.parse("languageLevel", LanguageLevels.LATEST), 1).run(files);
            } catch (Exception | StackOverflowError e) {
                failure[0] = e instanceof Exception exception ? exception : new IllegalStateException(e);
            }
        }, "stress-bare-parse", 256L << 20);
        parsing.start();
        parsing.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
