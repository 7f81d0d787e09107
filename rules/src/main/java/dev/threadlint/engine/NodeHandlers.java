package dev.threadlint.engine;

import com.github.javaparser.ast.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** What rules asked to see: node class to handlers, in registration order. Built once, then only read. */
public final class NodeHandlers {

    /** One rule's interest in one node kind. */
    record Handler(RuleDescriptor rule, BiConsumer<Node, RuleContext> action) {
    }

    private final Map<Class<? extends Node>, List<Handler>> byKind = new HashMap<>();
    private RuleDescriptor registering;

    NodeHandlers(List<Rule> rules) {
        for (Rule rule : rules) {
            registering = rule.descriptor();
            rule.register(this);
        }
        registering = null;
    }

    /**
     * Asks the engine to call {@code action} for every node whose class is exactly {@code kind}.
     * JavaParser's node classes are concrete leaves, so exact matching is both fast and unambiguous.
     */
    public <N extends Node> void on(Class<N> kind, BiConsumer<N, RuleContext> action) {
        if (registering == null) {
            throw new IllegalStateException("handlers can only be registered from Rule.register");
        }
        BiConsumer<Node, RuleContext> untyped = (node, context) -> action.accept(kind.cast(node), context);
        byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Handler(registering, untyped));
    }

    List<Handler> forNode(Node node) {
        return byKind.getOrDefault(node.getClass(), List.of());
    }

    boolean isEmpty() {
        return byKind.isEmpty();
    }
}
