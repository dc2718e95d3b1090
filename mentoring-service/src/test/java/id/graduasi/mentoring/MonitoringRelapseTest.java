package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.asWorker;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCaseEvents;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.caseEvents;
import static id.graduasi.mentoring.MentoringTestSupport.createWorker;
import static id.graduasi.mentoring.MentoringTestSupport.freshDistrict;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static id.graduasi.mentoring.MentoringTestSupport.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.GraduationReverted;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class MonitoringRelapseTest {

    @Test
    void anAssessmentBelowTheThresholdDuringMonitoringSuspectsARelapse() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        // While the case is OPEN a low score is just a low score.
        assess(username, household, 40, 50).then().statusCode(201).body("relapseSuspected",
                org.hamcrest.Matchers.equalTo(false));
        graduate(household, district + ".1001");

        assess(username, household, 80, 70).then().statusCode(201)
                .body("relapseSuspected", org.hamcrest.Matchers.equalTo(false))
                .body("caseStatus", org.hamcrest.Matchers.equalTo("MONITORING"));
        String low = assess(username, household, 55, 40).then().statusCode(201)
                .body("relapseSuspected", org.hamcrest.Matchers.equalTo(true))
                .body("meanScore", org.hamcrest.Matchers.equalTo(47.5f))
                .extract().path("id");

        List<TestKafka.Event> relapses = awaitCaseEvents(household, EventType.RELAPSE_SUSPECTED, 1);
        List<TestKafka.Event> assessed = awaitCaseEvents(household, EventType.ASSESSMENT_RECORDED, 3);
        assertEquals(1, relapses.size());
        String relapse = relapses.get(0).value();
        assertTrue(relapse.contains("\"assessmentId\":\"" + low + "\"") && relapse.contains("\"score\":47")
                && relapse.contains("\"threshold\":60"), relapse);
        assertTrue(assessed.get(2).value().contains("{\"criterion\":\"SAVINGS\",\"score\":55}"), assessed.get(2).value());
        assertFalse(caseEvents(household).stream().anyMatch(e -> e.value().contains("tabungan")), "evidence leaked");
        // The case stays under monitoring: graduation decides whether to revert.
        assertEquals("MONITORING", awaitCase(household, c -> true).get("status"));
        assertEquals(List.of(low), given().get("/api/v1/households/" + household + "/assessments").then()
                .statusCode(200).extract().<List<String>>path("findAll { it.relapseSuspected }.id"));
    }

    @Test
    void aRevertedGraduationReopensTheCaseWithItsWorker() {
        String district = freshDistrict();
        String worker = createWorker(uniqueUsername("pendamping"), 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        UUID decision = graduate(household, district + ".1001");

        // A reversal names the decision it undoes.
        MentoringTestSupport.publishReverted(new GraduationReverted(decision, household, district + ".1001", "GRADUASI_MANDIRI",
                "RELAPSE", today()));

        Map<String, Object> reopened = awaitCase(household, c -> "OPEN".equals(c.get("status")));
        assertNull(reopened.get("monitoringUntil"));
        assertEquals(worker, reopened.get("workerId"));
        awaitCaseEvents(household, EventType.CASE_OPENED, 2);
        assertEquals(List.of(EventType.CASE_OPENED.type(), EventType.WORKER_ASSIGNED.type(),
                        EventType.CASE_MONITORING_STARTED.type(), EventType.CASE_OPENED.type()),
                caseEvents(household).stream().map(TestKafka.Event::type).toList());
    }

    @Test
    void aRecommendationNeedsAPathwayWhenReadyAndReasonsWhenNot() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        String worker = createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);

        recommend(username, household, Map.of("ready", true, "recommendedOn", today().toString()))
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("pathway"));
        recommend(username, household, Map.of("ready", false, "recommendedOn", today().toString()))
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("reasonCodes"));
        recommend(username, household, Map.of("ready", false, "reasonCodes", List.of("savings"),
                "recommendedOn", today().toString()))
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("reasonCodes[0]"));
        recommend(username, household, Map.of("ready", false, "reasonCodes", List.of("SAVINGS", "BUSINESS_SUSTAINED"),
                "notes", "belum ada tabungan", "recommendedOn", today().toString())).then().statusCode(201);
        recommend(username, household, Map.of("ready", true, "pathway", "GRADUASI_MANDIRI",
                "recommendedOn", today().toString())).then().statusCode(201);

        List<TestKafka.Event> events = awaitCaseEvents(household, EventType.GRADUATION_RECOMMENDED, 2);
        String notYet = events.get(0).value();
        assertTrue(notYet.contains("\"ready\":false") && notYet.contains("\"reasonCodes\":[\"SAVINGS\",\"BUSINESS_SUSTAINED\"]")
                && notYet.contains("\"workerId\":\"" + worker + "\"") && !notYet.contains("tabungan"), notYet);
        assertTrue(events.get(1).value().contains("\"pathway\":\"GRADUASI_MANDIRI\""));

        graduate(household, district + ".1001");
        recommend(username, household, Map.of("ready", true, "pathway", "GRADUASI_MANDIRI",
                "recommendedOn", today().toString())).then().statusCode(409);
    }

    @Test
    void badAssessmentsAreProblemsNamingTheField() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);

        asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 101))))
                .post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("scores[0].score"));
        asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 50), Map.of("criterion", "SAVINGS", "score", 60))))
                .post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("scores[1].criterion"));
        asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(
                        Map.of("criterion", "WEALTH", "score", 50))))
                .post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(400).contentType("application/problem+json");
        asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 50))))
                .post("/api/v1/households/" + UUID.randomUUID() + "/assessments")
                .then().statusCode(404);
    }

    @Test
    void anActionPlanGoalMovesThroughItsStatusesUntilAchieved() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);

        String goal = asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("kind", "OPEN_SAVINGS", "description", "buka rekening di bank desa",
                        "targetDate", today().plusMonths(3).toString()))
                .post("/api/v1/households/" + household + "/goals")
                .then().statusCode(201).body("status", org.hamcrest.Matchers.equalTo("PLANNED")).extract().path("id");
        for (String status : List.of("IN_PROGRESS", "ACHIEVED")) {
            asWorker(username).contentType(ContentType.JSON).body(Map.of("status", status))
                    .put("/api/v1/goals/" + goal + "/status")
                    .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo(status));
        }
        asWorker(username).contentType(ContentType.JSON).body(Map.of("status", "IN_PROGRESS"))
                .put("/api/v1/goals/" + goal + "/status").then().statusCode(409);
        assertEquals(List.of("ACHIEVED"), given().get("/api/v1/households/" + household + "/goals")
                .then().statusCode(200).extract().path("status"));
    }

    @Test
    void aResentAssessmentRecommendationOrGoalWithItsIdempotencyKeyIsRecordedOnce() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        Map<String, Object> assessment = Map.of("assessedOn", today().toString(), "scores", List.of(
                Map.of("criterion", "SAVINGS", "score", 70)));
        String key = UUID.randomUUID().toString();

        String first = asWorker(username).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(assessment).post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(201).extract().path("id");
        // The answer was lost; the app sends the same request again under the same key.
        asWorker(username).header("Idempotency-Key", key).contentType(ContentType.JSON).body(assessment)
                .post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", org.hamcrest.Matchers.equalTo(first));
        // The same key for another request is refused.
        asWorker(username).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 20))))
                .post("/api/v1/households/" + household + "/assessments")
                .then().statusCode(422).body("errors[0].field", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
        Map<String, Object> recommendation = Map.of("ready", false, "reasonCodes", List.of("SAVINGS"),
                "recommendedOn", today().toString());
        Map<String, Object> goal = Map.of("kind", "OPEN_SAVINGS");
        for (int i = 0; i < 2; i++) {
            recommend(username, household, recommendation, "rec-" + key).then().statusCode(201);
            asWorker(username).header("Idempotency-Key", "goal-" + key).contentType(ContentType.JSON).body(goal)
                    .post("/api/v1/households/" + household + "/goals").then().statusCode(201);
        }

        assertEquals(List.of(first), given().get("/api/v1/households/" + household + "/assessments")
                .then().statusCode(200).extract().path("id"));
        assertEquals(1, given().get("/api/v1/households/" + household + "/graduation-recommendations")
                .then().statusCode(200).extract().<List<?>>path("").size());
        assertEquals(1, given().get("/api/v1/households/" + household + "/goals")
                .then().statusCode(200).extract().<List<?>>path("").size());
        assertEquals(1, awaitCaseEvents(household, EventType.ASSESSMENT_RECORDED, 1).size());
        assertEquals(1, awaitCaseEvents(household, EventType.GRADUATION_RECOMMENDED, 1).size());
    }

    private static UUID graduate(UUID household, String village) {
        UUID decision = UUID.randomUUID();
        MentoringTestSupport.publishDecided(new GraduationDecided(decision, household, village, "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", today()));
        awaitCase(household, c -> "MONITORING".equals(c.get("status")));
        return decision;
    }

    private static io.restassured.response.Response assess(String username, UUID household, int savings, int income) {
        return asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "notes", "kunjungan rutin", "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", savings, "evidence", "buku tabungan dilihat"),
                        Map.of("criterion", "INCOME_SOURCES", "score", income))))
                .post("/api/v1/households/" + household + "/assessments");
    }

    private static io.restassured.response.Response recommend(String username, UUID household,
            Map<String, Object> body) {
        return asWorker(username).contentType(ContentType.JSON).body(body)
                .post("/api/v1/households/" + household + "/graduation-recommendations");
    }

    private static io.restassured.response.Response recommend(String username, UUID household,
            Map<String, Object> body, String idempotencyKey) {
        return asWorker(username).header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON).body(body)
                .post("/api/v1/households/" + household + "/graduation-recommendations");
    }
}
