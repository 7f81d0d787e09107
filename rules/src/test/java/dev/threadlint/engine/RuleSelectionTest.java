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
        List<String> others = RuleRegistry.descriptors().stream().map(RuleDescriptor::id)
                .filter(id -> !id.equals("run-instead-of-start")).toList();
        assertEquals(List.of("run-instead-of-start"), ids(" run-instead-of-start "));
        assertEquals(others, ids("-run-instead-of-start"));
        assertEquals(others, ids("all, -run-instead-of-start"));
        assertEquals(List.of("run-instead-of-start", "unsynchronized-shared-mutation"),
                ids("unsynchronized-shared-mutation,run-instead-of-start"));
    }

    @Test
    void anUnknownIdNamesTheParameterAndTheAllowedIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ids("run-not-start"));
        assertTrue(e.getMessage().startsWith("threadlint.rules: unknown rule 'run-not-start'; allowed values: all, "
                + "run-instead-of-start"), e.getMessage());
    }
}
