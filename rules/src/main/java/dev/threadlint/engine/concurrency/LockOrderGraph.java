package dev.threadlint.engine.concurrency;

import dev.threadlint.engine.Site;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The project's lock-order graph: an edge A -> B wherever lock B is taken while A is held, in one method or
 * through calls (a method's summary lists the locks it takes, transitively). A cycle is a deadlock waiting to
 * happen: threads taking its edges at once each hold one lock and wait for the next.
 */
public final class LockOrderGraph {

    /** Longer cycles are rare, expensive to enumerate and hard to read. */
    private static final int MAX_CYCLE = 4;
    private static final int CALL_DEPTH = 8;

    /** One cycle: its edges in order, each the first edge (by site) between its two locks. */
    public record Cycle(List<LockSummary.Edge> edges) {

        /** Where the finding is anchored: the first of the edges' sites. */
        public Site anchor() {
            return edges.stream().map(LockSummary.Edge::site).min(Site.ORDER).orElseThrow();
        }
    }

    /** A lock a method takes, transitively, and how: the acquisition site and the chain of calls to it. */
    private record Reach(LockSummary.Lock lock, Site site, String via) {
    }

    /** Methods by key; one key stands for the overloads of one arity. */
    private final Map<String, List<LockSummary.Method>> methods = new LinkedHashMap<>();
    private final Set<String> projectClasses = new HashSet<>();
    private final Map<LockSummary.Method, Map<String, Reach>> reachCache = new java.util.IdentityHashMap<>();
    private final TreeMap<String, TreeMap<String, List<LockSummary.Edge>>> edges = new TreeMap<>();

    private LockOrderGraph(List<LockSummary> summaries) {
        for (LockSummary summary : summaries) {
            for (LockSummary.Method method : summary.methods()) {
                projectClasses.add(method.key().substring(0, method.key().indexOf('#')));
            }
        }
        for (LockSummary summary : summaries) {
            for (LockSummary.Method method : summary.methods()) {
                methods.computeIfAbsent(method.key(), k -> new ArrayList<>()).add(method);
            }
            summary.edges().forEach(this::add);
        }
        for (List<LockSummary.Method> overloads : methods.values()) {
            for (LockSummary.Method method : overloads) {
                for (LockSummary.Call call : method.calls()) {
                    if (!call.held().isEmpty()) {
                        addCallEdges(call);
                    }
                }
            }
        }
    }

    /** Edges from each lock held at a call to each lock the call takes, unless that lock is already held. */
    private void addCallEdges(LockSummary.Call call) {
        for (Reach reach : reach(call, Collections.newSetFromMap(new IdentityHashMap<>()), 0).values()) {
            // A lock already held at the call is taken again re-entrantly: it cannot block there.
            if (call.held().stream().anyMatch(held -> held.key().equals(reach.lock().key()))) {
                continue;
            }
            for (LockSummary.Lock held : call.held()) {
                add(new LockSummary.Edge(held, reach.lock(), call.site(), " via " + call.shownCallee() + reach.via(),
                        call.confinedTo()));
            }
        }
    }

    /**
     * A monitor of some instance of a class ({@code Hashtable.this}) is only a lock the project can reason about
     * when the class is the project's own; every Hashtable of the JDK in one node would tie unrelated code together.
     */
    private boolean declaredHere(LockSummary.Lock lock) {
        String key = lock.key();
        if (!key.endsWith(".this") && !key.endsWith(".class")) {
            return true;
        }
        return projectClasses.contains(key.substring(0, key.lastIndexOf('.')));
    }

    public static LockOrderGraph of(List<LockSummary> summaries) {
        return new LockOrderGraph(summaries);
    }

    private void add(LockSummary.Edge edge) {
        if (!declaredHere(edge.from()) || !declaredHere(edge.to())) {
            return;
        }
        edges.computeIfAbsent(edge.from().key(), k -> new TreeMap<>())
                .computeIfAbsent(edge.to().key(), k -> new ArrayList<>()).add(edge);
    }

    /**
     * The overloads a call may mean: those whose parameter types equal every argument type the call shows, or,
     * when none does (a subtype, an unknown type), all of them.
     */
    private List<LockSummary.Method> overloads(LockSummary.Call call) {
        List<LockSummary.Method> all = methods.getOrDefault(call.callee(), List.of());
        if (all.size() < 2) {
            return all;
        }
        List<LockSummary.Method> exact = new ArrayList<>();
        for (LockSummary.Method method : all) {
            boolean matches = method.parameters().size() == call.arguments().size();
            for (int i = 0; matches && i < call.arguments().size(); i++) {
                String argument = call.arguments().get(i);
                matches = argument.isEmpty() || argument.equals(method.parameters().get(i));
            }
            if (matches) {
                exact.add(method);
            }
        }
        return exact.isEmpty() ? all : exact;
    }

    /** The locks a call takes, through its callee and what that calls, by lock key, first way found. */
    private Map<String, Reach> reach(LockSummary.Call call, Set<LockSummary.Method> visiting, int depth) {
        Map<String, Reach> reached = new TreeMap<>();
        for (LockSummary.Method method : overloads(call)) {
            reach(method, visiting, depth).forEach(reached::putIfAbsent);
        }
        return reached;
    }

    private Map<String, Reach> reach(LockSummary.Method method, Set<LockSummary.Method> visiting, int depth) {
        Map<String, Reach> known = reachCache.get(method);
        if (known != null) {
            return known;
        }
        Map<String, Reach> reached = new TreeMap<>();
        if (depth > CALL_DEPTH || !visiting.add(method)) {
            return reached;
        }
        for (LockSummary.Acquisition acquisition : method.acquisitions()) {
            reached.putIfAbsent(acquisition.lock().key(), new Reach(acquisition.lock(), acquisition.site(), ""));
        }
        for (LockSummary.Call call : method.calls()) {
            for (Reach deeper : reach(call, visiting, depth + 1).values()) {
                reached.putIfAbsent(deeper.lock().key(),
                        new Reach(deeper.lock(), deeper.site(), " -> " + call.shownCallee() + deeper.via()));
            }
        }
        visiting.remove(method);
        // Cached even inside a recursion, where it may lack what the recursion adds: the walk order is fixed, so
        // the answer is the same on every run, and without the cache a large call graph takes exponential time.
        reachCache.put(method, reached);
        return reached;
    }

    /**
     * The elementary cycles of up to four locks, each once: found from its smallest lock, through larger ones
     * only. A cycle is kept only if it can block at every lock (two read sides of one read-write lock don't), and
     * only if no shorter cycle runs through a subset of its locks.
     */
    public List<Cycle> cycles() {
        List<Cycle> found = new ArrayList<>();
        for (String start : edges.keySet()) {
            search(start, start, new ArrayList<>(List.of(start)), found);
        }
        // Shortest first; a longer cycle through locks that already form a shorter one adds noise, not news.
        found.sort(Comparator.comparingInt((Cycle c) -> c.edges().size())
                .thenComparing(Cycle::anchor, Site.ORDER));
        List<Cycle> cycles = new ArrayList<>();
        List<Set<String>> reported = new ArrayList<>();
        for (Cycle cycle : found) {
            Set<String> locks = new TreeSet<>();
            cycle.edges().forEach(edge -> locks.add(edge.from().key()));
            if (reported.stream().noneMatch(locks::containsAll)) {
                reported.add(locks);
                cycles.add(cycle);
            }
        }
        cycles.sort(Comparator.comparing(Cycle::anchor, Site.ORDER));
        return cycles;
    }

    private void search(String start, String current, List<String> path, List<Cycle> cycles) {
        for (String next : edges.getOrDefault(current, new TreeMap<>()).keySet()) {
            if (next.equals(start) && path.size() >= 2) {
                chooseEdges(path).ifPresent(cycles::add);
            } else if (next.compareTo(start) > 0 && !path.contains(next) && path.size() < MAX_CYCLE) {
                path.add(next);
                search(start, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /** For each step, the first edge by site that takes the lock exclusively where it can; empty if none block. */
    private Optional<Cycle> chooseEdges(List<String> path) {
        List<LockSummary.Edge> chosen = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            String from = path.get(i);
            String to = path.get((i + 1) % path.size());
            List<LockSummary.Edge> candidates = new ArrayList<>(edges.get(from).get(to));
            candidates.sort(Comparator.comparing((LockSummary.Edge e) -> e.to().shared() || e.from().shared())
                    .thenComparing(LockSummary.Edge::site, Site.ORDER));
            chosen.add(candidates.get(0));
        }
        // Every way of taking every step declared to run on one and the same thread (a UI thread): one thread cannot
        // deadlock with itself.
        String confinedTo = chosen.get(0).confinedTo();
        boolean oneThread = !confinedTo.isEmpty();
        for (int i = 0; oneThread && i < path.size(); i++) {
            oneThread = edges.get(path.get(i)).get(path.get((i + 1) % path.size())).stream()
                    .allMatch(edge -> edge.confinedTo().equals(confinedTo));
        }
        if (oneThread) {
            return Optional.empty();
        }
        for (int i = 0; i < chosen.size(); i++) {
            LockSummary.Edge into = chosen.get(i);
            LockSummary.Edge outOf = chosen.get((i + 1) % chosen.size());
            if (into.to().shared() && outOf.from().shared()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cycle(chosen));
    }

    /** The cycles as a Graphviz graph: one node per lock, one labelled edge per step. */
    public static String dot(List<Cycle> cycles) {
        StringBuilder dot = new StringBuilder("digraph lock_order {\n  node [shape=box];\n");
        Set<String> nodes = new TreeSet<>();
        Set<String> lines = new TreeSet<>();
        for (Cycle cycle : cycles) {
            for (LockSummary.Edge edge : cycle.edges()) {
                nodes.add(edge.from().shown());
                nodes.add(edge.to().shown());
                lines.add("  " + quote(edge.from().shown()) + " -> " + quote(edge.to().shown())
                        + " [label=" + quote(edge.site().shortName() + edge.via()) + "];");
            }
        }
        nodes.forEach(node -> dot.append("  ").append(quote(node)).append(";\n"));
        lines.forEach(line -> dot.append(line).append('\n'));
        return dot.append("}\n").toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
