package dev.threadlint.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What earlier runs found, file by file, so that a run over unchanged sources reads them back instead of parsing
 * them again. Each file's entry is keyed by the hash of its content; the whole cache by a fingerprint of what else
 * decides the results: threadlint's own build, the rules, the language level, the encoding, type resolution and
 * the classpath. A cache whose fingerprint differs, or that cannot be read, is ignored (and replaced), never
 * trusted.
 *
 * <p>Findings in one file can depend on types declared in another (is this receiver a Thread?). So an entry is
 * also invalid when a file it mentions a type of has changed: each entry keeps the type names its file declares
 * and the capitalised names it mentions, and the analyzer re-analyses, transitively, every file that mentions a
 * type declared in a changed or removed file.
 */
final class AnalysisCache {

    /** Changes whenever the layout of the cache file changes. */
    private static final int FORMAT = 3;

    /**
     * One file's results.
     *
     * @param hash      SHA-256 of the file's bytes
     * @param summaries each project rule's summary as JSON, by rule id; absent where the rule had none
     * @param declares  the simple names of the types the file declares
     * @param mentions  the capitalised simple names the file uses: the types it may depend on
     */
    record Entry(String hash, List<Finding> findings, List<Diagnostic> diagnostics, Map<String, JsonNode> summaries,
            Set<String> declares, Set<String> mentions) {
    }

    /**
     * What the project-wide phase found over exactly the entries it is saved with: reused as it is when no file
     * changed, so that an unchanged re-run neither reads the summaries back nor composes them again.
     */
    record ProjectPhase(List<Finding> findings, List<Diagnostic> diagnostics, Map<String, String> attachments) {
    }

    /** The cache file's content. */
    record Content(int format, String fingerprint, Map<String, Entry> entries, ProjectPhase project) {
    }

