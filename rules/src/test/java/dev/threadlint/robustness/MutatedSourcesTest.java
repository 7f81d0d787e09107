package dev.threadlint.robustness;

import dev.threadlint.engine.AnalysisRequest;
import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Analyzer;
import dev.threadlint.engine.Diagnostic;
import dev.threadlint.rules.RuleRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded fuzz test: the rule fixtures, broken by deleting, duplicating and swapping lines and tokens, must make
 * the engine report diagnostics, never throw and never crash a rule. Seeded, so a failure replays; bounded in
 * count, so it takes seconds.
 */
class MutatedSourcesTest {

    private static final long SEED = 20261121L;
    private static final int MUTANTS = 160;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void brokenSourcesGiveDiagnosticsNotCrashes() throws IOException {
        List<Path> originals = fixtureSources();
        Random random = new Random(SEED);
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            Path original = originals.get(random.nextInt(originals.size()));
            String mutant = mutate(Files.readString(original, StandardCharsets.UTF_8), random);
            Path file = dir.resolve("m" + i).resolve(original.getFileName());
            Files.createDirectories(file.getParent());
            Files.writeString(file, mutant, StandardCharsets.UTF_8);
        }
        AnalysisResult result = new Analyzer(RuleRegistry.all())
                .analyze(AnalysisRequest.of(dir, List.of(dir)).withThreads(2));

        for (Diagnostic diagnostic : result.diagnostics()) {
            if (diagnostic.kind() == Diagnostic.Kind.RULE_ERROR) {
                crashes.add(diagnostic.render());
            }
        }
        assertEquals(MUTANTS, result.filesAnalysed());
        assertEquals(List.of(), crashes, "rules must not crash on broken code (seed " + SEED + ")");
        // The mutants are really broken, and the ones that still parse are still analysed.
        assertTrue(result.hasParseErrors(), "no mutant failed to parse: the mutations are too weak");
        assertTrue(!result.findings().isEmpty(), "no finding on any mutant: the rules did not run");
    }

    private static List<Path> fixtureSources() throws IOException {
        Path fixtures = Path.of("..", "test-fixtures", "src", "main", "java");
        try (Stream<Path> walk = Files.walk(fixtures)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** One to three edits: delete, duplicate or swap lines, or delete, duplicate or swap tokens within a line. */
    static String mutate(String source, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(source.split("\n", -1)));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && lines.size() > 2; e++) {
            int at = random.nextInt(lines.size());
            int other = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(other));
                case 2 -> {
                    String swapped = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, swapped);
                }
                default -> lines.set(at, mutateTokens(lines.get(at), random));
            }
        }
        return String.join("\n", lines);
    }

    private static String mutateTokens(String line, Random random) {
        List<String> tokens = new ArrayList<>(Arrays.asList(line.split("(?<=[ (){};,.])|(?=[ (){};,.])")));
        if (tokens.size() < 2) {
            return line;
        }
        int at = random.nextInt(tokens.size());
        int other = random.nextInt(tokens.size());
        switch (random.nextInt(3)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, tokens.get(other));
            default -> {
                String swapped = tokens.get(at);
                tokens.set(at, tokens.get(other));
                tokens.set(other, swapped);
            }
        }
        return String.join("", tokens);
    }
}
