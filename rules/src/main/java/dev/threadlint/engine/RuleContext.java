package dev.threadlint.engine;

import com.github.javaparser.ast.Node;

import java.nio.file.Path;
import java.util.function.Supplier;

/** What a rule may use while it looks at one file. One context per rule and file; not shared across threads. */
public interface RuleContext {

    /** The file being analysed, relative to the request's base directory. */
    Path file();

    /** Type questions answered yes / no / unknown. */
    TypeQuestions types();

    /**
     * A fact about this file that several rules need (a model of its threads and locks, say), computed by the
     * first rule that asks and shared with the others for the rest of this file.
     */
    <T> T fileFact(Class<T> kind, Supplier<T> compute);

    /** The place of {@code node}, with whether this rule is suppressed there, for reporting after the walk. */
    Site site(Node node);

    /**
     * Reports a finding at {@code node}'s first position. Suppressions on enclosing declarations are the
     * engine's to apply, so rules report unconditionally.
     *
     * @param message what is wrong and why, naming the other site involved where there is one
     * @param fixHint one line saying how to fix it
     */
    void report(Node node, String message, String fixHint);

    /** Reports with the other places the message names, which reports that can link show as such. */
    default void report(Node node, String message, String fixHint, java.util.List<Finding.Related> related) {
        report(node, message, fixHint);
    }

    /**
     * Tells the user that an analysis of this file stopped at its work budget, at {@code at}: the findings past it
     * are not reported. Becomes one {@link Diagnostic.Kind#LIMIT_REACHED} diagnostic on that line, naming the rule.
     */
    default void limitReached(Node at, String message) {
    }
}
