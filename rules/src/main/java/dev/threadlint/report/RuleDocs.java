package dev.threadlint.report;

import dev.threadlint.engine.RuleDescriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rule pages, {@code docs/rules/<id>.md}, as packaged in the rules jar. */
public final class RuleDocs {

    private RuleDocs() {
    }

    /** The markdown page of {@code rule}, or empty when the jar lacks it (the catalog test forbids that). */
    public static Optional<String> load(RuleDescriptor rule) {
        try (InputStream in = RuleDocs.class.getResourceAsStream(rule.docResource())) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
