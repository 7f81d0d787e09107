package dev.threadlint.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Generated inputs of plausible shapes whose size is one number: the worst cases of the engine's walks (lock
 * pairs, thread handles, accesses paired against accesses, nesting, branching, call chains). Parsers, protocol
 * stubs, ORMs and test data generators write code like this, so a walk that grows faster than its input on one of
 * these shapes stalls somebody's build.
 */
enum StressShapes {

    /** K lock fields nested in one order by {@code a()} and in the reverse order by {@code b()}. */
    REVERSED_LOCKS("reversed-locks", 40) {
        @Override
        void write(Path dir, int k) throws IOException {
            StringBuilder out = header("ReversedLocks");
            for (int i = 0; i < k; i++) {
                out.append("    private final Object lock").append(i).append(" = new Object();\n");
            }
            out.append("    private int value;\n");
            nested(out, "a", k, false);
            nested(out, "b", k, true);
            file(dir, "ReversedLocks", out.append("}\n"));
        }

        private void nested(StringBuilder out, String name, int k, boolean reversed) {
            out.append("    void ").append(name).append("() {\n");
            for (int i = 0; i < k; i++) {
                out.append("synchronized (lock").append(reversed ? k - 1 - i : i).append(") {\n");
            }
            out.append("value++;\n");
            out.append("}\n".repeat(k));
            out.append("    }\n");
        }
    },

