package dev.threadlint.engine;

import java.nio.file.Path;

/** Path spelling shared by every report, so that the same tree gives the same text on every platform. */
public final class SourcePaths {
    private SourcePaths() {
    }

    /** How reports name a file: relative to {@code base} (absolute and normalised) when under it, else as given. */
    public static Path shownRelativeTo(Path base, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute) : file;
    }

    /** The path with forward slashes, whatever the platform's separator. */
    public static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }
}
