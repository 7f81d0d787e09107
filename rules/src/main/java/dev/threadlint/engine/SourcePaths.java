package dev.threadlint.engine;

import java.nio.file.Path;

/** Path spelling shared by every report, so that the same tree gives the same text on every platform. */
public final class SourcePaths {
    private SourcePaths() {
    }

    /** The path with forward slashes, whatever the platform's separator. */
    public static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }
}
