package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.awaitFacts;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.MemberRemoved;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The facts of households (the registry's registrations, members and observations, assistance's enrollments) arrive
 * in backlogs, and the consumer records a run of them together, in a few statements: the outcome must be the one
 * of applying them one by one, in their order.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class RegistryFactsTest {

    private static final String VILLAGE = "64.72.01.1001";

    @Test
    void aBurstOfRegistrationsMembersAndObservationsIsRecordedAsOneByOne() {
        UUID household = UUID.randomUUID();
        UUID child = UUID.randomUUID();
        UUID leaving = UUID.randomUUID();
        LocalDate day = today().minusDays(10);
        // Published back to back: the consumer polls them together.
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 2, today().minusDays(400), 1L));
        TestKafka.publish(member(household, child, today().minusYears(9), false, 2L));
        TestKafka.publish(member(household, leaving, today().minusYears(40), false, 3L));
        TestKafka.publish(observation(household, day, 500_000, 4L));
        TestKafka.publish(new MemberRemoved(household, leaving, "MOVED", today(), 5L));
        TestKafka.publish(member(household, child, today().minusYears(9), true, 6L)); // corrected: at school
        TestKafka.publish(observation(household, day, 900_000, 7L)); // the same day observed again
        // Announced again (a re-sent registration): the day is taken, the village stays the first one heard.
        TestKafka.publish(new HouseholdRegistered(household, "64.72.02.1001", 2, today().minusDays(300), 8L));
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "REGISTERED", "VERIFIED",
                "FIELD_VERIFICATION", Instant.now(), 9L, null));

        awaitFacts(household, "registryStatus", "VERIFIED");
        given().get("/api/v1/households/" + household + "/readiness").then().statusCode(200)
                .body("villageCode", equalTo(VILLAGE))
                .body("registeredOn", equalTo(today().minusDays(300).toString()))
                .body("facts.members.size()", equalTo(1))
                .body("facts.members[0].relationship", equalTo("CHILD"))
                .body("facts.members[0].schoolEnrolled", equalTo(true))
                .body("facts.observations.size()", equalTo(1))
                .body("facts.observations[0].expenditurePerCapitaMonth", equalTo(900_000));

        // A registration older than the revision applied (the status change's) changes nothing.
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 2, today().minusDays(999), 2L));
        TestKafka.publish(member(household, UUID.randomUUID(), today().minusYears(30), false, 10L));
        awaitFacts(household, "facts.members.size()", 2);
        given().get("/api/v1/households/" + household + "/readiness").then()
                .body("registeredOn", equalTo(today().minusDays(300).toString()));
    }

    @Test
    void newFactsOfAnActiveHouseholdHaveItEvaluatedAgain() {
        UUID household = Households.active(VILLAGE, today().minusDays(400));
        awaitFacts(household, "evaluationPending", false);
        String before = lastEvaluation(household);
        TestKafka.publish(member(household, UUID.randomUUID(), today().minusYears(40), false, null));
        TestKafka.publish(observation(household, today(), 900_000, null));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            String now = lastEvaluation(household);
            return now != null && !now.equals(before);
        });
        given().get("/api/v1/households/" + household + "/readiness").then()
                .body("facts.members.size()", equalTo(1)).body("facts.observations.size()", equalTo(1))
                .body("decisionStatus", nullValue());
    }

    @Test
    void aBurstOfEnrollmentsIsRecordedTogetherAndTheActiveOnesCounted() {
        UUID household = UUID.randomUUID();
        UUID pkh = UUID.randomUUID();
        UUID kube = UUID.randomUUID();
        UUID rtlh = UUID.randomUUID();
        LocalDate started = today().minusMonths(6);
        // Published back to back, the enrollments before the registration: the consumer polls them together.
        TestKafka.publish(new EnrollmentActivated(pkh, household, "PKH", VILLAGE, started));
        TestKafka.publish(new EnrollmentActivated(kube, household, "KUBE", VILLAGE, started));
        TestKafka.publish(new EnrollmentEnded(pkh, household, "PKH", "GRADUATED", today().minusDays(5)));
        // An activation dated before the end (an older event heard late): the end stays, the day is the last heard.
        TestKafka.publish(new EnrollmentActivated(pkh, household, "PKH", VILLAGE, started.plusDays(1)));
        TestKafka.publish(new EnrollmentEnded(rtlh, household, "RTLH", "MOVED", today().minusDays(1)));
        TestKafka.publish(new EnrollmentActivated(rtlh, household, "RTLH", VILLAGE, started));
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 2, today().minusDays(400), 1L));

        awaitFacts(household, "registryStatus", "REGISTERED");
        awaitFacts(household, "facts.enrollments.size()", 3);
        given().get("/api/v1/households/" + household + "/readiness").then().statusCode(200)
                .body("activeEnrollments", equalTo(1))
                .body("villageCode", equalTo(VILLAGE))
                .body("facts.enrollments.findAll { it.status == 'ACTIVE' }.programme", equalTo(List.of("KUBE")))
                .body("facts.enrollments.find { it.programme == 'PKH' }.activatedOn",
                        equalTo(started.plusDays(1).toString()))
                .body("facts.enrollments.find { it.programme == 'RTLH' }.status", equalTo("ENDED"));

        TestKafka.publish(new EnrollmentEnded(kube, household, "KUBE", "INELIGIBLE", today()));
        awaitFacts(household, "activeEnrollments", 0);
        // Activated again on the day it ended (as when a graduation is reversed): active again.
        TestKafka.publish(new EnrollmentActivated(kube, household, "KUBE", VILLAGE, today()));
        awaitFacts(household, "activeEnrollments", 1);
        given().get("/api/v1/households/" + household + "/readiness").then()
                .body("facts.enrollments.find { it.programme == 'KUBE' }.status", equalTo("ACTIVE"));
    }

    @Test
    void aCaseStatusIsTheLastCaseEventHeardAndStaysWhenTheRegistrationFollows() {
        UUID household = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        // Back to back, before the registration: the consumer polls them together and the view is created by them.
        TestKafka.publish(new CaseOpened(caseId, household, VILLAGE, Instant.now()));
        TestKafka.publish(new CaseMonitoringStarted(caseId, household, today().plusMonths(6)));
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 2, today().minusDays(400), 1L));

        awaitFacts(household, "registryStatus", "REGISTERED");
        given().get("/api/v1/households/" + household + "/readiness").then().statusCode(200)
                .body("caseStatus", equalTo("MONITORING"));

        TestKafka.publish(new CaseClosed(caseId, household, "MONITORING_ENDED", Instant.now()));
        awaitFacts(household, "caseStatus", "CLOSED");
    }

    private static String lastEvaluation(UUID household) {
        return given().get("/api/v1/households/" + household + "/readiness").then().extract()
                .path("lastEvaluationId");
    }

    private static MemberAdded member(UUID household, UUID member, LocalDate born, boolean atSchool, Long revision) {
        return new MemberAdded(household, member, born.isAfter(today().minusYears(18)) ? "CHILD" : "HEAD", "F", born,
                "SD", atSchool, false, false, today().minusYears(1), revision);
    }

    private static HouseholdUpdated observation(UUID household, LocalDate on, long expenditure, Long revision) {
        return new HouseholdUpdated(household, VILLAGE, on, expenditure + 100_000, expenditure, 2, 500_000, true, 3,
                new BigDecimal("9.00"), "CEMENT", "PLASTERED_BRICK", "GOOD", "GOOD", "PIPED", "OWN_TOILET",
                "PLN_METERED", List.of("SMARTPHONE"), revision);
    }
}
