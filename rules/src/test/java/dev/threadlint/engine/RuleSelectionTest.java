package dev.threadlint.engine;

import dev.threadlint.rules.RuleRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSelectionTest {

    private static List<String> ids(String spec) {
        return RuleSelection.select("threadlint.rules", spec, RuleRegistry.all()).stream()
                .map(r -> r.descriptor().id()).toList();
    }

    @Test
    void blankAndAllSelectEveryRule() {
        List<String> every = RuleRegistry.descriptors().stream().map(RuleDescriptor::id).toList();
        assertEquals(every, ids(""));
        assertEquals(every, ids(null));
        assertEquals(every, ids("all"));
    }

    @Test
    void idsSelectAndMinusDeselects() {
        assertEquals(List.of("run-instead-of-start"), ids(" run-instead-of-start "));
        assertEquals(List.of(), ids("-run-instead-of-start"));
        assertEquals(List.of(), ids("all, -run-instead-of-start"));
    }

    @Test
    void anUnknownIdNamesTheParameterAndTheAllowedIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ids("run-not-start"));
        assertTrue(e.getMessage().startsWith("threadlint.rules: unknown rule 'run-not-start'; allowed values: all, "
                + "run-instead-of-start"), e.getMessage());
    }
}
