package dev.threadlint.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which rules run, from a comma-separated list of ids: {@code a,b} runs only those; {@code -a} runs every rule
 * but {@code a}; both may be mixed ({@code all,-a} is the same as {@code -a}). Blank means every rule.
 */
public final class RuleSelection {

    private RuleSelection() {
    }

    /**
     * @param parameter the parameter's name, used in the error message
     * @throws IllegalArgumentException naming the parameter, the unknown id and the allowed values
     */
    public static List<Rule> select(String parameter, String spec, List<Rule> available) {
        Set<String> wanted = new LinkedHashSet<>();
        Set<String> unwanted = new LinkedHashSet<>();
        boolean all = true;
        for (String raw : spec == null ? new String[0] : spec.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.equals("all")) {
                continue;
            }
            boolean disable = entry.startsWith("-");
            String id = canonicalId(parameter, disable ? entry.substring(1).trim() : entry, available);
            if (disable) {
                unwanted.add(id);
            } else {
                wanted.add(id);
                all = false;
            }
        }
        List<Rule> selected = new ArrayList<>();
        for (Rule rule : available) {
            String id = rule.descriptor().id();
            if ((all || wanted.contains(id)) && !unwanted.contains(id)) {
                selected.add(rule);
            }
        }
        return selected;
    }

    private static String canonicalId(String parameter, String candidate, List<Rule> available) {
        for (Rule rule : available) {
            if (rule.descriptor().answersTo(candidate)) {
                return rule.descriptor().id();
            }
        }
        String allowed = available.stream().map(r -> r.descriptor().id()).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(parameter + ": unknown rule '" + candidate + "'; allowed values: all, "
                + allowed + " (prefix an id with '-' to disable it)");
    }
}
