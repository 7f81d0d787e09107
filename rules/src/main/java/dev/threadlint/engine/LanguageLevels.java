package dev.threadlint.engine;

import com.github.javaparser.ParserConfiguration.LanguageLevel;

import java.util.ArrayList;
import java.util.List;

/** Turns the Java version users write ({@code 17}, {@code 1.8}, {@code latest}) into JavaParser's level. */
public final class LanguageLevels {

    /** The newest syntax the bundled parser understands. */
    public static final String LATEST = "latest";

    private LanguageLevels() {
    }

    /**
     * @param parameter the parameter's name, used in the error message
     * @throws IllegalArgumentException naming the parameter and the allowed values
     */
    public static LanguageLevel parse(String parameter, String version) {
        String wanted = version == null ? "" : version.trim();
        if (wanted.isEmpty() || wanted.equalsIgnoreCase(LATEST)) {
            return newest();
        }
        if (wanted.startsWith("1.") && wanted.length() > 2) {
            wanted = wanted.substring(2);
        }
        for (LanguageLevel level : LanguageLevel.values()) {
            if (level.name().equals("JAVA_" + wanted)) {
                return level;
            }
        }
        throw new IllegalArgumentException(parameter + ": '" + version
                + "' is not a Java version the parser knows; allowed values: " + String.join(", ", allowed()));
    }

    /** Versions accepted by {@link #parse}, oldest first. */
    public static List<String> allowed() {
        List<String> allowed = new ArrayList<>();
        for (LanguageLevel level : LanguageLevel.values()) {
            String name = level.name();
            if (!name.endsWith("_PREVIEW") && !name.startsWith("JAVA_1_")) {
                allowed.add(name.substring("JAVA_".length()));
            }
        }
        allowed.add(LATEST);
        return allowed;
    }

    private static LanguageLevel newest() {
        LanguageLevel newest = null;
        for (LanguageLevel level : LanguageLevel.values()) {
            if (!level.name().endsWith("_PREVIEW")) {
                newest = level;
            }
        }
        return newest;
    }
}
