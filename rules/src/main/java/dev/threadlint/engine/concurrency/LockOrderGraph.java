package dev.threadlint.engine.concurrency;

import dev.threadlint.engine.Site;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.HashMap;
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
    /** Components up to this many locks report their cycles one by one; larger ones as one finding. */
    private static final int SEPARATE_CYCLES_UP_TO = 6;
    /** Cycles a large component's finding shows as examples. */
    private static final int KNOT_EXAMPLES = 3;
    /** Edges looked at while searching one large component for examples: counted, so every machine agrees. */
    private static final long SEARCH_BUDGET = 2_000_000;

    /**
     * One cycle: its edges in order, each the first edge (by site) between its two locks. For a large component
     * reported as one, {@code knot} names all its locks and {@code examples} holds a few of its shortest cycles, the
     * first of which is {@code edges}; both are empty for a cycle reported on its own.
     */
    public record Cycle(List<LockSummary.Edge> edges, List<String> knot, List<Cycle> examples) {

        public Cycle(List<LockSummary.Edge> edges) {
            this(edges, List.of(), List.of());
        }

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
    /** How messages show each lock, by key. */
    private final Map<String, String> shownNames = new HashMap<>();
    private boolean budgetSpent;

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
        shownNames.putIfAbsent(edge.from().key(), edge.from().shown());
        shownNames.putIfAbsent(edge.to().key(), edge.to().shown());
    }

    /**
     * The strongly connected components, each as its locks in key order, in order of their smallest lock: Tarjan's
     * algorithm with an explicit stack, since a generated chain of thousands of locks would overflow recursion.
     */
    private List<List<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> components = new ArrayList<>();
        record Frame(String node, java.util.Iterator<String> next) {
        }
        for (String root : edges.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            java.util.ArrayDeque<Frame> frames = new java.util.ArrayDeque<>();
            index.put(root, index.size());
            low.put(root, index.get(root));
            stack.push(root);
            onStack.add(root);
            frames.push(new Frame(root, successors(root).iterator()));
            while (!frames.isEmpty()) {
                Frame frame = frames.peek();
                if (frame.next().hasNext()) {
                    String next = frame.next().next();
                    if (!index.containsKey(next)) {
                        index.put(next, index.size());
                        low.put(next, index.get(next));
                        stack.push(next);
                        onStack.add(next);
                        frames.push(new Frame(next, successors(next).iterator()));
                    } else if (onStack.contains(next)) {
                        low.put(frame.node(), Math.min(low.get(frame.node()), index.get(next)));
                    }
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    String parent = frames.peek().node();
                    low.put(parent, Math.min(low.get(parent), low.get(frame.node())));
                }
                if (low.get(frame.node()).equals(index.get(frame.node()))) {
                    List<String> component = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(frame.node()));
                    component.sort(null);
                    components.add(component);
                }
            }
        }
        components.sort(Comparator.comparing((List<String> c) -> c.get(0)));
        return components;
    }

    /** The locks taken while {@code lock} is held, in key order. */
    private Set<String> successors(String lock) {
        TreeMap<String, List<LockSummary.Edge>> out = edges.get(lock);
        return out == null ? Set.of() : out.keySet();
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
     * The cycles worth a finding, by strongly connected component of the graph (no cycle leaves one), found in
     * time polynomial in the graph. A small component yields its elementary cycles of up to four locks, each once
     * (found from its smallest lock, through larger ones only), kept only if it can block at every lock (two read
     * sides of one read-write lock don't) and if no shorter cycle runs through a subset of its locks. A larger
     * component, where such cycles multiply combinatorially (generated code nesting dozens of locks both ways),
     * yields one {@link Cycle} that names all its locks, with a few of its shortest blocking cycles as examples.
     */
    public List<Cycle> cycles() {
        List<Cycle> cycles = new ArrayList<>();
        for (List<String> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            Set<String> members = new HashSet<>(component);
            if (component.size() <= SEPARATE_CYCLES_UP_TO) {
                cycles.addAll(elementaryCycles(component, members));
            } else {
                knot(component, members).ifPresent(cycles::add);
            }
        }
        cycles.sort(Comparator.comparing(Cycle::anchor, Site.ORDER));
        return cycles;
    }

    /** True when the last {@link #cycles()} gave up searching a large component within its budget. */
    public boolean searchBudgetSpent() {
        return budgetSpent;
    }

    private List<Cycle> elementaryCycles(List<String> component, Set<String> members) {
        List<Cycle> found = new ArrayList<>();
        for (String start : component) {
            search(start, start, new ArrayList<>(List.of(start)), members, found);
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
        return cycles;
    }

    private void search(String start, String current, List<String> path, Set<String> members, List<Cycle> cycles) {
        for (String next : successors(current)) {
            if (next.equals(start) && path.size() >= 2) {
                chooseEdges(path).ifPresent(cycles::add);
            } else if (members.contains(next) && next.compareTo(start) > 0 && !path.contains(next)
                    && path.size() < MAX_CYCLE) {
                path.add(next);
                search(start, next, path, members, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /**
     * A large component as one finding: its shortest blocking cycles, two-lock ones first, then the shortest cycle
     * through each lock in turn (a breadth-first search inside the component), until {@link #KNOT_EXAMPLES} are
     * found or {@link #SEARCH_BUDGET} steps are spent. Empty when no cycle found can block.
     */
    private Optional<Cycle> knot(List<String> component, Set<String> members) {
        List<Cycle> examples = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        long steps = 0;
        for (String from : component) {
            for (String to : successors(from)) {
                steps++;
                if (to.compareTo(from) > 0 && members.contains(to)
                        && successors(to).contains(from)) {
                    addExample(List.of(from, to), examples, seen);
                }
            }
        }
        // The two-lock cycles a reader meets first in the code, not first by name.
        examples.sort(Comparator.comparing(Cycle::anchor, Site.ORDER));
        if (examples.size() > KNOT_EXAMPLES) {
            examples.subList(KNOT_EXAMPLES, examples.size()).clear();
        }
        for (String start : component) {
            if (examples.size() >= KNOT_EXAMPLES) {
                break;
            }
            if (steps > SEARCH_BUDGET) {
                budgetSpent = true;
                break;
            }
            // Breadth-first from start, inside the component, back to start: the shortest cycle through it.
            Map<String, String> cameFrom = new HashMap<>();
            java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(start));
            List<String> cycle = null;
            while (!queue.isEmpty() && cycle == null && steps <= SEARCH_BUDGET) {
                String current = queue.poll();
                for (String next : successors(current)) {
                    steps++;
                    if (next.equals(start)) {
                        cycle = new ArrayList<>();
                        for (String at = current; at != null; at = cameFrom.get(at)) {
                            cycle.add(at);
                        }
                        Collections.reverse(cycle);
                        break;
                    }
                    if (members.contains(next) && !cameFrom.containsKey(next)) {
                        cameFrom.put(next, current);
                        queue.add(next);
                    }
                }
            }
            if (cycle != null && cycle.size() >= 2) {
                addExample(cycle, examples, seen);
            }
        }
        if (examples.isEmpty()) {
            return Optional.empty();
        }
        examples.sort(Comparator.comparingInt((Cycle c) -> c.edges().size()).thenComparing(Cycle::anchor, Site.ORDER));
        List<String> locks = component.stream().map(key -> shownNames.getOrDefault(key, key)).sorted().toList();
        return Optional.of(new Cycle(examples.get(0).edges(), locks, examples));
    }

    private void addExample(List<String> path, List<Cycle> examples, Set<Set<String>> seen) {
        if (seen.add(new TreeSet<>(path))) {
            chooseEdges(path).ifPresent(examples::add);
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
        List<LockSummary.Edge> drawn = new ArrayList<>();
        for (Cycle cycle : cycles) {
            if (cycle.examples().isEmpty()) {
                drawn.addAll(cycle.edges());
            } else {
                cycle.examples().forEach(example -> drawn.addAll(example.edges()));
            }
        }
        for (LockSummary.Edge edge : drawn) {
            nodes.add(edge.from().shown());
            nodes.add(edge.to().shown());
            lines.add("  " + quote(edge.from().shown()) + " -> " + quote(edge.to().shown())
                    + " [label=" + quote(edge.site().shortName() + edge.via()) + "];");
        }
        nodes.forEach(node -> dot.append("  ").append(quote(node)).append(";\n"));
        lines.forEach(line -> dot.append(line).append('\n'));
        return dot.append("}\n").toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
