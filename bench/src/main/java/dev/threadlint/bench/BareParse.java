package dev.threadlint.bench;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor threadlint is measured against: what the engine does for every file before any rule runs, and
 * nothing more. Same parser configuration (the language level set, everything else at JavaParser's defaults,
 * tokens stored), same thread count, one parser per thread, per-file read, strict decode and parse, tree dropped
 * at once. One file per task as in the engine, so scheduling overhead is the same on both sides.
 */
final class BareParse {

    /** What one round saw; the counts let the report check that both sides parsed the same files. */
    record Outcome(int parsed, int failed) {
    }

    private final ParserConfiguration.LanguageLevel level;
    private final int threads;

    BareParse(ParserConfiguration.LanguageLevel level, int threads) {
        this.level = level;
        this.threads = threads;
    }

    Outcome run(List<Path> files) throws IOException, InterruptedException {
        // Fresh parsers every round, as each Analyzer.analyze call makes fresh workers.
        ThreadLocal<JavaParser> parsers = ThreadLocal.withInitial(
                () -> new JavaParser(new ParserConfiguration().setLanguageLevel(level)));
        if (threads == 1 || files.size() < 2) {
            int failed = 0;
            for (Path file : files) {
                failed += parseOne(parsers.get(), file) ? 0 : 1;
            }
            return new Outcome(files.size() - failed, failed);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), task -> {
            Thread thread = new Thread(task, "bare-parse-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Boolean>> pending = new ArrayList<>(files.size());
            for (Path file : files) {
                pending.add(pool.submit(() -> parseOne(parsers.get(), file)));
            }
            int failed = 0;
            for (Future<Boolean> future : pending) {
                failed += future.get() ? 0 : 1;
            }
            return new Outcome(files.size() - failed, failed);
        } catch (ExecutionException e) {
            throw new IllegalStateException("bare parse failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** True when the file parsed; the tree is dropped on return. */
    private static boolean parseOne(JavaParser parser, Path file) throws IOException {
        String source;
        try {
            source = SourceTree.decode(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            return false;
        }
        ParseResult<CompilationUnit> result = parser.parse(source);
        return result.isSuccessful() && result.getResult().isPresent();
    }
}
