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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One run with the analysis cache: files whose content and dependencies are unchanged get their results from the
 * cache, the rest are analysed, and the cache is rewritten for the next run. The project-wide phase always runs
 * again, over the summaries of all files, cached or fresh.
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
        analyseInto(changed, batch, results);

        // Files that mention a type declared in a changed or removed file may resolve differently now.
        Map<String, Set<String>> changedDeclares = new TreeMap<>();
        changed.forEach(file -> changedDeclares.put(keys.get(file), results.get(file).declares()));
        Set<String> removed = new TreeSet<>(previous.keySet());
        removed.removeAll(new java.util.HashSet<>(keys.values())); // a set: a list of values would make this quadratic
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
                    results.put(file, fromCache(previous.get(keys.get(file))));
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
        if (reused == files.size() && removed.isEmpty() && loaded.note().isEmpty()) {
            return ordered; // nothing changed: the cache on disk already says all of this
        }
        Map<String, AnalysisCache.Entry> entries = new TreeMap<>();
        for (Path file : files) {
            AnalysisCache.Entry cached = previous.get(keys.get(file));
            boolean fresh = changed.contains(file) || dependents.contains(file) || unreadable.contains(file);
            entries.put(keys.get(file), fresh || cached == null ? toEntry(hashes.get(file), results.get(file)) : cached);
        }
        AnalysisCache.save(request.cacheFile(), fingerprint, entries).ifPresent(notes::add);
        return ordered;
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

    private FileAnalyzer.FileResult fromCache(AnalysisCache.Entry entry) throws IOException {
        List<Object> summaries = new ArrayList<>(projectRules.size());
        for (ProjectRule<?> rule : projectRules) {
            JsonNode json = entry.summaries().get(rule.descriptor().id());
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
