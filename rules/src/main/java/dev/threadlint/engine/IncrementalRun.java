package dev.threadlint.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One run with the analysis cache: files whose content and dependencies are unchanged get their results from the
 * cache, the rest are analysed, and the cache is rewritten for the next run, with what the project-wide phase then
 * found. When no file changed, that phase's findings are reused as they are: its input, every file's summary, is
 * what it was, so the summaries are not even read back.
 */
final class IncrementalRun {

    /** Analyses a batch of files, in order. */
    interface Batch {
        List<FileAnalyzer.FileResult> analyse(List<Path> files) throws IOException;
    }

    private final AnalysisRequest request;
    private final List<ProjectRule<?>> projectRules;
    private final Path base;
    private final List<Path> files;
    private final String fingerprint;
    private final List<String> notes = new ArrayList<>();
    private int reused;
    private Optional<AnalysisCache.ProjectPhase> reusable = Optional.empty();
    /** The entries to write once the project-wide phase has run; null when the cache on disk is already right. */
    private Map<String, AnalysisCache.Entry> pending;

    IncrementalRun(AnalysisRequest request, List<Rule> rules, List<ProjectRule<?>> projectRules, Path base,
            List<Path> files) {
        this.request = request;
        this.projectRules = projectRules;
        this.base = base;
        this.files = files;
        this.fingerprint = AnalysisCache.fingerprint(request, rules);
    }

    List<String> notes() {
        return notes;
    }

    int reused() {
        return reused;
    }

    List<FileAnalyzer.FileResult> analyse(Batch batch) throws IOException {
        AnalysisCache.Loaded loaded = AnalysisCache.load(request.cacheFile(), fingerprint);
        loaded.note().ifPresent(notes::add);
        Map<String, AnalysisCache.Entry> previous = loaded.entries();

        Map<Path, String> keys = new LinkedHashMap<>();
        Map<Path, String> hashes = new HashMap<>();
        Map<Path, FileAnalyzer.FileResult> results = new HashMap<>();
        List<Path> changed = new ArrayList<>();
        for (Path file : files) {
            String key = SourcePaths.slashed(SourcePaths.shownRelativeTo(base, file));
            keys.put(file, key);
            String hash = hashOf(file);
            hashes.put(file, hash);
            AnalysisCache.Entry entry = previous.get(key);
            if (entry == null || !entry.hash().equals(hash)) {
                changed.add(file);
            }
        }
        Set<String> removed = new TreeSet<>(previous.keySet());
        removed.removeAll(new java.util.HashSet<>(keys.values())); // a set: a list of values would make this quadratic
        if (changed.isEmpty() && removed.isEmpty() && loaded.project().isPresent()) {
            List<FileAnalyzer.FileResult> unchanged = reuseAll(files, keys, previous);
            if (unchanged != null) {
                reusable = loaded.project();
                return unchanged;
            }
        }
        analyseInto(changed, batch, results);

        // Files that mention a type declared in a changed or removed file may resolve differently now.
        Map<String, Set<String>> changedDeclares = new TreeMap<>();
        changed.forEach(file -> changedDeclares.put(keys.get(file), results.get(file).declares()));
        Set<String> stale = AnalysisCache.dependents(changedDeclares, removed, previous);
        List<Path> dependents = new ArrayList<>();
        for (Path file : files) {
            if (!results.containsKey(file) && stale.contains(keys.get(file))) {
                dependents.add(file);
            }
        }
        analyseInto(dependents, batch, results);

        List<Path> unreadable = new ArrayList<>();
        for (Path file : files) {
            if (!results.containsKey(file)) {
                try {
                    results.put(file, fromCache(previous.get(keys.get(file)), true));
                    reused++;
                } catch (IOException | RuntimeException e) {
                    unreadable.add(file);
                }
            }
        }
        if (!unreadable.isEmpty()) {
            notes.add(unreadable.size() + " cached results could not be read back; those files were analysed again");
            analyseInto(unreadable, batch, results);
        }

        List<FileAnalyzer.FileResult> ordered = new ArrayList<>(files.size());
        files.forEach(file -> ordered.add(results.get(file)));
        pending = new TreeMap<>();
        for (Path file : files) {
            AnalysisCache.Entry cached = previous.get(keys.get(file));
            boolean fresh = changed.contains(file) || dependents.contains(file) || unreadable.contains(file);
            pending.put(keys.get(file), fresh || cached == null ? toEntry(hashes.get(file), results.get(file)) : cached);
        }
        return ordered;
    }

    /** Every file's cached results without its summaries, or null if one of them cannot be read back. */
    private List<FileAnalyzer.FileResult> reuseAll(List<Path> files, Map<Path, String> keys,
            Map<String, AnalysisCache.Entry> previous) {
        List<FileAnalyzer.FileResult> unchanged = new ArrayList<>(files.size());
        try {
            for (Path file : files) {
                unchanged.add(fromCache(previous.get(keys.get(file)), false));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        reused = files.size();
        return unchanged;
    }

    /** The project-wide phase's results from the last run, when no file changed since. */
    Optional<AnalysisCache.ProjectPhase> reusableProjectPhase() {
        return reusable;
    }

    /** Writes the cache, with what the project-wide phase found this time; nothing when it was reused. */
    void save(AnalysisCache.ProjectPhase project) {
        if (pending != null) {
            AnalysisCache.save(request.cacheFile(), fingerprint, pending, project).ifPresent(notes::add);
        }
    }

    private static void analyseInto(List<Path> batchFiles, Batch batch, Map<Path, FileAnalyzer.FileResult> results)
            throws IOException {
        if (batchFiles.isEmpty()) {
            return;
        }
        List<FileAnalyzer.FileResult> fresh = batch.analyse(batchFiles);
        for (int i = 0; i < batchFiles.size(); i++) {
            results.put(batchFiles.get(i), fresh.get(i));
        }
    }

    /** The content hash; a file that cannot be read gets a hash no entry has, so it is analysed (and reported). */
    private static String hashOf(Path file) {
        try {
            return AnalysisCache.hash(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private FileAnalyzer.FileResult fromCache(AnalysisCache.Entry entry, boolean withSummaries) throws IOException {
        List<Object> summaries = new ArrayList<>(projectRules.size());
        for (ProjectRule<?> rule : projectRules) {
            JsonNode json = withSummaries ? entry.summaries().get(rule.descriptor().id()) : null;
            summaries.add(json == null ? null : AnalysisCache.fromJson(json, rule.summaryType()));
        }
        return new FileAnalyzer.FileResult(entry.findings(), entry.diagnostics(), summaries, entry.declares(),
                entry.mentions());
    }

    private AnalysisCache.Entry toEntry(String hash, FileAnalyzer.FileResult result) {
        Map<String, JsonNode> summaries = new TreeMap<>();
        for (int i = 0; i < projectRules.size(); i++) {
            Object summary = result.summaries().get(i);
            if (summary != null) {
                summaries.put(projectRules.get(i).descriptor().id(), AnalysisCache.toJson(summary));
            }
        }
        return new AnalysisCache.Entry(hash, result.findings(), result.diagnostics(), summaries, result.declares(),
                result.mentions());
    }
}
