package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.WELL_OFF;
import static id.graduasi.graduation.Households.as;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class EvaluationTest {

    private static final String KALTIM = "64.72.01.1001";

    @Test
    void aHouseholdMeetingEveryMandiriGateIsFoundMetAutomaticallyFromTheOtherServicesEvents() {
        UUID household = Households.readyForMandiri(KALTIM);

        // No one asked: the events marked the household dirty and the worker evaluated it.
        Households.awaitFacts(household, "evaluationPending", false);
        Households.awaitFacts(household, "metPathway", "GRADUASI_MANDIRI");
        String evaluationId = given().get("/api/v1/households/" + household + "/readiness").then()
                .extract().path("lastEvaluationId");
        JsonPath evaluation = given().get("/api/v1/evaluations/" + evaluationId).then().statusCode(200)
                .body("trigger", equalTo("EVENT"))
                .body("snapshot.observations.size()", equalTo(7))
                .extract().jsonPath();
        Map<String, Object> mandiri = evaluation.getMap("result.pathways.find { it.pathway == 'GRADUASI_MANDIRI' }");
        assertEquals(true, mandiri.get("met"));
        List<Map<String, Object>> gates = evaluation.getList(
                "result.pathways.find { it.pathway == 'GRADUASI_MANDIRI' }.gates");
        assertEquals(List.of("REGISTRY_ACTIVE", "EXPENDITURE_ABOVE_POVERTY_LINE", "SCHOOL_AGE_CHILDREN_ENROLLED",
                "NO_DUPLICATE_AID"), gates.stream().map(g -> g.get("code")).toList());
        assertTrue(gates.stream().allMatch(g -> Boolean.TRUE.equals(g.get("passed"))), gates.toString());
        assertEquals("6 of 6 months at or above the poverty line", gates.get(1).get("value"));
        // Indicators say yes (100), the worker scored 80: every weighted criterion scores 90, P2K2 (4 of 5) 100.
        List<Integer> scores = evaluation.getList(
                "result.pathways.find { it.pathway == 'GRADUASI_MANDIRI' }.criteria.score");
        assertEquals(List.of(90, 90, 90, 90, 90, 90, 100), scores);
        assertEquals(0.9111f, ((Number) mandiri.get("readiness")).floatValue(), 0.0001);
        // A school child remains a PKH component: natural graduation is not met, and says why.
        assertEquals(false, evaluation.get("result.pathways.find { it.pathway == 'GRADUASI_ALAMIAH' }.met"));
        assertTrue(evaluation.<String>getList("result.pathways.find { it.pathway == 'GRADUASI_ALAMIAH' }.whyNotYet")
                .get(0).contains("PKH components remain: PRIMARY_SCHOOL (a member aged 10)"));
    }

    @Test
    void everyFailingMandiriGateIsExplainedInWordsAnOfficerCanRead() {
        UUID household = Households.active(KALTIM, today().minusDays(300));
        Households.member(household, 38, "SD", false);
        Households.member(household, 12, "SD", false);
        Households.enrolled(household, KALTIM, "PKH");
        Households.enrolled(household, KALTIM, "PKH");
        for (int i = 0; i <= 6; i++) {
            Households.observed(household, KALTIM, today().minusMonths(i), i < 2 ? 612_000 : WELL_OFF, true);
        }
        Households.awaitFacts(household, "facts.observations.size()", 7);
        Households.awaitFacts(household, "facts.members.size()", 2);
        Households.awaitFacts(household, "activeEnrollments", 2);

        JsonPath result = Households.evaluate(household).then().statusCode(201).extract().jsonPath();
        String mandiri = "result.pathways.find { it.pathway == 'GRADUASI_MANDIRI' }";
        assertEquals(false, result.get(mandiri + ".met"));
        assertEquals(List.of(true, false, false, false), result.getList(mandiri + ".gates.passed"));
        List<String> why = result.getList(mandiri + ".whyNotYet");
        assertTrue(why.get(0).startsWith("Per-capita expenditure Rp 612.000 (observed " + today() + ") is below the "
                + "Kalimantan Timur poverty line Rp 897.759 (September 2025) in 2 of the last 6 months."), why.get(0));
        assertEquals("1 of 1 school-age children (7–18) is not enrolled in school (aged 12).", why.get(1));
        assertEquals("The household has 2 active enrollments in PKH (duplicate aid).", why.get(2));
        // The weighted criteria still pass on the indicators (0.89 of 0.70), except P2K2: no session recorded.
        assertEquals(3, why.size(), why.toString());
        assertEquals(0.8889f, result.getFloat(mandiri + ".readiness"), 0.0001);
        assertEquals(Map.of("code", "P2K2_ATTENDANCE", "passed", false, "value", "no evidence", "weight", 1,
                "score", 0, "explanation", "No P2K2 family session has been recorded in the last 12 months."),
                result.getMap(mandiri + ".criteria.find { it.code == 'P2K2_ATTENDANCE' }"));
    }

    @Test
    void naturalGraduationIsMetWhenNoPkhComponentRemainsAndNotWhileAToddlerLives() {
        UUID adults = Households.readyForAlamiah(KALTIM, today().minusDays(200));
        Households.evaluate(adults).then().statusCode(201).body("metPathway", equalTo("GRADUASI_ALAMIAH"));

        UUID withToddler = Households.readyForAlamiah(KALTIM, today().minusDays(200));
        Households.member(withToddler, 4, null, false);
        Households.awaitFacts(withToddler, "facts.members.size()", 3);
        Households.evaluate(withToddler).then().statusCode(201).body("metPathway", nullValue())
                .body("result.pathways.find { it.pathway == 'GRADUASI_ALAMIAH' }.whyNotYet",
                        hasItem("PKH components remain: EARLY_CHILDHOOD (a member aged 4)."));
    }

    @Test
    void anEvaluationReplaysToItsStoredResultUnderItsOwnCriteriaVersionAfterTheCriteriaChange() throws Exception {
        UUID household = Households.readyForMandiri(KALTIM);
        JsonPath before = Households.evaluate(household).then().statusCode(201)
                .body("metPathway", equalTo("GRADUASI_MANDIRI")).extract().jsonPath();
        int oldVersion = before.getInt("criteriaVersionId");
        String original;
        try (var in = getClass().getClassLoader().getResourceAsStream("criteria/pathways-v1.json")) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // A stricter policy: readiness must reach 0.95.
        String stricter = original.replace("\"version\": \"2026.1\"", "\"version\": \"2026.2-test\"")
                .replace("\"passingReadiness\": 0.7", "\"passingReadiness\": 0.95");
        assertNotEquals(original, stricter);
        try {
            int newVersion = as("kepala-dinas").contentType(ContentType.JSON)
                    .body(stricter).post("/api/v1/criteria-versions")
                    .then().statusCode(201).body("label", equalTo("2026.2-test")).extract().path("id");
            assertNotEquals(oldVersion, newVersion);

            JsonPath after = Households.evaluate(household).then().statusCode(201)
                    .body("criteriaVersionId", equalTo(newVersion))
                    .body("metPathway", nullValue()).extract().jsonPath();
            assertTrue(after.<String>getList("result.pathways.find { it.pathway == 'GRADUASI_MANDIRI' }.whyNotYet")
                    .contains("Readiness 0.91 is below the 0.95 required for GRADUASI_MANDIRI."));

            // The earlier evaluation keeps its version, and replays to exactly what it stored.
            given().get("/api/v1/evaluations/" + before.getString("id")).then()
                    .body("criteriaVersionId", equalTo(oldVersion));
            given().post("/api/v1/evaluations/" + before.getString("id") + "/replay").then().statusCode(200)
                    .body("criteriaVersionId", equalTo(oldVersion))
                    .body("identical", equalTo(true))
                    .body("replayed.metPathway", equalTo("GRADUASI_MANDIRI"));
            given().post("/api/v1/evaluations/" + after.getString("id") + "/replay").then().statusCode(200)
                    .body("identical", equalTo(true)).body("replayed.metPathway", nullValue());
        } finally {
            // The same document again is the same version, made current again (no new version).
            as("kepala-dinas").contentType(ContentType.JSON).body(original)
                    .post("/api/v1/criteria-versions").then().statusCode(201).body("id", equalTo(oldVersion));
        }
        given().get("/api/v1/criteria-versions/current").then().body("id", equalTo(oldVersion));
    }

    @Test
    void aBatchJobEvaluatesTheActiveHouseholdsOfARegionAndReportsItsProgress() {
        String region = "65.03";
        for (int i = 0; i < 7; i++) {
            Households.readyForAlamiah("65.03.01.100" + i, today().minusDays(100));
        }
        Households.registered("65.03.02.1001", today()); // not ACTIVE: not evaluated
        String location = as("ani").contentType(ContentType.JSON)
                .body("{\"regionPrefix\": \"" + region + "\"}").post("/api/v1/evaluation-jobs")
                .then().statusCode(202).body("total", equalTo(7)).extract().header("Location");
        Households.awaitValue(location, "status", "DONE"::equals);
        given().get(location).then().body("done", equalTo(7)).body("met", equalTo(7));
    }

    @Test
    void criteriaDocumentsThatCannotBeUsedAreProblemsNamingTheField() {
        as("kepala-dinas").contentType(ContentType.JSON)
                .body("{\"version\": \"x\", \"pathways\": [{\"pathway\": \"GRADUASI_MANDIRI\", \"gates\": "
                        + "[{\"code\": \"LUCKY\"}]}]}")
                .post("/api/v1/criteria-versions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("pathways[0].gates[0].code"));
        as("kepala-dinas").contentType(ContentType.JSON)
                .body("{\"version\": \"x\", \"pathways\": [{\"pathway\": \"RICH\"}]}")
                .post("/api/v1/criteria-versions").then().statusCode(400)
                .body("errors[0].field", equalTo("pathways[0].pathway"));
        Households.evaluate(UUID.randomUUID()).then().statusCode(404);
        given().post("/api/v1/evaluations/" + UUID.randomUUID() + "/replay").then().statusCode(404);
        given().get("/api/v1/criteria-versions").then().statusCode(200).body("label", not(hasItem("x")));
        given().get("/api/v1/evaluations/not-a-uuid").then().statusCode(404);
    }

}
