package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class EnrollmentLifecycleTest {

    @Test
    void aRegisteredHouseholdIsEnrolledInPkhAndAnnouncedOnce() {
        String household = registered();

        List<Map<String, Object>> enrollments = awaitEnrollments(household, l -> l.size() == 1);
        assertEquals("PKH", enrollments.get(0).get("programme"));
        assertEquals("ACTIVE", enrollments.get(0).get("status"));

        List<TestKafka.Event> activated = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> household.equals(e.key())),
                l -> !l.isEmpty());
        assertEquals(EventType.ENROLLMENT_ACTIVATED.type(), activated.get(0).type());
        assertEquals(enrollments.get(0).get("id"), activated.get(0).value().replaceAll(".*\"enrollmentId\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void graduationEndsEveryActiveEnrollmentAndAnnouncesIt() {
        String household = registered();
        awaitEnrollments(household, l -> l.size() == 1);

        decide(household, "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK");

        List<Map<String, Object>> ended = awaitEnrollments(household, l -> "EXITED".equals(l.get(0).get("status")));
        assertEquals("GRADUATED", ended.get(0).get("exitReason"));
        assertEquals(LocalDate.now().toString(), ended.get(0).get("endedOn"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> household.equals(e.key())).stream()
                        .filter(e -> EventType.ENROLLMENT_ENDED.type().equals(e.type()))
                        .map(e -> e.value().contains("\"reason\":\"GRADUATED\"")).toList(),
                l -> l.equals(List.of(true)));
    }

    @Test
    void anAdministrativeExitEndsEnrollmentsWithItsReason() {
        String household = registered();
        awaitEnrollments(household, l -> l.size() == 1);

        decide(household, "ADMINISTRATIVE_EXIT", "DECEASED");

        List<Map<String, Object>> ended = awaitEnrollments(household, l -> "EXITED".equals(l.get(0).get("status")));
        assertEquals("DECEASED", ended.get(0).get("exitReason"));
    }

    @Test
    void aRevertedGraduationGivesBackTheEnrollmentsItEnded() {
        String household = registered();
        awaitEnrollments(household, l -> l.size() == 1);
        UUID decision = decide(household, "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK");
        awaitEnrollments(household, l -> "EXITED".equals(l.get(0).get("status")));

        // A reversal names the decision it undoes.
        AssistanceTestSupport.publishReverted(new GraduationReverted(decision, UUID.fromString(household), "64.72.01.1001",
                "GRADUASI_MANDIRI", "RELAPSE", LocalDate.now()));

        List<Map<String, Object>> reopened = awaitEnrollments(household, l -> "ACTIVE".equals(l.get(0).get("status")));
        assertEquals(1, reopened.size());
        assertNull(reopened.get(0).get("exitReason"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> household.equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(),
                types -> types.equals(List.of(EventType.ENROLLMENT_ACTIVATED.type(), EventType.ENROLLMENT_ENDED.type(),
                        EventType.ENROLLMENT_ACTIVATED.type())));
    }

    @Test
    void aRelapseTheRegistryRecordsReopensOnceThroughGraduationsReversal() {
        String household = registered();
        awaitEnrollments(household, l -> l.size() == 1);
        UUID decision = decide(household, "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK");
        awaitEnrollments(household, l -> "EXITED".equals(l.get(0).get("status")));

        // An officer records the relapse in the registry; graduation-service answers it with the reversal, the one
        // event assistance re-opens on (CausalOrderTest: the registry's relapse alone re-opens nothing).
        TestKafka.publish(new HouseholdStatusChanged(UUID.fromString(household), "64.72.01.1001", "GRADUATED",
                "ACTIVE", "RELAPSE", Instant.now()));
        AssistanceTestSupport.publishReverted(new GraduationReverted(decision, UUID.fromString(household),
                "64.72.01.1001", "GRADUASI_MANDIRI", "RELAPSE", LocalDate.now()));

        awaitEnrollments(household, l -> "ACTIVE".equals(l.get(0).get("status")));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("status"), "ACTIVE"::equals);
        await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> household.equals(e.key())).stream()
                        .map(TestKafka.Event::type).toList(),
                types -> types.equals(List.of(EventType.ENROLLMENT_ACTIVATED.type(), EventType.ENROLLMENT_ENDED.type(),
                        EventType.ENROLLMENT_ACTIVATED.type())));
    }

    @Test
    void aHouseholdTheRegistryExitsLeavesItsProgrammes() {
        String household = registered();
        awaitEnrollments(household, l -> l.size() == 1);

        TestKafka.publish(new HouseholdStatusChanged(UUID.fromString(household), "64.72.01.1001", "ACTIVE",
                "EXITED", "MOVED", Instant.now()));

        List<Map<String, Object>> ended = awaitEnrollments(household, l -> "EXITED".equals(l.get(0).get("status")));
        assertEquals("MOVED", ended.get(0).get("exitReason"));
    }

    @Test
    void aDecisionReadBeforeTheRegistrationIsNeverFollowedByANewEnrollment() {
        UUID household = UUID.randomUUID();
        decide(household.toString(), "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("status"), "GRADUATED"::equals);

        TestKafka.publish(new HouseholdRegistered(household, "64.72.01.1001", 4, LocalDate.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("memberCount"), Integer.valueOf(4)::equals);

        assertTrue(given().queryParam("householdId", household).get("/api/v1/enrollments")
                .then().statusCode(200).extract().<List<Object>>path("$").isEmpty());
    }

    /** A household with a toddler: PKH's early-childhood component makes it eligible. */
    private static String registered() {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, "64.72.01.1001", 4, LocalDate.now()));
        TestKafka.publish(new MemberAdded(household, UUID.randomUUID(), "CHILD", "F", LocalDate.now().minusYears(2),
                null, false, false, false, LocalDate.now()));
        return household.toString();
    }

    private static UUID decide(String household, String pathway, String reason) {
        UUID decision = UUID.randomUUID();
        AssistanceTestSupport.publishDecided(new GraduationDecided(decision, UUID.fromString(household), "64.72.01.1001",
                pathway, reason, LocalDate.now()));
        return decision;
    }

    private static List<Map<String, Object>> awaitEnrollments(String household,
            java.util.function.Predicate<List<Map<String, Object>>> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> given().queryParam("householdId", household).get("/api/v1/enrollments")
                        .then().statusCode(200).extract().<List<Map<String, Object>>>path("$"),
                l -> !l.isEmpty() && condition.test(l));
    }
}
