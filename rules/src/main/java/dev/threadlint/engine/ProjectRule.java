package dev.threadlint.engine;

import com.github.javaparser.ast.CompilationUnit;

import java.util.List;

/**
 * A rule that needs the whole project: each file contributes a small summary while its tree is at hand, and the
 * rule judges all summaries together once every file is done. Summaries hold names and {@link Site}s, never nodes,
 * so memory holds facts, not trees.
 *
 * @param <S> what one file contributes
 */
public interface ProjectRule<S> extends Rule {

    /** The file's contribution, computed after the walk; may also report per-file findings through the context. */
    S summarize(CompilationUnit unit, RuleContext context);

    /**
     * The class of the summaries, which the analysis cache writes as JSON and reads back: a record of strings,
     * numbers, lists, {@link Site}s and other such records.
     */
    Class<S> summaryType();

    /** Called once, with every file's summary in file order. */
    void finish(List<S> summaries, ProjectContext context);

    /** How the project-wide phase reports. */
    interface ProjectContext {
        /** Reports a finding at {@code site}, unless the site is suppressed. */
        void report(Site site, String message, String fixHint);

        /** Reports with the other places the message names, which reports that can link show as such. */
        default void report(Site site, String message, String fixHint, List<Finding.Related> related) {
            report(site, message, fixHint);
        }

        /** Adds a file to the report's side outputs (a graph, say), written next to the main report. */
        void attach(String name, String content);

        /**
         * Tells the user that the phase stopped some search at its work budget: the findings are those found
         * within it. Reported as a {@link Diagnostic.Kind#LIMIT_REACHED} diagnostic.
         */
        default void limitReached(String message) {
        }
    }
}