    /** One method starting N threads, none of them joined. */
    MANY_STARTS("many-starts", 2000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("ManyStarts");
            out.append("    private int done;\n    void work() { done++; }\n    void startAll() {\n");
            for (int i = 0; i < n; i++) {
                out.append("        Thread t").append(i).append(" = new Thread(this::work);\n");
                out.append("        t").append(i).append(".start();\n");
            }
            file(dir, "ManyStarts", out.append("    }\n}\n"));
        }
    },

    /**
     * N hand-offs in one long method, each behind a latch ({@code if (!started3) { started3 = true; ... }}) and all
     * after a compare-and-set guard: whether a start runs once is asked at every start, of the same long block.
     */
    LATCHED_STARTS("latched-starts", 2000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("LatchedStarts");
            out.append("    private final java.util.concurrent.atomic.AtomicBoolean running =")
                    .append(" new java.util.concurrent.atomic.AtomicBoolean();\n")
                    .append("    private final java.util.concurrent.ExecutorService pool =")
                    .append(" java.util.concurrent.Executors.newFixedThreadPool(4);\n")
                    .append("    private int done;\n");
            for (int i = 0; i < n; i++) {
                out.append("    private boolean started").append(i).append(";\n");
            }
            out.append("    void startAll() {\n        if (!running.compareAndSet(false, true)) {\n")
                    .append("            throw new IllegalStateException();\n        }\n");
            for (int i = 0; i < n; i++) {
                out.append("        if (!started").append(i).append(") {\n            started").append(i)
                        .append(" = true;\n            pool.execute(() -> done++);\n        }\n");
            }
            file(dir, "LatchedStarts", out.append("    }\n}\n"));
        }
    },

    /** N fields incremented by a task and by the method that starts it. */
    MANY_COUNTERS("many-counters", 2000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("ManyCounters");
            for (int i = 0; i < n; i++) {
                out.append("    private int count").append(i).append(";\n");
            }
            out.append("    void startAndCount() {\n        new Thread(() -> {\n");
            for (int i = 0; i < n; i++) {
                out.append("            count").append(i).append("++;\n");
            }
            out.append("        }).start();\n");
            for (int i = 0; i < n; i++) {
                out.append("        count").append(i).append("++;\n");
            }
            file(dir, "ManyCounters", out.append("    }\n}\n"));
        }
    },

    /** One field incremented N times by a task and N times by the method that starts it: N squared pairs. */
    HOT_FIELD("hot-field", 2000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("HotField");
            out.append("    private int count;\n    void startAndCount() {\n        new Thread(() -> {\n");
            out.append("            count++;\n".repeat(n));
            out.append("        }).start();\n");
            out.append("        count++;\n".repeat(n));
            file(dir, "HotField", out.append("    }\n}\n"));
        }
    },

    /** Statements of every kind nested N deep, inside a task handed to a thread. */
    DEEP_NESTING("deep-nesting", 150) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("DeepNesting");
            out.append("    private final Object lock = new Object();\n    private int hits;\n");
            out.append("    void run(int x) {\n        new Thread(() -> {\n");
            String[] opens = {
                "if (x > %d) {", "while (x < %d) {", "for (int i%d = 0; i%<d < x; i%<d++) {", "do {",
                "try {", "synchronized (lock) {", "{", "switch (x) { case %d: {", "Runnable r%d = () -> {",
            };
            String[] closes = {
                "}", "}", "}", "} while (x > 0);", "} finally { hits++; }", "}", "}", "} }", "}; r%d.run();",
            };
            for (int i = 0; i < n; i++) {
                out.append(String.format(Locale.ROOT, opens[i % opens.length], i)).append('\n');
            }
            out.append("hits++;\n");
            for (int i = n - 1; i >= 0; i--) {
                out.append(String.format(Locale.ROOT, closes[i % closes.length], i)).append('\n');
            }
            out.append("        }).start();\n        hits++;\n    }\n");
            file(dir, "DeepNesting", out.append("}\n"));
        }
    },

    /** A chain of N {@code else if} branches, each taking a lock or sleeping. */
    ELSE_IF_CHAIN("else-if-chain", 1000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("ElseIfChain");
            out.append("    private final Object lock = new Object();\n    private int state;\n");
            out.append("    void step(int x) throws InterruptedException {\n");
            elseIfChain(out, n, i -> i % 2 == 0 ? "synchronized (lock) { state = " + i + "; }"
                    : "Thread.sleep(" + i + ");", "state = -1;");
            out.append("    void start() { new Thread(() -> { try { step(1); } catch (InterruptedException e) { } }).start(); }\n");
            file(dir, "ElseIfChain", out.append("}\n"));
        }
    },

    /** An else-if chain of N branches, each starting a thread and then writing a field the threads also write. */
    BRANCH_STARTS("branch-starts", 1000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("BranchStarts");
            out.append("    private int last;\n    void record(int x) { last = x; }\n");
            out.append("    void startOne(int x) {\n");
            elseIfChain(out, n, i -> "new Thread(() -> record(" + i + ")).start();\n            last = -" + i + ";",
                    "last = 0;");
            file(dir, "BranchStarts", out.append("}\n"));
        }
    },

    /** One switch of N cases, each writing a field, some under a lock. */
    HUGE_SWITCH("huge-switch", 2000) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("HugeSwitch");
            out.append("    private final Object lock = new Object();\n    private int state;\n");
            out.append("    void dispatch(int x) {\n        switch (x) {\n");
            for (int i = 0; i < n; i++) {
                out.append("            case ").append(i).append(":\n");
                out.append(i % 3 == 0 ? "                synchronized (lock) { state += " + i + "; }\n"
                        : "                state = " + i + ";\n");
                out.append("                break;\n");
            }
            out.append("            default:\n                state = 0;\n        }\n    }\n");
            out.append("    void start() { new Thread(() -> dispatch(1)).start(); dispatch(2); }\n");
            file(dir, "HugeSwitch", out.append("}\n"));
        }
    },

    /** N methods in one class, each holding its own lock while calling the next. */
    CALL_CHAIN("call-chain", 500) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder out = header("CallChain");
            for (int i = 0; i < n; i++) {
                out.append("    private final Object lock").append(i).append(" = new Object();\n");
            }
            out.append("    private int depth;\n");
            for (int i = 0; i < n; i++) {
                out.append("    void m").append(i).append("() {\n        synchronized (lock").append(i)
                        .append(") {\n            depth++;\n");
                if (i + 1 < n) {
                    out.append("            m").append(i + 1).append("();\n");
                }
                out.append("        }\n    }\n");
            }
            out.append("    void back() { synchronized (lock").append(n - 1).append(") { m0(); } }\n");
            out.append("    void start() { new Thread(this::m0).start(); new Thread(this::back).start(); }\n");
            file(dir, "CallChain", out.append("}\n"));
        }
    },

    /**
     * N methods of a state machine, each a handler that calls the next twelve (a generated dispatcher), run by a
     * thread: the calls fan out at every level, so following them path by path grows as twelve to the depth.
     */
    CALL_MESH("call-mesh", 200) {
        @Override
        void write(Path dir, int n) throws IOException {
            dispatcher(dir, "CallMesh", n, false);
        }
    },

    /**
     * N classes in N files for the project-wide phase: each a task that updates a shared counter and calls the next
     * class's synchronized method, so calls, locks and accesses cross every file.
     */
    PROJECT_CHAIN("project-chain", 300) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder shared = header("Shared");
            shared.append("    static int total;\n    static final java.util.Map<String, Integer> seen = new java.util.HashMap<>();\n");
            file(dir, "Shared", shared.append("}\n"));
            classes(dir, "Link", n, (out, i) -> out
                    .append("    private int calls;\n")
                    .append("    synchronized void step() {\n        calls++;\n        Shared.total++;\n")
                    .append("        Shared.seen.put(\"Link").append(i).append("\", calls);\n")
                    .append("        new Link").append((i + 1) % n).append("().step();\n")
                    .append("    }\n    void start() { new Thread(this::step).start(); step(); }\n"));
        }
    },

    /**
     * The dispatcher of {@code call-mesh} with each handler holding its own lock while it calls on: every path reaches
     * a handler under another set of locks, so only the thread model's counted budget bounds the walk, and the run
     * says so in a diagnostic.
     */
    LOCKED_MESH("locked-mesh", 100) {
        @Override
        void write(Path dir, int n) throws IOException {
            dispatcher(dir, "LockedMesh", n, true);
        }
    },

    /**
     * N classes in N files, each a handler whose synchronized method updates shared state and calls the next twelve
     * classes' handlers: the project-wide phase's call graph fans out at every level.
     */
    PROJECT_MESH("project-mesh", 150) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder shared = header("Board");
            shared.append("    static int moves;\n");
            file(dir, "Board", shared.append("}\n"));
            classes(dir, "Handler", n, (out, i) -> {
                out.append("    private static int handled;\n");
                out.append("    static synchronized void handle(int event) {\n        handled++;\n        Board.moves++;\n");
                for (int k = 1; k <= 12; k++) {
                    out.append("        if (event == ").append(k).append(") Handler").append((i + k) % n)
                            .append(".handle(event - 1);\n");
                }
                out.append("    }\n");
                if (i == 0) {
                    out.append("    static void start() { new Thread(() -> handle(12)).start(); handle(3); }\n");
                }
            });
        }
    },

    /**
     * A hub that calls N listeners, each in its own file, while holding its monitor, and listeners that call back
     * into the hub while holding theirs: N two-lock cycles through one lock, for the project-wide lock graph.
     */
    WIDE_CALLS("wide-calls", 300) {
        @Override
        void write(Path dir, int n) throws IOException {
            StringBuilder hub = header("Hub");
            hub.append("    private int version;\n    synchronized int version() { return version; }\n");
            for (int i = 0; i < n; i++) {
                hub.append("    private final Listener").append(i).append(" listener").append(i)
                        .append(" = new Listener").append(i).append("();\n");
            }
            hub.append("    synchronized void publish() {\n        version++;\n");
            for (int i = 0; i < n; i++) {
                hub.append("        listener").append(i).append(".onEvent(this);\n");
            }
            file(dir, "Hub", hub.append("    }\n}\n"));
            for (int i = 0; i < n; i++) {
                String name = "Listener" + i;
                StringBuilder out = header(name);
                out.append("    private int seen;\n");
                out.append("    synchronized void onEvent(Hub hub) { seen = hub.version(); }\n");
                out.append("    synchronized void refresh(Hub hub) { seen = hub.version(); }\n");
                file(dir, name, out.append("}\n"));
            }
        }
    };

    final String id;
    final int defaultSize;

    StressShapes(String id, int defaultSize) {
        this.id = id;
        this.defaultSize = defaultSize;
    }

    /** Writes this shape at size {@code n} into {@code dir} (package {@code stress}). */
    abstract void write(Path dir, int n) throws IOException;

    static StressShapes byId(String id) {
        for (StressShapes shape : values()) {
            if (shape.id.equals(id)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown shape " + id + "; known: " + ids());
    }

    static String ids() {
        StringBuilder ids = new StringBuilder();
        for (StressShapes shape : values()) {
            ids.append(ids.isEmpty() ? "" : ", ").append(shape.id);
        }
        return ids.toString();
    }

    /** {@code if (x == 0) { branch(0) } else if (x == 1) { ... } else { otherwise }}, and the method's closing brace. */
    private static void elseIfChain(StringBuilder out, int n, IntFunction<String> branch, String otherwise) {
        out.append("        ");
        for (int i = 0; i < n; i++) {
            out.append("if (x == ").append(i).append(") {\n            ").append(branch.apply(i))
                    .append("\n        } else ");
        }
        out.append("{\n            ").append(otherwise).append("\n        }\n    }\n");
    }

    /** N handlers, each calling the next twelve, under a lock of its own when {@code locked}. */
    private static void dispatcher(Path dir, String className, int n, boolean locked) throws IOException {
        StringBuilder out = header(className);
        out.append("    private int state;\n");
        for (int i = 0; locked && i < n; i++) {
            out.append("    private final Object lock").append(i).append(" = new Object();\n");
        }
        for (int i = 0; i < n; i++) {
            out.append("    void on").append(i).append("(int event) {\n");
            out.append(locked ? "        synchronized (lock" + i + ") {\n" : "        {\n");
            out.append("            state = ").append(i).append(";\n");
            for (int k = 1; k <= 12; k++) {
                out.append("            if (event == ").append(k).append(") on").append((i + k) % n)
                        .append("(event - 1);\n");
            }
            out.append("        }\n    }\n");
        }
        out.append("    void start() { new Thread(() -> on0(12)).start(); on0(3); }\n");
        file(dir, className, out.append("}\n"));
    }

    /** Writes the members of class {@code prefix + i}, each in its own file, for i below n. */
    private static void classes(Path dir, String prefix, int n, java.util.function.ObjIntConsumer<StringBuilder> members)
            throws IOException {
        for (int i = 0; i < n; i++) {
            StringBuilder out = header(prefix + i);
            members.accept(out, i);
            file(dir, prefix + i, out.append("}\n"));
        }
    }

    private static StringBuilder header(String className) {
        return new StringBuilder("package stress;\n\nclass ").append(className).append(" {\n");
    }

    private static void file(Path dir, String className, CharSequence content) throws IOException {
        Path packageDir = dir.resolve("stress");
        Files.createDirectories(packageDir);
        Files.writeString(packageDir.resolve(className + ".java"), content, StandardCharsets.UTF_8);
    }
}
