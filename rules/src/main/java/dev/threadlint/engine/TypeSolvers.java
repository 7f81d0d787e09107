package dev.threadlint.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.resolution.cache.Cache;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.symbolsolver.cache.GuavaCache;
import com.google.common.cache.CacheBuilder;
import com.github.javaparser.resolution.TypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ClassLoaderTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JarTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JavaParserTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds one worker's type solver: the project's sources first, then its classpath, then the running JDK.
 * Solvers cache what they parse and load and are not thread-safe, so each worker gets its own.
 */
final class TypeSolvers implements AutoCloseable {

    /**
     * Source files a worker's solver keeps parsed, across all source roots: bounds memory on large projects
     * (JavaParser's own limit applies per root, which a project with many roots multiplies).
     */
    private static final long SOURCE_CACHE_LIMIT = 256;

    private final CombinedTypeSolver solver = new CombinedTypeSolver();
    private final List<URLClassLoader> loaders = new ArrayList<>();
    private final List<Cache<?, ?>> caches = new ArrayList<>();

    TypeSolvers(List<Path> sourceRoots, List<Path> classpath, ParserConfiguration.LanguageLevel level) {
        // The solver reads other files for their declarations only: no positions, so no tokens (a third of the
        // memory), and no comments.
        ParserConfiguration sourceConfiguration = new ParserConfiguration()
                .setLanguageLevel(level)
                .setStoreTokens(false)
                .setAttributeComments(false);
        JavaParser sourceParser = new JavaParser(sourceConfiguration);
        Cache<Path, Optional<CompilationUnit>> parsedFiles = owned(GuavaCache.create(
                CacheBuilder.newBuilder().maximumSize(SOURCE_CACHE_LIMIT).build()));
        // JavaParser answers a name it finds no file for by parsing every file of the package, in case one of them
        // declares it as a secondary class. Each import-on-demand candidate tried and missed costs a whole package
        // parse: on the JDK, a third of the analysis. Secondary top-level classes of other files go unresolved
        // instead, which makes their type questions unknown, and rules silent.
        Cache<Path, List<CompilationUnit>> parsedDirectories = new NoDirectoryScans();
        for (Path root : sourceRoots) {
            if (Files.isDirectory(root)) {
                // Found types are keyed by name, so each root needs its own map; parsed files are keyed by path.
                // Bounded too: each found type keeps its whole file's tree reachable.
                Cache<String, SymbolReference<ResolvedReferenceTypeDeclaration>> foundTypes = owned(GuavaCache.create(
                        CacheBuilder.newBuilder().maximumSize(SOURCE_CACHE_LIMIT).build()));
                solver.add(new JavaParserTypeSolver(root, sourceParser, parsedFiles, parsedDirectories, foundTypes));
            }
        }
        List<URL> classDirectories = new ArrayList<>();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    classDirectories.add(entry.toUri().toURL());
                } else if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
                    solver.add(new JarTypeSolver(entry));
                }
            } catch (IOException unreadable) {
                // An unreadable classpath entry only makes some types unknown; rules stay silent on those.
            }
        }
        if (!classDirectories.isEmpty()) {
            URLClassLoader loader = new URLClassLoader(classDirectories.toArray(URL[]::new), null);
            loaders.add(loader);
            solver.add(new ClassLoaderTypeSolver(loader));
        }
        solver.add(new ReflectionTypeSolver(true));
    }

    TypeSolver solver() {
        return solver;
    }

    private <K, V> Cache<K, V> owned(Cache<K, V> cache) {
        caches.add(cache);
        return cache;
    }

    @Override
    public void close() {
        caches.forEach(Cache::removeAll);
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // Nothing was written through it; a failed close leaks at most a file handle until exit.
            }
        }
    }

    /** A directory cache that holds every directory, empty: the type solver never scans a package. */
    private static final class NoDirectoryScans implements Cache<Path, List<CompilationUnit>> {
        private static final com.github.javaparser.resolution.cache.CacheStats NO_STATS =
                GuavaCache.create(CacheBuilder.newBuilder().build()).stats();

        @Override
        public void put(Path directory, List<CompilationUnit> units) {
        }

        @Override
        public Optional<List<CompilationUnit>> get(Path directory) {
            return Optional.of(List.of());
        }

        @Override
        public void remove(Path directory) {
        }

        @Override
        public void removeAll() {
        }

        @Override
        public boolean contains(Path directory) {
            return true;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public com.github.javaparser.resolution.cache.CacheStats stats() {
            return NO_STATS;
        }
    }
}
