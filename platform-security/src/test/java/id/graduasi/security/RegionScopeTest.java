package id.graduasi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RegionScopeTest {

    @Test
    void prefixesMatchWholeSegmentsOnly() {
        RegionScope scope = new RegionScope(Set.of("64.72"));
        assertTrue(scope.allows("64.72.01.1001"));
        assertTrue(scope.allows("64.72"));
        assertFalse(scope.allows("64.720.01.1001"));
        assertFalse(scope.allows("64.71.01.1001"));
        assertFalse(scope.allows(null));
        assertFalse(RegionScope.nowhere().allows("64"));
        assertTrue(RegionScope.everywhere().allows("11.01.01.2001"));
    }

    @Test
    void conditionsGoIntoTheQuery() {
        Map<String, Object> params = new HashMap<>();
        assertNull(RegionScope.everywhere().condition("h.villageCode", "r", params));
        assertEquals("1 = 0", RegionScope.nowhere().condition("h.villageCode", "r", params));
        assertEquals("(h.villageCode = :r0 or h.villageCode like :r0u)",
                new RegionScope(Set.of("64")).condition("h.villageCode", "r", params));
        assertEquals(Map.of("r0", "64", "r0u", "64.%"), params);
    }

    @Test
    void aBucketRefusesWhenEmptyAndSaysWhenToRetry() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(1, bucket.take(0));
        assertEquals(0, bucket.take(1_000_000_000L));
    }
}
