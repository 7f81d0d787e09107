package dev.threadlint.rules;

import dev.threadlint.engine.AnalysisResult;
import dev.threadlint.engine.Finding;
import dev.threadlint.engine.SourceTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java 21+ sources cannot be compiled by this build (it targets 17), so they are analysed as text here: the
 * fixture module covers everything that compiles on 17.
 */
class RunInsteadOfStartModernSyntaxTest {

    @TempDir
    Path dir;

    @Test
    void threadBuildersAreFlaggedWhateverJdkThreadlintRunsOn() throws IOException {
        AnalysisResult result = new SourceTree(dir).file("app/Jobs.java",
                "package app;",
                "sealed interface Job permits Render, Export {}",
                "record Render(String name) implements Job {}",
                "record Export(String name) implements Job {}",
                "class Jobs {",
                "    void run(Job job, Runnable task) {",
                "        String label = switch (job) {",
                "            case Render r when r.name().isEmpty() -> \"\"\"",
                "                unnamed",
                "                \"\"\";",
                "            case Render r -> r.name();",
                "            case Export e -> e.name();",
                "        };",
                "        Thread.ofVirtual().name(label).unstarted(task).run();",
                "        Thread.ofPlatform().daemon().unstarted(task).run();",
                "        Thread.ofVirtual().unstarted(task).start();",
                "        Thread.startVirtualThread(task);",
                "    }",
                "}").analyse();

        assertTrue(result.diagnostics().isEmpty(), result.diagnostics().toString());
        List<Integer> lines = result.findings().stream().map(Finding::line).toList();
        assertEquals(List.of(14, 15), lines);
    }
}
