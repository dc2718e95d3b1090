package id.graduasi.graduation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class GraduationDecisionTest {

    private static final String VILLAGE = "64.72.01.1001";

    @Test
    void anActiveMentoredHouseholdGraduatesAndTheDecisionIsAnnounced() {
        UUID household = registered();
        activate(household);
        TestKafka.publish(new CaseOpened(UUID.randomUUID(), household, VILLAGE, Instant.now()));
        awaitReadiness(household, "caseStatus", "OPEN");

        String decisionId = decide(household, "GRADUASI_MANDIRI").then().statusCode(201)
                .body("pathway", equalTo("GRADUASI_MANDIRI"))
                .body("decidedOn", equalTo(LocalDate.now(java.time.ZoneOffset.UTC).toString()))
                .extract().path("id");

        List<TestKafka.Event> events = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key())),
                l -> !l.isEmpty());
        assertEquals(EventType.GRADUATION_DECIDED.type(), events.get(0).type());
        assertTrue(events.get(0).value().contains(decisionId));
        given().get("/api/v1/households/" + household + "/graduation-decisions")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo(decisionId));
    }

    @Test
    void concurrentProposalsForOneHouseholdDecideOnceAndARelapseOpensItAgain() throws Exception {
        UUID household = registered();
        activate(household);
        TestKafka.publish(new CaseOpened(UUID.randomUUID(), household, VILLAGE, Instant.now()));
        awaitReadiness(household, "caseStatus", "OPEN");

        var pool = Executors.newFixedThreadPool(4);
        List<Integer> codes = new ArrayList<>();
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> decide(household, "GRADUASI_MANDIRI").statusCode()));
            }
            for (Future<Integer> call : calls) {
                codes.add(call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Collections.sort(codes);
        assertEquals(List.of(201, 409, 409, 409), codes);
        decide(household, "GRADUASI_MANDIRI").then().statusCode(409)
                .body("detail", containsString("already been decided GRADUATED"));

        // The registry reports the household graduated, then a relapse: it may graduate again.
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_MANDIRI",
                Instant.now()));
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE",
                Instant.now()));
        awaitReadiness(household, "registryStatus", "ACTIVE");
        assertNull(given().get("/api/v1/households/" + household + "/readiness").then().extract()
                .<String>path("decisionStatus"));
        String location = decide(household, "GRADUASI_MANDIRI").then().statusCode(201).extract().header("Location");
        given().get(location).then().statusCode(200).body("householdId", equalTo(household.toString()));
        List<TestKafka.Event> announced = await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key())),
                l -> l.size() >= 2);
        assertEquals(2, announced.size(), "one announcement per decision, none for the refused proposals");
    }

    @Test
    void aHouseholdThatIsNotReadyIsRefusedWithTheReasonsInWords() {
        UUID household = registered();
        awaitReadiness(household, "registryStatus", "REGISTERED");

        decide(household, "GRADUASI_MANDIRI").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("REGISTERED, not ACTIVE"))
                .body("detail", containsString("no social worker's case"));
        assertTrue(TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key())).isEmpty());
    }

    @Test
    void anEnrollmentHeardBeforeTheRegistrationIsKeptAndTheViewCompletesLater() {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new EnrollmentActivated(UUID.randomUUID(), household, "PKH", VILLAGE, LocalDate.now()));
        awaitReadiness(household, "activeEnrollments", 1);

        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 3, LocalDate.now()));
        awaitReadiness(household, "registryStatus", "REGISTERED");
        given().get("/api/v1/households/" + household + "/readiness").then().body("activeEnrollments", equalTo(1));
    }

    @Test
    void badDecisionRequestsAreProblemsNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"householdId\": \"" + UUID.randomUUID() + "\", \"pathway\": \"RICH\"}")
                .post("/api/v1/graduation-decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("pathway"));
        given().contentType(ContentType.JSON).body("{\"pathway\": \"GRADUASI_MANDIRI\"}")
                .post("/api/v1/graduation-decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("householdId"));
        decide(UUID.randomUUID(), "GRADUASI_MANDIRI").then().statusCode(404).contentType("application/problem+json");
    }

    private static UUID registered() {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, VILLAGE, 4, LocalDate.now()));
        return household;
    }

    private static void activate(UUID household) {
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "VERIFIED", "ACTIVE", null, Instant.now()));
        awaitReadiness(household, "registryStatus", "ACTIVE");
    }

    private static io.restassured.response.Response decide(UUID household, String pathway) {
        return given().contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + household + "\", \"pathway\": \"" + pathway + "\", \"reasonCode\": \"EKONOMI_MEMBAIK\"}")
                .post("/api/v1/graduation-decisions");
    }

    private static void awaitReadiness(UUID household, String field, Object value) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> given().get("/api/v1/households/" + household + "/readiness").then().extract().path(field),
                value::equals);
    }
}
