package dev.threadlint.rules;

import dev.threadlint.engine.concurrency.StateAccess;
import dev.threadlint.engine.model.FileSummary;
import dev.threadlint.engine.model.ProjectModel.ResolvedAccess;
import dev.threadlint.engine.model.SharedFields.Race;

/**
 * The words of {@code unsynchronized-shared-mutation}'s project-wide findings: what the access does, what shows
 * the field to be shared (so that a reader can weigh a finding that rests on intent or a contract), the other
 * place involved, and the fix.
 */
final class ProjectFindings {

    private ProjectFindings() {
    }

    static String message(Race race) {
        ResolvedAccess access = race.access();
        FileSummary.Access at = access.access();
        String field = access.field().shown();
        String code = "'" + at.code() + "' " + verb(at.kind()) + " " + field;
        String where = " in " + access.inClass().shown() + "." + shownMethod(access.method());
        return switch (race.evidence()) {
            case GUARDED_BY -> code + where + ", which is @GuardedBy(\"" + access.field().facts().guardText()
                    + "\"), without holding " + race.lock()
                    + othersToo(race.alike() - 1, "access in this method does", "accesses in this method do", "the same")
                    + ": a thread that holds the lock can be "
                    + (at.kind().writes() ? "reading or writing it at the same moment" : "halfway through changing it");
            case INCONSISTENT_WRITE -> code + where + " without holding " + race.lock() + ", which is held for it at "
                    + other(race) + " and on " + race.locked() + " of its " + race.total() + " accesses"
                    + othersToo(race.alike() - 1, "method writes", "methods write", "it without the lock too")
                    + ": the class "
                    + "shares it under that lock, and this write can be lost, or seen half-done, by a thread holding it";
            case STALE_READ -> code + where + " without holding " + race.lock() + ", which every write of it holds ("
                    + other(race) + ")" + othersToo(race.alike() - 1, "read does", "reads do", "the same")
                    + ": a thread reading it so can see a stale value and act on it";
            case VOLATILE_UPDATE -> code + where + " in two steps: volatile makes each step visible to other threads "
                    + "but not the pair atomic, so two threads updating at once lose one of the updates";
            case STATIC_FORMAT -> code + where + " without a lock: every thread that runs this code shares the one "
                    + "instance, and " + access.field().facts().typeName() + " keeps state between calls, so calls at "
                    + "once corrupt each other's results";
            case SERVLET_FIELD -> code + where + ", which a request reaches: one instance of "
                    + access.field().owner().shown() + " serves every request thread at once, so concurrent requests "
                    + "overwrite each other's value";
        };
    }

    static String fixHint(Race race) {
        return switch (race.evidence()) {
            case GUARDED_BY -> "hold " + race.lock() + " around this access, as the @GuardedBy annotation promises";
            case INCONSISTENT_WRITE -> "hold " + race.lock() + " here as well, as the write at " + other(race)
                    + " does (or make every access lock-free with an atomic)";
            case STALE_READ -> "read it under " + race.lock() + " as well; if a stale but whole value will do, make "
                    + "the field volatile";
            case VOLATILE_UPDATE -> "use an AtomicInteger or AtomicLong (or a LongAdder for a busy counter), or an "
                    + "AtomicXxxFieldUpdater, instead of a volatile field";
            case STATIC_FORMAT -> "use java.time's immutable DateTimeFormatter, or give each thread its own instance "
                    + "(a ThreadLocal or a new one per call)";
            case SERVLET_FIELD -> "keep per-request state in local variables or request attributes; shared state "
                    + "belongs in a thread-safe object (an atomic, a concurrent collection)";
        };
    }

    /** The other place the message names, for reports that link it: the access that holds the lock. */
    static java.util.List<dev.threadlint.engine.Finding.Related> related(Race race) {
        return race.witness().map(w -> java.util.List.of(new dev.threadlint.engine.Finding.Related(
                w.access().site().file(), w.access().site().line(), w.access().site().column(),
                "'" + w.access().code() + "' holds " + race.lock() + " here"))).orElse(java.util.List.of());
    }

    /** " (2 other reads do the same)", or nothing when this access stands for itself alone. */
    private static String othersToo(int others, String one, String many, String what) {
        return others == 0 ? "" : " (" + (others == 1 ? "one other " + one : others + " other " + many) + " " + what + ")";
    }

    private static String other(Race race) {
        return race.witness().map(w -> w.access().site().shortName()).orElse("?");
    }

    private static String shownMethod(FileSummary.MethodFacts method) {
        return method.name() + "()";
    }

    private static String verb(StateAccess.Kind kind) {
        return switch (kind) {
            case READ, REFERENCE -> "reads";
            case WRITE -> "writes";
            case READ_MODIFY_WRITE -> "reads and writes";
            case MUTATING_CALL, CHECK_THEN_ACT -> "changes";
        };
    }
}
