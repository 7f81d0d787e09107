package dev.threadlint.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the Java files of the source roots that the include and exclude globs select, in a stable order. */
final class SourceFiles {

    private SourceFiles() {
    }

    /** The selected files, absolute and normalised, sorted, each once even when source roots overlap. */
    static List<Path> find(List<Path> sourceRoots, List<String> includes, List<String> excludes)
            throws IOException {
        List<PathMatcher> included = matchers(includes);
        List<PathMatcher> excluded = matchers(excludes);
        Set<Path> found = new LinkedHashSet<>();
        for (Path root : sourceRoots) {
            Path absoluteRoot = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(absoluteRoot)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(absoluteRoot)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".java"))
                        .filter(Files::isRegularFile)
                        .filter(p -> selected(absoluteRoot.relativize(p), included, excluded))
                        .forEach(found::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        List<Path> sorted = new ArrayList<>(found);
        sorted.sort(null);
        return sorted;
    }

    private static boolean selected(Path relative, List<PathMatcher> included, List<PathMatcher> excluded) {
        boolean in = included.isEmpty() || included.stream().anyMatch(m -> m.matches(relative));
        return in && excluded.stream().noneMatch(m -> m.matches(relative));
    }

    /**
     * Glob matchers. A leading {@code **}{@code /} also matches files directly in the root, as users of Ant-style
     * patterns expect and as {@link java.nio.file.FileSystem#getPathMatcher} alone would not.
     */
    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            String trimmed = glob.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + trimmed));
            if (trimmed.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + trimmed.substring(3)));
            }
        }
        return matchers;
    }
}
