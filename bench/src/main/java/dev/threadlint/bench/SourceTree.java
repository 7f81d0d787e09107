package dev.threadlint.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code .java} files under the source roots, chosen and ordered as the engine chooses them (every regular
 * {@code .java} file, each once, sorted), so that both sides of the benchmark see the same work.
 */
record SourceTree(List<Path> files, long nonBlankLines, long bytes, int undecodable) {

    static SourceTree scan(List<Path> roots) throws IOException {
        Set<Path> found = new LinkedHashSet<>();
        for (Path root : roots) {
            Path absolute = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(absolute)) {
                throw new IOException("not a directory: " + root);
            }
            try (Stream<Path> walk = Files.walk(absolute)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".java"))
                        .filter(Files::isRegularFile)
                        .forEach(found::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        List<Path> files = new ArrayList<>(found);
        files.sort(null);
        long lines = 0;
        long bytes = 0;
        int undecodable = 0;
        // Reading every file here, untimed, also puts the tree in the OS page cache before either side is timed.
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            bytes += content.length;
            try {
                lines += decode(content).lines().filter(line -> !line.isBlank()).count();
            } catch (CharacterCodingException e) {
                undecodable++;
            }
        }
        return new SourceTree(List.copyOf(files), lines, bytes, undecodable);
    }

    /** Strict UTF-8, as the engine decodes with its default encoding. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
