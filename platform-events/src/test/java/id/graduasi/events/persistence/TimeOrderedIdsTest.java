package id.graduasi.events.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();
        assertEquals(7, id.version());
        assertEquals(2, id.variant()); // RFC 9562 (IETF) variant
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, id + " carries " + millis);
        assertEquals(UUID.fromString(id.toString()), id);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsPostgresqlComparesThem() {
        // PostgreSQL orders uuids bytewise, i.e. as the text form: later rows land at an index's right edge.
        String previous = "";
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 1000; millis += 7) {
            String id = TimeOrderedIds.of(millis).toString();
            assertTrue(id.compareTo(previous) > 0, id + " sorts before " + previous);
            previous = id;
        }
        String far = TimeOrderedIds.of(0xFFFF_FFFF_FFFFL).toString();
        assertTrue(far.startsWith("ffffffff-ffff-7"), far);
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.of(1_700_000_000_000L));
        }
        assertEquals(100_000, ids.size());
    }
}