    /** A loaded cache, with a note for the user when an existing cache could not be used. */
    record Loaded(Map<String, Entry> entries, Optional<ProjectPhase> project, Optional<String> note) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("threadlint-paths")
                    .addSerializer(Path.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Path path, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(SourcePaths.slashed(path));
                        }
                    })
                    .addDeserializer(Path.class, new JsonDeserializer<>() {
                        @Override
                        public Path deserialize(JsonParser in, DeserializationContext context) throws IOException {
                            return Path.of(in.getValueAsString());
                        }
                    }))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            // The records that repeat by the thousand are written as arrays, without their field names: a third
            // of the size, and of the time it takes to read the cache back.
            .addMixIn(Site.class, AsArray.class)
            .addMixIn(Finding.class, AsArray.class)
            .addMixIn(Finding.Related.class, AsArray.class)
            .addMixIn(Diagnostic.class, AsArray.class)
            .addMixIn(dev.threadlint.engine.concurrency.LockSummary.Lock.class, AsArray.class)
            .addMixIn(dev.threadlint.engine.concurrency.LockSummary.Acquisition.class, AsArray.class)
            .addMixIn(dev.threadlint.engine.concurrency.LockSummary.Call.class, AsArray.class)
            .addMixIn(dev.threadlint.engine.concurrency.LockSummary.Method.class, AsArray.class)
            .addMixIn(dev.threadlint.engine.concurrency.LockSummary.Edge.class, AsArray.class);

    /** Written as a JSON array of the record's components, in declaration order. */
    @com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.ARRAY)
    private interface AsArray {
    }

    private AnalysisCache() {
    }

    /** Reads the cache; a missing one is empty, and an unreadable or foreign one is empty with a note saying why. */
    static Loaded load(Path file, String fingerprint) {
        Content content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            content = JSON.readValue(in, Content.class);
        } catch (NoSuchFileException e) {
            return new Loaded(Map.of(), Optional.empty(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new Loaded(Map.of(), Optional.empty(), Optional.of("the cache " + file.getFileName() + " cannot be read ("
                    + firstLine(e) + "); it is ignored and every file is analysed"));
        }
        if (content == null || content.format() != FORMAT || !fingerprint.equals(content.fingerprint())
                || content.entries() == null) {
            return new Loaded(Map.of(), Optional.empty(), Optional.of("the cache " + file.getFileName() + " was made by another "
                    + "threadlint build or with other settings; it is ignored and every file is analysed"));
        }
        return new Loaded(content.entries(), Optional.ofNullable(content.project()), Optional.empty());
    }

    /**
     * Writes the cache next to its final place and moves it there, so that a run stopped halfway never leaves a
     * half-written cache. Returns a note if it could not be written.
     */
    static Optional<String> save(Path file, String fingerprint, Map<String, Entry> entries, ProjectPhase project) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path written = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(written))) {
                JSON.writeValue(out, new Content(FORMAT, fingerprint, entries, project));
            }
            try {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("the cache " + file.getFileName() + " could not be written (" + firstLine(e)
                    + "); the next run analyses every file again");
        }
    }

    static JsonNode toJson(Object summary) {
        return JSON.valueToTree(summary);
    }

    static <S> S fromJson(JsonNode json, Class<S> type) throws IOException {
        return JSON.treeToValue(json, type);
    }

    /** SHA-256 of a file's bytes, in hex. */
    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * What else decides a file's results. The build identity is the hash of the jar threadlint's engine was loaded
     * from, so that two snapshot builds of one version never share a cache; classpath entries count by path, size
     * and modification time.
     */
    static String fingerprint(AnalysisRequest request, List<Rule> rules) {
        List<String> parts = new ArrayList<>();
        parts.add("format=" + FORMAT);
        parts.add("build=" + buildIdentity());
        rules.forEach(rule -> parts.add("rule=" + rule.descriptor().id()));
        parts.add("level=" + request.languageLevel());
        parts.add("encoding=" + request.encoding().name());
        parts.add("types=" + request.resolveTypes());
        parts.add("base=" + request.baseDirectory().toAbsolutePath().normalize());
        request.sourceRoots().forEach(root -> parts.add("root=" + root.toAbsolutePath().normalize()));
        for (Path entry : request.classpath()) {
            String stamp;
            try {
                stamp = Files.isRegularFile(entry) ? Files.size(entry) + "@" + Files.getLastModifiedTime(entry).toMillis()
                        : Files.isDirectory(entry) ? "directory" : "missing";
            } catch (IOException e) {
                stamp = "unreadable";
            }
            parts.add("classpath=" + entry.toAbsolutePath().normalize() + "#" + stamp);
        }
        return hash(String.join("\n", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String buildIdentity() {
        try {
            Path location = Path.of(AnalysisCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return hash(Files.readAllBytes(location));
            }
            // Classes in a directory (a build of threadlint itself): their newest modification stands for them.
            try (var classes = Files.walk(location)) {
                return "classes@" + classes.filter(Files::isRegularFile).mapToLong(AnalysisCache::modified).max()
                        .orElse(0);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The cached files whose results no longer hold because a type they mention changed: every cached file that
     * mentions a type declared in a changed or removed file (before or after the change), and so on transitively.
     *
     * @param changed  files analysed afresh, with the type names they now declare
     * @param removed  files in the cache that are gone
     * @param previous the entries of the loaded cache, by file
     */
    static Set<String> dependents(Map<String, Set<String>> changed, Set<String> removed, Map<String, Entry> previous) {
        Set<String> names = new TreeSet<>();
        changed.forEach((file, declares) -> names.addAll(declares));
        for (String file : concat(changed.keySet(), removed)) {
            Entry before = previous.get(file);
            if (before != null) {
                names.addAll(before.declares());
            }
        }
        Set<String> stale = new TreeSet<>();
        boolean grew = !names.isEmpty();
        while (grew) {
            grew = false;
            for (Map.Entry<String, Entry> cached : previous.entrySet()) {
                String file = cached.getKey();
                if (!changed.containsKey(file) && !removed.contains(file) && !stale.contains(file)
                        && cached.getValue().mentions().stream().anyMatch(names::contains)) {
                    stale.add(file);
                    names.addAll(cached.getValue().declares());
                    grew = true;
                }
            }
        }
        return stale;
    }

    private static Set<String> concat(Set<String> first, Set<String> second) {
        Set<String> both = new TreeSet<>(first);
        both.addAll(second);
        return both;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
