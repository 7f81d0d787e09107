package dev.threadlint.rules;

import dev.threadlint.engine.Rule;
import dev.threadlint.engine.RuleDescriptor;

import java.util.List;
import java.util.Optional;

/** Every rule threadlint ships, in one explicit list. A catalog test checks each has its fixtures and doc page. */
public final class RuleRegistry {

    private static final List<Rule> ALL = List.of(
            new RunInsteadOfStartRule(),
            new UnsynchronizedSharedMutationRule(),
            new InconsistentLockOrderRule(),
            new MissingJoinRule(),
            new SleepPollingRule(),
            new SleepHoldingLockRule(),
            new WaitNotInLoopRule());

    private RuleRegistry() {
    }

    /** All rules, in catalog order. Rules are stateless, so the same instances serve every analysis. */
    public static List<Rule> all() {
        return ALL;
    }

    /** The rule with this id or alias. */
    public static Optional<Rule> find(String idOrAlias) {
        return ALL.stream().filter(r -> r.descriptor().answersTo(idOrAlias)).findFirst();
    }

    /** Every rule's metadata, in catalog order. */
    public static List<RuleDescriptor> descriptors() {
        return ALL.stream().map(Rule::descriptor).toList();
    }
}
