package dev.threadlint.engine;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine needs, in plain JDK types, so that a Maven goal, a command line or a test drives it the
 * same way.
 *
 * @param baseDirectory  findings and diagnostics name files relative to this directory
 * @param sourceRoots    directories searched for {@code .java} files
 * @param includes       glob patterns, relative to a source root, of the files to analyse; empty means all
 * @param excludes       glob patterns, relative to a source root, of the files to skip
 * @param classpath      jars and class directories the analysed code compiles against, for type resolution
 * @param languageLevel  the Java version the sources are written for ({@code 17}, {@code 21}, {@code 1.8}, ...)
 *                       or {@code latest}; see {@link LanguageLevels}
 * @param threads        how many files are analysed at once
 * @param resolveTypes   whether rules may ask the symbol solver; without it, type questions answer unknown
 * @param encoding       the source files' encoding
 * @param cacheFile      where results are kept between runs, so that unchanged files are not analysed again; null
 *                       for none (see {@link AnalysisCache})
 */
public record AnalysisRequest(Path baseDirectory, List<Path> sourceRoots, List<String> includes,
        List<String> excludes, List<Path> classpath, String languageLevel, int threads, boolean resolveTypes,
        Charset encoding, Path cacheFile) {

    public AnalysisRequest {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        sourceRoots = List.copyOf(sourceRoots);
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(languageLevel, "languageLevel");
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be at least 1, was " + threads);
        }
        Objects.requireNonNull(encoding, "encoding");
    }

    /** A request for these source roots with every other setting at its default. */
    public static AnalysisRequest of(Path baseDirectory, List<Path> sourceRoots) {
        return new AnalysisRequest(baseDirectory, sourceRoots, List.of(), List.of(), List.of(),
                LanguageLevels.LATEST, Runtime.getRuntime().availableProcessors(), true, StandardCharsets.UTF_8, null);
    }

    public AnalysisRequest withIncludes(List<String> newIncludes, List<String> newExcludes) {
        return new AnalysisRequest(baseDirectory, sourceRoots, newIncludes, newExcludes, classpath, languageLevel,
                threads, resolveTypes, encoding, cacheFile);
    }

    public AnalysisRequest withClasspath(List<Path> newClasspath) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, newClasspath, languageLevel,
                threads, resolveTypes, encoding, cacheFile);
    }

    public AnalysisRequest withLanguageLevel(String newLanguageLevel) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, classpath, newLanguageLevel,
                threads, resolveTypes, encoding, cacheFile);
    }

    public AnalysisRequest withThreads(int newThreads) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, classpath, languageLevel,
                newThreads, resolveTypes, encoding, cacheFile);
    }

    public AnalysisRequest withResolveTypes(boolean newResolveTypes) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, classpath, languageLevel,
                threads, newResolveTypes, encoding, cacheFile);
    }

    public AnalysisRequest withEncoding(Charset newEncoding) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, classpath, languageLevel,
                threads, resolveTypes, newEncoding, cacheFile);
    }

    /** The same request, keeping results between runs in {@code newCacheFile} (null: no cache). */
    public AnalysisRequest withCacheFile(Path newCacheFile) {
        return new AnalysisRequest(baseDirectory, sourceRoots, includes, excludes, classpath, languageLevel,
                threads, resolveTypes, encoding, newCacheFile);
    }
}
