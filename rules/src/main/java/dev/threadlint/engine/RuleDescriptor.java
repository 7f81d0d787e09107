package dev.threadlint.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A rule's metadata as reports need it.
 *
 * @param id       stable kebab-case id
 * @param name     the id in PascalCase, as SARIF wants a rule name
 * @param summary  one line: what the rule flags
 * @param severity default severity
 * @param tags     topics
 * @param since    the version that first shipped the rule
 * @param aliases  former ids
 */
public record RuleDescriptor(String id, String name, String summary, Severity severity, List<String> tags,
        String since, List<String> aliases) {

    /** Where the rule pages are published; each page's address is derived from the rule id. */
    public static final String DOCS_BASE_URI = "https://threadlint.dev/rules/";

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public RuleDescriptor {
        if (!KEBAB_CASE.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id is not kebab-case: " + id);
        }
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /** Reads the {@link RuleInfo} of a rule class. */
    public static RuleDescriptor of(Class<?> ruleClass) {
        RuleInfo info = ruleClass.getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalStateException(ruleClass.getName() + " has no @RuleInfo");
        }
        return new RuleDescriptor(info.id(), pascalCase(info.id()), info.summary(), info.severity(),
                Arrays.asList(info.tags()), info.since(), Arrays.asList(info.aliases()));
    }

    /** True when {@code candidate} is this rule's id or one of its aliases. */
    public boolean answersTo(String candidate) {
        return id.equals(candidate) || aliases.contains(candidate);
    }

    /** The published page of this rule. */
    public String docUri() {
        return DOCS_BASE_URI + id;
    }

    /** The rule page's path inside the rules jar, as packaged from {@code docs/rules/<id>.md}. */
    public String docResource() {
        return "/dev/threadlint/docs/rules/" + id + ".md";
    }

    static String pascalCase(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return name.toString();
    }
}
