package id.graduasi.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.ContractEvent;
import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The registry's status changes and graduation's decisions, applied set by set when a batch brings many
 * households' at once (as a fan-out of decisions does), end as they would one by one: stages, the newest status
 * revision (a stale one ignored), the last region named, decisions and reversals with their outcome.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SetBySetProjectionTest {

    record Life(UUID household, UUID first, UUID second) {
        /**
         * Verified and activated, graduated (d1), echoed; d1 reverted, echoed; exited (d2), echoed; a stale
         * status (revision 3) redelivered last; the household moved village with its last change.
         */
        List<ContractEvent> events() {
            String village = "64.03.01.2001";
            String moved = "64.03.02.2001";
            return List.of(
                    status(village, "REGISTERED", "VERIFIED", 2, null),
                    status(village, "VERIFIED", "ACTIVE", 3, null),
                    new GraduationDecidedV2(first, household, village, GraduationDecidedV2.Outcome.GRADUATED,
                            World.TODAY, World.TODAY.plusMonths(12), "GRADUASI_MANDIRI", 1, "EKONOMI_MEMBAIK",
                            World.TODAY, 1L),
                    status(village, "ACTIVE", "GRADUATED", 4, first),
                    new GraduationRevertedV2(first, household, village, GraduationDecidedV2.Outcome.GRADUATED,
                            World.TODAY, "GRADUASI_MANDIRI", 1, "RELAPSE", World.TODAY, 2L),
                    status(village, "GRADUATED", "ACTIVE", 5, first),
                    new GraduationDecidedV2(second, household, moved, GraduationDecidedV2.Outcome.EXITED,
                            World.TODAY, null, "EXIT", 1, "PINDAH", World.TODAY, 3L),
                    status(moved, "ACTIVE", "EXITED", 6, second),
                    status(moved, "VERIFIED", "ACTIVE", 3, null));
        }

        private HouseholdStatusChanged status(String village, String from, String to, long revision, UUID decision) {
            return new HouseholdStatusChanged(household, village, from, to, null, Instant.now(), revision, decision);
        }
    }

    @Test
    void aBatchOfManyHouseholdsStatusChangesAndDecisionsEndsAsItWouldOneByOne() throws Exception {
        List<Life> lives = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lives.add(new Life(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
        }
        // Interleaved, as a relay publishes many households' decisions and echoes at once.
        List<ContractEvent> events = new ArrayList<>();
        int steps = lives.get(0).events().size();
        List<List<ContractEvent>> each = lives.stream().map(Life::events).toList();
        for (int step = 0; step < steps; step++) {
            for (List<ContractEvent> life : each) {
                events.add(life.get(step));
            }
        }
        double batchedBefore = counter("graduasi_events_batched_total");
        double fallbacksBefore = counter("graduasi_events_batch_fallbacks_total");
        TestKafka.publishAll(events);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Life life : lives) {
                if (!"EXITED@6 exited relapsed".equals(household(life)[0])) {
                    return false;
                }
            }
            return true;
        });
        for (Life life : lives) {
            String[] row = household(life);
            assertEquals("EXITED@6 exited relapsed", row[0], "status, revision and outcome of " + life.household());
            assertEquals("64.03.02.2001 64.03.02 registered verified proposed", row[1],
                    "region (the last named) and stages of " + life.household());
            assertEquals(List.of(life.first() + " GRADUATED decided reverted", life.second() + " EXITED decided"),
                    decisions(life), "decisions of " + life.household());
        }
        assertTrue(counter("graduasi_events_batched_total") > batchedBefore, "events applied in lane batches");
        assertEquals(fallbacksBefore, counter("graduasi_events_batch_fallbacks_total"),
                "no batch fell back to one event at a time (which would hide a set statement that fails)");
    }

    private static String[] household(Life life) throws Exception {
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("""
                    select status || '@' || status_revision || case when graduated then ' graduated' else '' end
                           || case when exited then ' exited' else '' end
                           || case when relapsed then ' relapsed' else '' end,
                           village_code || ' ' || district || case when registered then ' registered' else '' end
                           || case when verified then ' verified' else '' end
                           || case when proposed then ' proposed' else '' end
                    from household_fact where household_id = '%s'""".formatted(life.household()));
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {null, null};
        }
    }

    private static List<String> decisions(Life life) throws Exception {
        try (Connection db = database()) {
            ResultSet rs = db.createStatement().executeQuery("""
                    select decision_id || ' ' || outcome || case when decided_on is not null then ' decided' else '' end
                           || case when reverted_on is not null then ' reverted' else '' end
                    from decision_fact where household_id = '%s'
                    order by decision_id = '%s' desc""".formatted(life.household(), life.first()));
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static double counter(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("graduasi-events"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "");
    }
}
