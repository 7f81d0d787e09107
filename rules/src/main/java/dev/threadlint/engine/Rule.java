package dev.threadlint.engine;

/**
 * A threading hazard detector. A rule registers handlers for the node kinds it looks at; the engine walks each
 * file once and calls them. Rule instances are shared by all worker threads, so they keep no mutable state.
 */
public interface Rule {

    /** Tells the engine which node kinds this rule wants to see. Called once per analysis. */
    void register(NodeHandlers handlers);

    /** This rule's metadata, read from its {@link RuleInfo}. */
    default RuleDescriptor descriptor() {
        return RuleDescriptor.of(getClass());
    }
}
