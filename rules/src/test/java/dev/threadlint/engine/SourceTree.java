package dev.threadlint.engine;

import dev.threadlint.rules.RuleRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throwaway source tree for engine tests: write files, analyse them. */
public final class SourceTree {
    private final Path root;

    public SourceTree(Path root) {
        this.root = root;
    }

    public SourceTree file(String relativePath, String... lines) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return this;
    }

    public Path root() {
        return root;
    }

    public AnalysisRequest request() {
        return AnalysisRequest.of(root, List.of(root)).withThreads(2);
    }

    public AnalysisResult analyse() throws IOException {
        return analyse(request());
    }

    public AnalysisResult analyse(AnalysisRequest request) throws IOException {
        return new Analyzer(RuleRegistry.all()).analyze(request);
    }
}
