package dev.threadlint.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuppressionsTest {

    @TempDir
    Path dir;

    private int findingsWith(String annotation, String where) throws IOException {
        String onType = where.equals("type") ? annotation : "";
        String onMethod = where.equals("method") ? annotation : "";
        String onField = where.equals("field") ? annotation : "";
        String onLocal = where.equals("local") ? annotation : "";
        String onParameter = where.equals("parameter") ? annotation : "";
        return new SourceTree(dir).file("app/Holder.java",
                "package app;",
                "import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;",
                onType + " class Holder {",
                "    " + onField + " private final Runnable kept = () -> new Thread(() -> {}).run();",
                "    " + onMethod + " void go(" + onParameter + " Thread worker) {",
                "        " + onLocal + " Runnable later = () -> worker.run();",
                "    }",
                "}").analyse().findings().size();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@SuppressWarnings(\"threadlint\")",
            "@SuppressWarnings(\"threadlint:run-instead-of-start\")",
            "@SuppressWarnings({\"unchecked\", \"threadlint:run-instead-of-start\"})",
            "@SuppressWarnings(value = \"threadlint\")",
            "@SuppressFBWarnings(\"run-instead-of-start\")",
            "@SuppressFBWarnings(value = {\"threadlint:run-instead-of-start\"}, justification = \"demo\")",
            "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"threadlint\")"})
    void eachFormSuppressesOnTheEnclosingType(String annotation) throws IOException {
        assertEquals(2, findingsWith("", "none"));
        assertEquals(0, findingsWith(annotation, "type"));
    }

    @Test
    void suppressionCoversOnlyTheAnnotatedDeclaration() throws IOException {
        String annotation = "@SuppressWarnings(\"threadlint:run-instead-of-start\")";
        assertEquals(1, findingsWith(annotation, "field"));
        assertEquals(1, findingsWith(annotation, "method"));
        assertEquals(1, findingsWith(annotation, "local"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@SuppressWarnings(\"run-instead-of-start\")",
            "@SuppressWarnings(\"threadlint:missing-join\")",
            "@SuppressWarnings(\"all\")",
            "@SuppressFBWarnings(\"RUN_INVOKE_RUN\")"})
    void otherKeysDoNotSuppress(String annotation) throws IOException {
        assertEquals(2, findingsWith(annotation, "type"));
    }
}
