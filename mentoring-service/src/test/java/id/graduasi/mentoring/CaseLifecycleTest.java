package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.mentoring.service.MonitoringCloser;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class CaseLifecycleTest {

    @Inject
    MonitoringCloser closer;

    @Test
    void aRegisteredHouseholdGetsAnOpenCaseAnnouncedAsCaseOpened() {
        UUID household = registered();

        awaitCaseStatus(household, "OPEN");
        List<TestKafka.Event> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.MENTORING_CASE, e -> household.toString().equals(e.key())),
                l -> !l.isEmpty());
        assertEquals(EventType.CASE_OPENED.type(), events.get(0).type());
    }

    @Test
    void aGraduatedHouseholdIsMonitoredForTwelveMonthsFromTheDecision() {
        UUID household = registered();
        awaitCaseStatus(household, "OPEN");
        LocalDate decidedOn = LocalDate.of(2026, 11, 1);

        MentoringTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), household, "64.72.01.1001", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", decidedOn));

        awaitCaseStatus(household, "MONITORING");
        assertEquals("2027-11-01", given().get("/api/v1/households/" + household + "/case")
                .then().extract().path("monitoringUntil"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.MENTORING_CASE, e -> household.toString().equals(e.key())).stream()
                        .anyMatch(e -> EventType.CASE_MONITORING_STARTED.type().equals(e.type())
                                && e.value().contains("2027-11-01")));
    }

    /**
     * The monitoring end is the decision's (graduation-service's pathway rules), not this service's configuration
     * (12 months): a decision monitored for 3 months ends monitoring after 3. v1 alone changes nothing.
     */
    @Test
    void theMonitoringEndComesFromTheDecisionAndOnlyItsVersion2IsActedOn() {
        UUID household = registered();
        awaitCaseStatus(household, "OPEN");
        UUID decision = UUID.randomUUID();
        LocalDate decidedOn = LocalDate.of(2026, 11, 1);
        TestKafka.publish(new GraduationDecided(decision, household, "64.72.01.1001", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", decidedOn));
        TestKafka.publish(new id.graduasi.events.contract.GraduationDecidedV2(decision, household, "64.72.01.1001",
                id.graduasi.events.contract.GraduationDecidedV2.Outcome.GRADUATED, decidedOn,
                LocalDate.of(2027, 2, 1), "SOME_NEW_PATHWAY", 7, "EKONOMI_MEMBAIK", decidedOn));
        awaitCaseStatus(household, "MONITORING");
        assertEquals("2027-02-01", given().get("/api/v1/households/" + household + "/case")
                .then().extract().path("monitoringUntil"));

        // A v1 alone, then a later event of the same household on the same topic (so the same partition, applied
        // after it): once the later one's effect is there, the v1 was read before it, and had it been acted on
        // the case would have started monitoring (and announced it) before closing.
        UUID other = registered();
        awaitCaseStatus(other, "OPEN");
        TestKafka.publish(new GraduationDecided(UUID.randomUUID(), other, "64.72.01.1001", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", decidedOn));
        TestKafka.publish(new id.graduasi.events.contract.GraduationDecidedV2(UUID.randomUUID(), other,
                "64.72.01.1001", id.graduasi.events.contract.GraduationDecidedV2.Outcome.EXITED, decidedOn, null,
                "ADMINISTRATIVE_EXIT", 1, "MOVED", decidedOn));
        awaitCaseStatus(other, "CLOSED");
        assertNull(given().get("/api/v1/households/" + other + "/case").then().extract().path("monitoringUntil"),
                "a v1 decision alone is not acted on");
        // The case's events go out in commit order: once CASE_CLOSED is read, anything before it was too.
        List<String> types = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.MENTORING_CASE, e -> other.toString().equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(),
                l -> l.contains(EventType.CASE_CLOSED.type()));
        assertEquals(List.of(EventType.CASE_OPENED.type(), EventType.CASE_CLOSED.type()), types,
                "a v1 decision alone is not acted on");
    }

    @Test
    void anAdministrativeExitClosesTheCaseAndAnUnknownHouseholdHasNoCase() {
        UUID household = registered();
        awaitCaseStatus(household, "OPEN");

        MentoringTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), household, "64.72.01.1001", "ADMINISTRATIVE_EXIT",
                "MOVED", LocalDate.now()));

        awaitCaseStatus(household, "CLOSED");
        given().get("/api/v1/households/" + UUID.randomUUID() + "/case")
                .then().statusCode(404).contentType("application/problem+json");
        assertTrue(given().get("/api/v1/households/" + household + "/case").then().extract()
                .<String>path("closedAt") != null);
    }

    @Test
    void monitoringEndsWhenItsMonthsHavePassedAndTheCaseCloses() throws Throwable {
        UUID household = registered();
        awaitCaseStatus(household, "OPEN");
        LocalDate decidedOn = LocalDate.now(ZoneOffset.UTC).minusMonths(13);
        MentoringTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), household, "64.72.01.1001", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", decidedOn));
        awaitCaseStatus(household, "MONITORING");

        assertTrue(VertxContextSupport.subscribeAndAwait(() -> closer.closeAll()) >= 1);

        awaitCaseStatus(household, "CLOSED");
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.MENTORING_CASE, e -> household.toString().equals(e.key())).stream()
                        .anyMatch(e -> EventType.CASE_CLOSED.type().equals(e.type())
                                && e.value().contains("MONITORING_ENDED")));
    }

    @Test
    void aRelapseReopensTheCaseThroughGraduationsReversalAndAnExitClosesIt() {
        UUID household = registered();
        awaitCaseStatus(household, "OPEN");
        UUID decision = UUID.randomUUID();
        MentoringTestSupport.publishDecided(new GraduationDecided(decision, household, "64.72.01.1001", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", LocalDate.now(ZoneOffset.UTC)));
        awaitCaseStatus(household, "MONITORING");

        // An officer records the relapse in the registry; graduation-service answers it with the reversal, the one
        // event a case re-opens on (CausalOrderTest: the registry's relapse alone re-opens nothing).
        TestKafka.publish(new HouseholdStatusChanged(household, "64.72.01.1001", "GRADUATED", "ACTIVE", "RELAPSE",
                Instant.now()));
        MentoringTestSupport.publishReverted(new GraduationReverted(decision, household, "64.72.01.1001",
                "GRADUASI_MANDIRI", "RELAPSE", LocalDate.now(ZoneOffset.UTC)));
        awaitCaseStatus(household, "OPEN");
        assertNull(given().get("/api/v1/households/" + household + "/case").then().extract()
                .<String>path("monitoringUntil"));

        TestKafka.publish(new HouseholdStatusChanged(household, "64.72.01.1001", "ACTIVE", "EXITED", "MOVED",
                Instant.now()));
        awaitCaseStatus(household, "CLOSED");
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.MENTORING_CASE, e -> household.toString().equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(),
                types -> types.equals(List.of(EventType.CASE_OPENED.type(), EventType.CASE_MONITORING_STARTED.type(),
                        EventType.CASE_OPENED.type(), EventType.CASE_CLOSED.type())));
    }

    private static UUID registered() {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, "64.72.01.1001", 5, LocalDate.now()));
        return household;
    }

    private static void awaitCaseStatus(UUID household, String status) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> given().get("/api/v1/households/" + household + "/case").then().extract().path("status"),
                status::equals);
    }
}
