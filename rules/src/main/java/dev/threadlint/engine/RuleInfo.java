package dev.threadlint.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A rule's metadata, kept on the rule class itself so that it cannot drift from the code. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /** The stable kebab-case id; never changes once released. */
    String id();

    /** One line: what the rule flags. */
    String summary();

    /** The default severity. */
    Severity severity();

    /** Topics for filtering in reports (SARIF tags). */
    String[] tags() default {};

    /** The version that first shipped the rule. */
    String since();

    /** Former ids, still honoured by suppressions and rule selection. */
    String[] aliases() default {};
}
