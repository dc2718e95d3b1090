package id.graduasi.graduation;

import static id.graduasi.graduation.Households.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue #16: graduation's view of the registry is kept in causal order. A relapse an officer records in the
 * registry reverts the decision in force and is announced as GraduationReverted; a registry event read after the
 * household graduated again (older revision, or the echo of an older decision) reverts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class CausalOrderTest {

    private static final String VILLAGE = "64.72.01.1001";
    private static final String DECIDED = EventType.GRADUATION_DECIDED_V2.type();
    private static final String REVERTED = EventType.GRADUATION_REVERTED_V2.type();

    @Test
    void anOfficersRelapseIsAnnouncedAsAReversalAndAStaleOneAfterTheNextDecisionRevertsNothing() {
        UUID household = Households.readyForAlamiah(VILLAGE, Households.today().minusDays(400));
        UUID first = UUID.fromString(Households.graduate(household, "GRADUASI_ALAMIAH"));
        // The registry's echo of the decision (revision 3, naming it), then an officer's relapse (revision 4).
        deliver(new HouseholdStatusChanged(household, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_ALAMIAH",
                Instant.now(), 3L, first));
        HouseholdStatusChanged relapse = new HouseholdStatusChanged(household, VILLAGE, "GRADUATED", "ACTIVE",
                "RELAPSE", Instant.now(), 4L, null);
        deliver(relapse);
        given().get("/api/v1/decisions/" + first).then().body("status", equalTo("REVERTED"))
                .body("revertedBy", equalTo("registry"));
        Households.announced(household, REVERTED, 1);

        String second = Households.graduate(household, "GRADUASI_ALAMIAH");
        // Read late: the same relapse published again, an older status change, and the echo of the first decision's
        // reversal. None of them may revert the second decision.
        deliver(relapse);
        deliver(new HouseholdStatusChanged(household, VILLAGE, "VERIFIED", "ACTIVE", null, Instant.now(), 2L, null));
        deliver(new HouseholdStatusChanged(household, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE", Instant.now(), 4L,
                first));
        given().get("/api/v1/decisions/" + second).then().body("status", equalTo("IN_FORCE"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key()))
                        .stream().map(TestKafka.Event::type).toList(),
                types -> types.equals(EXPECTED));
        assertEquals(EXPECTED, TestKafka.readAll(Topics.GRADUATION_DECISION,
                e -> household.toString().equals(e.key())).stream().map(TestKafka.Event::type).toList());
        // The registry's relapse takes the household's next decision sequence, like an officer's reversal.
        assertEquals(List.of(1L, 2L, 3L), Households.decisionSequences(household));
    }

    /** One event per decision and reversal, in order (v1 is retired). */
    private static final List<String> EXPECTED = List.of(DECIDED, REVERTED, DECIDED);

    /** Publishes the event under a new id and returns once graduation has applied it (its inbox has it). */
    private static void deliver(HouseholdStatusChanged event) {
        String id = TestKafka.publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(id));
    }

    private static boolean applied(String id) throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection db = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement q = db.prepareStatement("select 1 from inbox_event where event_id = cast(? as uuid)")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
