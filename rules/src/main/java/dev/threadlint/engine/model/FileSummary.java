package dev.threadlint.engine.model;

import dev.threadlint.engine.Site;
import dev.threadlint.engine.concurrency.LockName;
import dev.threadlint.engine.concurrency.SharedState;
import dev.threadlint.engine.concurrency.StateAccess;

import java.util.List;

/**
 * What one file tells the project model: its classes, their fields, and a summary of every method (and of every
 * lambda or anonymous-class method that runs later): the fields it touches with the locks held there, and the calls
 * it makes with the locks held at each. Names and {@link Site}s only, never trees, so the analysis cache keeps it
 * and the project phase composes it with every other file's.
 *
 * @param classes  the file's classes, nested and anonymous ones included
 * @param reported the places a per-file check of a rule already reported, which the project phase leaves alone
 */
public record FileSummary(List<ClassFacts> classes, List<Site> reported) {

    public FileSummary {
        classes = List.copyOf(classes);
        reported = List.copyOf(reported);
    }

    /**
     * A class as the project sees it.
     *
     * @param name        fully qualified as this file sees it: {@code com.acme.Outer.Inner}, {@code com.acme.Outer$1}
     *                    for an anonymous class
     * @param shown       for messages: {@code Outer.Inner}
     * @param supertypes  the classes and interfaces it extends or implements, qualified as far as this file can
     * @param annotations simple names of its annotations ({@code ThreadSafe}, {@code NotThreadSafe})
     */
    public record ClassFacts(String name, String shown, List<String> supertypes, List<String> annotations,
            List<FieldFacts> fields, List<MethodFacts> methods) {
        public ClassFacts {
            supertypes = List.copyOf(supertypes);
            annotations = List.copyOf(annotations);
            fields = List.copyOf(fields);
            methods = List.copyOf(methods);
        }
    }

    /**
     * A field.
     *
     * @param guard       the lock its {@code @GuardedBy} names, as the model names locks, or empty
     * @param guardText   the annotation's text, as written ({@code this}), or empty
     * @param annotations simple names of its annotations
     */
    public record FieldFacts(String name, boolean isStatic, boolean isFinal, boolean isVolatile,
            SharedState.ValueType type, String typeName, String guard, String guardText, List<String> annotations,
            Site site) {
        public FieldFacts {
            annotations = List.copyOf(annotations);
        }
    }

    /** What a summarised body is: it decides who may run it, and when. */
    public enum Kind {
        METHOD,
        CONSTRUCTOR,
        /** An instance or static initializer, or a field's initial value. */
        INITIALIZER,
        /** A lambda or an anonymous class's method that runs later, perhaps on another thread. */
        DEFERRED
    }

    /**
     * A method, constructor, initializer or deferred body.
     *
     * @param name        the method's name; a deferred body is named after its enclosing method with a suffix
     * @param arity       its parameter count
     * @param isPrivate   private: no override, and every caller is in this file
     * @param callersKnown private or package-private: every caller is in the project
     * @param confined    declared or checked to run on one thread ({@code @UiThread}, an assertion of an event loop
     *                    at its start, a hand-off to an event loop)
     * @param testHook    only for tests: {@code @VisibleForTesting}, or named so ({@code resetForTesting})
     * @param annotated   carries an annotation ({@code @Override}, {@code @Scheduled}, ...): a contract by which code
     *                    outside the project, a framework or a library calling back, may run it
     * @param accesses    the fields it reads and writes
     * @param calls       the methods it calls
     */
    public record MethodFacts(String name, int arity, Kind kind, boolean isPrivate, boolean callersKnown,
            boolean isStatic,
            boolean isSynchronized, boolean confined, boolean testHook, boolean annotated, List<Access> accesses,
            List<Call> calls) {
        public MethodFacts {
            accesses = List.copyOf(accesses);
            calls = List.copyOf(calls);
        }
    }

    /**
     * A read or write of a field.
     *
     * @param owner    the class that declares the field, or, for a field this file does not declare
     *                 ({@code inherited}), the class the access is in
     * @param declared false when the field was not found in this file: the project looks in the supertypes
     * @param locks    the locks held here within the method (callers' locks are the project model's to add)
     * @param code     the access as a reader recognises it: {@code count++}
     * @param confined under a check that this is the one thread that owns the state ({@code inEventLoop()})
     */
    public record Access(String owner, String field, boolean declared, StateAccess.Kind kind, List<LockName> locks,
            Site site, String code, boolean confined) {
        public Access {
            locks = List.copyOf(locks);
        }
    }

    /**
     * A call to a method that may be in the project.
     *
     * @param owner    the class the receiver is declared as, qualified as far as this file can
     * @param viaSuper {@code super.m()}: look from the owner's supertypes
     * @param locks    the locks held at the call
     * @param asserted made inside an {@code assert}: a self-check that production runs may not run at all
     */
    public record Call(String owner, String name, int arity, boolean viaSuper, List<LockName> locks, Site site,
            boolean confined, boolean asserted) {

        /** The arity of a method reference's call, which matches a method of any arity. */
        public static final int ANY_ARITY = -1;

        public Call {
            locks = List.copyOf(locks);
        }
    }
}
