package dev.threadlint.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of threadlint itself, as the build stamped it into the rules jar. */
public final class ThreadlintVersion {

    private static final String VERSION = read();

    private ThreadlintVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ThreadlintVersion.class.getResourceAsStream("/dev/threadlint/threadlint.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
