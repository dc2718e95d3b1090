package id.graduasi.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Rows get time-ordered ids (UUID version 7), minted in Java and in SQL alike, so that the indexes on them grow
 * at their right edge during a bulk import instead of being read back at random pages.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class TimeOrderedIdsTest {

    @Test
    void theDatabasesTimeOrderedUuidIsVersion7AndCarriesItsMillisecond() throws Exception {
        try (Connection db = TestDatabaseAccess.runtime(); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select time_ordered_uuid()::text, (extract(epoch from clock_timestamp())"
                        + " * 1000)::bigint")) {
            r.next();
            UUID id = UUID.fromString(r.getString(1));
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            long millis = id.getMostSignificantBits() >>> 16;
            assertTrue(Math.abs(r.getLong(2) - millis) < 1000, id + " carries " + millis + ", now " + r.getLong(2));
        }
    }

    @Test
    void aRegisteredHouseholdItsMembersAndItsRevisionsHaveTimeOrderedIds() throws Exception {
        String id = RegistryTestSupport.registerHousehold(RegistryTestSupport.randomKk());
        assertEquals(7, UUID.fromString(id).version());
        try (Connection db = TestDatabaseAccess.owner(); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select (select array_agg(distinct substr(id::text, 15, 1)) from member"
                        + " where household_id = '" + id + "')::text, (select array_agg(distinct substr(id::text, 15, 1))"
                        + " from household_revision where household_id = '" + id + "')::text")) {
            r.next();
            assertEquals("{7}", r.getString(1));
            assertEquals("{7}", r.getString(2));
        }
    }
}
