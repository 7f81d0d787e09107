package dev.threadlint.engine.concurrency;

import dev.threadlint.engine.Site;

import java.util.List;

/**
 * What one file says about lock order: each method's own lock acquisitions and calls (with the locks held at
 * each call), and the order edges seen directly in it (lock B taken while A is held). Locks are named project-wide
 * ({@code com.acme.Account.this}) and shown short ({@code Account.this}). Small and tree-free: the project-wide
 * phase joins these across files.
 *
 * @param methods the file's methods, constructors excluded (an object under construction is not yet shared)
 * @param edges   order edges seen within single methods
 */
public record LockSummary(List<Method> methods, List<Edge> edges) {

    public LockSummary {
        methods = List.copyOf(methods);
        edges = List.copyOf(edges);
    }

    /** A lock as a node of the order graph. */
    public record Lock(String key, String shown, boolean shared) {
    }

    /** A lock taken at a site. */
    public record Acquisition(Lock lock, Site site) {
    }

    /**
     * A call to a method that may be in the project.
     *
     * @param callee      the callee's key ({@code com.acme.Account#audit/0})
     * @param shownCallee for messages: {@code Account.audit()}
     * @param held        locks held at the call
     * @param arguments   each argument's simple type name where the call shows it, else empty: picks the overload
     * @param confinedTo  the one thread the calling code is declared to run on, or empty
     */
    public record Call(String callee, String shownCallee, List<Lock> held, Site site, List<String> arguments,
            String confinedTo) {
        public Call {
            held = List.copyOf(held);
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A method's own acquisitions and calls; {@code key} is {@code com.acme.Account#audit/0}, shared by the
     * overloads of one arity, which {@code parameters} (simple type names) tell apart.
     */
    public record Method(String key, String shown, List<String> parameters, List<Acquisition> acquisitions,
            List<Call> calls) {
        public Method {
            parameters = List.copyOf(parameters);
            acquisitions = List.copyOf(acquisitions);
            calls = List.copyOf(calls);
        }
    }

    /**
     * Lock {@code to} taken at {@code site} while {@code from} is held; {@code via} names the call chain, if any;
     * {@code confinedTo} names the one thread the code at the site is declared to run on ({@code UiThread}), or is
     * empty.
     */
    public record Edge(Lock from, Lock to, Site site, String via, String confinedTo) {
    }
}
