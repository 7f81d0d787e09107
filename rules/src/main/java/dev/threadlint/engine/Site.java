package dev.threadlint.engine;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * A place in a file, kept after the file's tree is gone, for findings a project-wide rule reports at its end.
 *
 * @param file       relative to the request's base directory
 * @param line       1-based
 * @param column     1-based
 * @param suppressed whether the declarations around the place suppress the rule that made this site
 */
public record Site(Path file, int line, int column, boolean suppressed) {

    public static final Comparator<Site> ORDER = Comparator
            .comparing((Site s) -> SourcePaths.slashed(s.file()))
            .thenComparingInt(Site::line)
            .thenComparingInt(Site::column);

    /** {@code Account.java:77}, as messages name another place. */
    public String shortName() {
        return file.getFileName() + ":" + line;
    }
}
