package dev.threadlint.engine;

import com.github.javaparser.ParserConfiguration;
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

/**
 * Builds one worker's type solver: the project's sources first, then its classpath, then the running JDK.
 * Solvers cache what they parse and load and are not thread-safe, so each worker gets its own.
 */
final class TypeSolvers implements AutoCloseable {

    /** Source files a worker's solver keeps parsed; bounds memory on large projects. */
    private static final long SOURCE_CACHE_LIMIT = 256;

    private final CombinedTypeSolver solver = new CombinedTypeSolver();
    private final List<URLClassLoader> loaders = new ArrayList<>();

    TypeSolvers(List<Path> sourceRoots, List<Path> classpath, ParserConfiguration.LanguageLevel level) {
        ParserConfiguration sourceConfiguration = new ParserConfiguration()
                .setLanguageLevel(level)
                .setAttributeComments(false);
        for (Path root : sourceRoots) {
            if (Files.isDirectory(root)) {
                solver.add(new JavaParserTypeSolver(root, sourceConfiguration, SOURCE_CACHE_LIMIT));
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

    @Override
    public void close() {
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // Nothing was written through it; a failed close leaks at most a file handle until exit.
            }
        }
    }

}
