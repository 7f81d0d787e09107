package dev.threadlint.maven;

import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleDescriptor;
import dev.threadlint.report.RuleDocs;
import dev.threadlint.report.ThreadlintVersion;
import dev.threadlint.rules.RuleRegistry;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Explains the rules: without {@code -Drule} lists every rule with its severity and summary; with
 * {@code -Drule=<id>} prints that rule's documentation page (what it flags, why, how to fix, how to suppress).
 * Needs no project: {@code mvn dev.threadlint:threadlint-maven-plugin:<version>:explain} works anywhere.
 */
@Mojo(name = "explain", requiresProject = false, aggregator = true, threadSafe = true)
public class ExplainMojo extends AbstractMojo {

    /**
     * The id (or a former id) of the rule to explain, as {@code threadlint:explain} without it lists them.
     * An unknown id fails the goal and names the allowed ids. Default: none, which lists every rule.
     */
    @Parameter(property = "rule")
    private String rule;

    @Override
    public void execute() throws MojoExecutionException {
        if (rule == null || rule.isBlank()) {
            listRules();
            return;
        }
        String wanted = rule.trim();
        RuleDescriptor descriptor = RuleRegistry.find(wanted).map(Rule::descriptor)
                .orElseThrow(() -> new MojoExecutionException("rule: unknown rule '" + wanted
                        + "'; allowed values: " + RuleRegistry.descriptors().stream()
                                .map(RuleDescriptor::id).collect(Collectors.joining(", "))));
        String page = RuleDocs.load(descriptor).orElseGet(() -> "# " + descriptor.id() + "\n\n"
                + descriptor.summary() + "\n\n(This build carries no page for the rule; see "
                + descriptor.docUri() + ")\n");
        // One log call: the page keeps its own layout instead of getting a prefix on every line.
        getLog().info(System.lineSeparator() + page.strip() + System.lineSeparator());
    }

    private void listRules() {
        getLog().info("threadlint " + ThreadlintVersion.current() + " rules (explain one with -Drule=<id>):");
        int width = RuleRegistry.descriptors().stream().mapToInt(d -> d.id().length()).max().orElse(0);
        for (RuleDescriptor descriptor : RuleRegistry.descriptors()) {
            getLog().info(String.format(Locale.ROOT, "  %-" + width + "s  %-7s  %s",
                    descriptor.id(), descriptor.severity().label(), descriptor.summary()));
        }
    }
}
