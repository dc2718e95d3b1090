package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** What region scopes and a partner's programmes do to statistics, lists, jobs and a social worker's reads. */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class RegionScopeTest {

    /** Two regencies no other test uses, so their figures are exactly this test's decisions. */
    private static final String NORTH = "65.05";
    private static final String SOUTH = "65.06";

    @Test
    void statisticsCountOnlyTheCallersRegionsAndAPartnersProgrammes() {
        // NORTH: a (PKH) and b (KUBE) graduate; SOUTH: c (PKH) graduates.
        UUID a = Households.readyForAlamiah(NORTH + ".01.1001", today().minusDays(100));
        UUID b = Households.readyForAlamiah(NORTH + ".02.1001", today().minusDays(100));
        UUID c = Households.readyForAlamiah(SOUTH + ".01.1001", today().minusDays(100));
        Households.enrolled(a, NORTH + ".01.1001", "PKH");
        Households.enrolled(b, NORTH + ".02.1001", "KUBE");
        Households.enrolled(c, SOUTH + ".01.1001", "PKH");
        for (UUID h : new UUID[] {a, b, c}) {
            Households.awaitFacts(h, "activeEnrollments", 1);
            Households.graduate(h, "GRADUASI_ALAMIAH");
        }

        // An officer of NORTH, asking about the province: NORTH's households only.
        RequestSpecification north = as("officer-north", Set.of(Roles.OFFICER), Set.of(NORTH), Set.of());
        north.get("/api/v1/statistics/graduations?groupBy=region&region=65").then().statusCode(200)
                .body("groups.group", equalTo(java.util.List.of(NORTH))).body("total.households", equalTo(2))
                .body("total.graduated", equalTo(2));
        as("officer-north", Set.of(Roles.OFFICER), Set.of(NORTH), Set.of())
                .get("/api/v1/statistics/graduations?groupBy=pathway&region=" + SOUTH).then().statusCode(200)
                .body("total.households", equalTo(0)).body("total.graduated", equalTo(0));

        // A partner granted both regencies and PKH: only PKH households count, whatever the grouping.
        String byProgramme = as("partner-pkh", Set.of(Roles.PARTNER), Set.of(NORTH, SOUTH), Set.of("PKH"))
                .get("/api/v1/statistics/graduations?groupBy=programme&region=65").then().statusCode(200)
                .body("groups.group", equalTo(java.util.List.of("PKH"))).body("groups[0].households", equalTo(2))
                .body("groups[0].graduated", equalTo(2)).extract().asString();
        for (UUID h : new UUID[] {a, b, c}) {
            assertFalse(byProgramme.contains(h.toString()), "no household id in statistics");
        }
        as("partner-pkh", Set.of(Roles.PARTNER), Set.of(NORTH, SOUTH), Set.of("PKH"))
                .get("/api/v1/statistics/graduations?groupBy=region&region=65").then().statusCode(200)
                .body("groups.group", equalTo(java.util.List.of(NORTH, SOUTH)))
                .body("groups.households", equalTo(java.util.List.of(1, 1))).body("total.graduated", equalTo(2));
        // Granted NORTH only: its one PKH household; in CSV the same.
        String csv = as("partner-north", Set.of(Roles.PARTNER), Set.of(NORTH), Set.of("PKH"))
                .get("/api/v1/statistics/graduations/csv?groupBy=programme&region=65").then().statusCode(200)
                .extract().asString();
        assertEquals("""
                group,households,graduated,exited,reverted,graduation_rate,relapse_rate,median_days_to_graduation,\
                mean_days_to_graduation
                PKH,1,1,0,0,1.0000,0.0000,100.0,100.0
                TOTAL,1,1,0,0,1.0000,0.0000,100.0,100.0
                """, csv);
        // A partner granted no programme counts nothing; a social worker reads no statistics.
        as("partner-none", Set.of(Roles.PARTNER), Set.of(NORTH), Set.of())
                .get("/api/v1/statistics/graduations?groupBy=pathway&region=65").then().statusCode(200)
                .body("total.households", equalTo(0));
        as("pendamping-north", Set.of(Roles.SOCIAL_WORKER), Set.of(NORTH), Set.of())
                .get("/api/v1/statistics/graduations").then().statusCode(403);
    }

    @Test
    void anEvaluationJobStaysInsideTheCallersRegions() {
        RequestSpecification officer = as("officer-samarinda", Set.of(Roles.OFFICER), Set.of("64.72"), Set.of());
        String job = officer.contentType(ContentType.JSON).body("{\"regionPrefix\": \"64.72.01\"}")
                .post("/api/v1/evaluation-jobs").then().statusCode(202).extract().path("id");
        for (String body : new String[] {"{\"regionPrefix\": \"64\"}", "{\"regionPrefix\": \"65.04\"}", "{}",
                "{\"cohort\": 2025}"}) {
            as("officer-samarinda", Set.of(Roles.OFFICER), Set.of("64.72"), Set.of()).contentType(ContentType.JSON)
                    .body(body).post("/api/v1/evaluation-jobs").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        as("officer-all", Set.of(Roles.OFFICER), Set.of("*"), Set.of()).contentType(ContentType.JSON)
                .body("{\"cohort\": 2025}").post("/api/v1/evaluation-jobs").then().statusCode(202);
        as("officer-samarinda", Set.of(Roles.OFFICER), Set.of("64.72"), Set.of())
                .get("/api/v1/evaluation-jobs/" + job).then().statusCode(200);
        as("officer-aceh", Set.of(Roles.OFFICER), Set.of("11"), Set.of())
                .get("/api/v1/evaluation-jobs/" + job).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void proposalsAndRelapseReviewsAreListedForTheCallersRegionsOnly() {
        String hereVillage = "64.72.05.1001";
        String thereVillage = "65.07.01.1001";
        UUID here = Households.registered(hereVillage, today().minusDays(10));
        UUID there = Households.registered(thereVillage, today().minusDays(10));
        Households.awaitFacts(here, "registryStatus", "REGISTERED");
        Households.awaitFacts(there, "registryStatus", "REGISTERED");
        // There first: the newest proposal of all is then here's.
        for (UUID h : new UUID[] {there, here}) {
            Households.propose("ani", """
                    {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "MOVED"}""".formatted(h))
                    .then().statusCode(201);
            TestKafka.publish(new RelapseSuspected(UUID.randomUUID(), h, h.equals(here) ? hereVillage : thereVillage,
                    UUID.randomUUID(), 30, 60, today()));
        }
        Households.awaitValue("/api/v1/relapse-reviews?status=OPEN", "findAll { it.householdId == '" + there
                + "' }.size()", (Integer n) -> n == 1);
        Households.awaitValue("/api/v1/relapse-reviews?status=OPEN", "findAll { it.householdId == '" + here
                + "' }.size()", (Integer n) -> n == 1);

        RequestSpecification supervisor = as("supervisor-samarinda", Set.of(Roles.SUPERVISOR), Set.of("64.72"),
                Set.of());
        supervisor.get("/api/v1/proposals?status=PENDING&limit=1000").then().statusCode(200)
                .body("householdId", hasItem(here.toString())).body("householdId", not(hasItem(there.toString())));
        as("supervisor-samarinda", Set.of(Roles.SUPERVISOR), Set.of("64.72"), Set.of())
                .get("/api/v1/relapse-reviews").then().statusCode(200)
                .body("householdId", hasItem(here.toString())).body("householdId", not(hasItem(there.toString())));
        // Filtered in the query, not after the limit: the newest of all is here's, yet Kaltara's first is its own.
        as("supervisor-kaltara", Set.of(Roles.SUPERVISOR), Set.of("65.07"), Set.of())
                .get("/api/v1/proposals?limit=1").then().statusCode(200)
                .body("householdId", equalTo(java.util.List.of(there.toString())));
        given().get("/api/v1/proposals?status=PENDING&limit=1000").then()
                .body("householdId", hasItem(there.toString()));
    }

    @Test
    void aSocialWorkerReadsTheReadinessOfHouseholdsInItsRegionsOnly() {
        UUID mine = Households.readyForAlamiah("64.72.06.1001", today().minusDays(50));
        UUID other = Households.readyForAlamiah("65.08.01.1001", today().minusDays(50));
        String evaluation = Households.evaluate(mine).then().statusCode(201).extract().path("id");
        String otherEvaluation = Households.evaluate(other).then().statusCode(201).extract().path("id");
        RequestSpecification worker = as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of());
        worker.get("/api/v1/households/" + mine + "/readiness").then().statusCode(200)
                .body("metPathway", equalTo("GRADUASI_ALAMIAH"));
        as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of())
                .get("/api/v1/evaluations/" + evaluation).then().statusCode(200);
        // Outside its regions a household is absent, exactly as one that does not exist.
        String unknown = as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of())
                .get("/api/v1/households/" + UUID.randomUUID() + "/readiness").then().statusCode(404)
                .extract().path("title");
        as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of())
                .get("/api/v1/households/" + other + "/readiness").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo(unknown))
                .body("detail", containsString("does not exist"));
        as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of())
                .get("/api/v1/evaluations/" + otherEvaluation).then().statusCode(404);
        // It recommends through mentoring; here it neither evaluates nor proposes.
        as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of())
                .post("/api/v1/households/" + mine + "/evaluations").then().statusCode(403);
        as("pendamping-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.06"), Set.of()).contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + mine + "\", \"pathway\": \"GRADUASI_ALAMIAH\", \"evaluationId\": \""
                        + evaluation + "\"}").post("/api/v1/proposals").then().statusCode(403);
        given().get("/api/v1/households/" + other + "/readiness").then().statusCode(200)
                .body("villageCode", equalTo("65.08.01.1001"));
    }

    private static RequestSpecification as(String user, Set<String> roles, Set<String> regions,
            Set<String> programmes) {
        return RestAssured.given().header("Authorization", "Bearer "
                + TestTokens.token(user, roles, regions, programmes));
    }
}
