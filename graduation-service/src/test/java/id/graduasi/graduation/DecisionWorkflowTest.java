package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.as;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationRecommended;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DecisionWorkflowTest {

    private static final String VILLAGE = "64.72.01.1001";
    private static final String DECIDED_V2 = EventType.GRADUATION_DECIDED_V2.type();
    private static final String REVERTED_V2 = EventType.GRADUATION_REVERTED_V2.type();

    @Test
    void theProposerCannotDecideAndAnotherOfficersGraduationIsAnnouncedOnce() {
        UUID household = Households.readyForMandiri(VILLAGE);
        UUID second = Households.readyForMandiri(VILLAGE);
        String evaluation = Households.evaluate(household).then().statusCode(201)
                .body("metPathway", equalTo("GRADUASI_MANDIRI")).extract().path("id");
        String location = Households.proposeFromEvaluation("ani", household, "GRADUASI_MANDIRI", evaluation)
                .then().statusCode(201).body("status", equalTo("PENDING")).body("proposedBy", equalTo("ani"))
                .extract().header("Location");
        String proposal = given().get(location).then().statusCode(200).extract().path("id");
        // One proposal at a time per household.
        Households.proposeFromEvaluation("citra", household, "GRADUASI_MANDIRI", evaluation).then().statusCode(409)
                .body("detail", containsString("already has proposal " + proposal));

        // Four eyes: citra (officer and supervisor) proposes; as the proposer she cannot decide it herself.
        String other = Households.evaluate(second).then().statusCode(201).extract().path("id");
        String hers = Households.proposeFromEvaluation("citra", second, "GRADUASI_MANDIRI", other).then()
                .statusCode(201).extract().path("id");
        Households.decide("citra", hers, "GRADUATED").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("four eyes"))
                .body("detail", containsString("citra proposed it"));
        given().get("/api/v1/proposals/" + hers).then().body("status", equalTo("PENDING"));
        // An officer may not decide at all.
        Households.decide("ani", proposal, "GRADUATED").then().statusCode(403)
                .contentType("application/problem+json");
        given().get(location).then().body("status", equalTo("PENDING"));

        var first = as("budi").contentType(ContentType.JSON)
                .header("Idempotency-Key", "decide-" + proposal)
                .body("{\"outcome\": \"GRADUATED\", \"reasons\": [\"EKONOMI_MEMBAIK\"]}")
                .post("/api/v1/proposals/" + proposal + "/decision");
        first.then().statusCode(200).body("status", equalTo("GRADUATED")).body("decidedBy", equalTo("budi"))
                .body("decidedOn", equalTo(today().toString()));
        String decision = first.path("decisionId");
        // A retry under the same key answers the same and decides nothing more.
        as("budi").contentType(ContentType.JSON)
                .header("Idempotency-Key", "decide-" + proposal)
                .body("{\"outcome\": \"GRADUATED\", \"reasons\": [\"EKONOMI_MEMBAIK\"]}")
                .post("/api/v1/proposals/" + proposal + "/decision")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("decisionId", equalTo(decision));
        Households.decide("citra", proposal, "GRADUATED").then().statusCode(409);

        // What the decision means (v2, issue #16), so that no consumer needs to know the pathway.
        List<TestKafka.Event> events = Households.announced(household, DECIDED_V2, 1);
        assertEquals(1, events.size());
        io.vertx.core.json.JsonObject v2 = new io.vertx.core.json.JsonObject(events.get(0).value());
        assertEquals(decision, v2.getString("decisionId"));
        assertEquals("GRADUATED", v2.getString("outcome"));
        assertEquals(today().toString(), v2.getString("effectiveOn"));
        assertEquals(today().plusMonths(12).toString(), v2.getString("monitoringUntil"));
        assertEquals("GRADUASI_MANDIRI", v2.getString("pathway"));
        assertTrue(v2.getInteger("criteriaVersion") >= 1, "the criteria version, for display: " + v2);
        given().get("/api/v1/decisions/" + decision).then().statusCode(200)
                .body("proposedBy", equalTo("ani")).body("decidedBy", equalTo("budi"))
                .body("status", equalTo("IN_FORCE"))
                .body("monitoringUntil", equalTo(today().plusMonths(12).toString()))
                .body("evaluationId", org.hamcrest.Matchers.not(equalTo(evaluation))); // a fresh one
        Households.awaitFacts(household, "decisionStatus", "GRADUATED");
        Households.proposeFromEvaluation("citra", household, "GRADUASI_MANDIRI", evaluation).then().statusCode(409)
                .body("detail", containsString("already been decided GRADUATED"));
    }

    @Test
    void aGraduationNeedsThePathwayStillMetByAFreshEvaluation() {
        UUID household = Households.readyForMandiri(VILLAGE);
        String evaluation = Households.evaluate(household).then().extract().path("id");
        String proposal = Households.proposeFromEvaluation("ani", household, "GRADUASI_MANDIRI", evaluation)
                .then().statusCode(201).extract().path("id");
        // The family's expenditure fell this month before the verifier looked.
        Households.observed(household, VILLAGE, today(), 500_000, true);
        Households.awaitFacts(household, "facts.observations[-1].expenditurePerCapitaMonth", 500_000);

        Households.decide("budi", proposal, "GRADUATED").then().statusCode(409)
                .body("detail", containsString("GRADUASI_MANDIRI is not met for household " + household))
                .body("detail", containsString("Per-capita expenditure Rp 500.000"));
        given().get("/api/v1/proposals/" + proposal).then().body("status", equalTo("PENDING"));
        // The verifier defers it, with a reason; nothing is announced.
        Households.decide("budi", proposal, "DEFERRED").then().statusCode(400)
                .body("errors[0].field", equalTo("reasons"));
        Households.decide("budi", proposal, "DEFERRED", "PENGELUARAN_TURUN").then().statusCode(200)
                .body("status", equalTo("DEFERRED")).body("decisionReasons", equalTo(List.of("PENGELUARAN_TURUN")))
                .body("decisionId", nullValue());
        assertTrue(TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key())).isEmpty());
    }

    @Test
    void aProposalRestsOnAMetEvaluationOrAReadyRecommendation() {
        UUID household = Households.active(VILLAGE, today().minusDays(90));
        String notMet = Households.evaluate(household).then().statusCode(201).extract().path("id");
        Households.proposeFromEvaluation("ani", household, "GRADUASI_MANDIRI", notMet).then().statusCode(409)
                .body("detail", containsString("did not find GRADUASI_MANDIRI met"))
                .body("detail", containsString("No indicator observation covers 6 of the last 6 months."));

        UUID notReady = UUID.randomUUID();
        TestKafka.publish(new GraduationRecommended(notReady, UUID.randomUUID(), household, VILLAGE,
                UUID.randomUUID(), false, null, List.of("SAVINGS"), today().minusDays(1)));
        UUID ready = UUID.randomUUID();
        TestKafka.publish(new GraduationRecommended(ready, UUID.randomUUID(), household, VILLAGE,
                UUID.randomUUID(), true, "GRADUASI_MANDIRI", List.of(), today()));
        Households.awaitFacts(household, "facts.latestRecommendation.recommendationId", ready.toString());
        Households.propose("ani", """
                {"householdId": "%s", "pathway": "GRADUASI_MANDIRI", "recommendationId": "%s"}"""
                .formatted(household, notReady)).then().statusCode(409).body("detail", containsString("(SAVINGS)"));
        String proposal = Households.propose("ani", """
                {"householdId": "%s", "pathway": "GRADUASI_MANDIRI", "recommendationId": "%s"}"""
                .formatted(household, ready)).then().statusCode(201).extract().path("id");
        // The worker's judgement opens the proposal; the decision still needs the criteria met today.
        Households.decide("budi", proposal, "GRADUATED").then().statusCode(409)
                .body("detail", containsString("is not met"));
        Households.decide("budi", proposal, "REJECTED", "KRITERIA_BELUM_TERPENUHI").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
    }

    @Test
    void anAdministrativeExitNeedsAnExitReasonButNoEvaluation() {
        UUID household = Households.registered(VILLAGE, today().minusDays(30));
        Households.awaitFacts(household, "registryStatus", "REGISTERED");
        Households.propose("ani", """
                {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "EKONOMI_MEMBAIK"}"""
                .formatted(household)).then().statusCode(400).body("errors[0].field", equalTo("reasonCode"));
        String proposal = Households.propose("ani", """
                {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "MOVED"}"""
                .formatted(household)).then().statusCode(201).extract().path("id");
        String decision = Households.decide("budi", proposal, "GRADUATED").then().statusCode(200)
                .extract().path("decisionId");
        given().get("/api/v1/decisions/" + decision).then().body("reasonCode", equalTo("MOVED"))
                .body("evaluationId", nullValue()).body("monitoringUntil", nullValue());
        Households.awaitFacts(household, "decisionStatus", "EXITED");
        io.vertx.core.json.JsonObject v2 = new io.vertx.core.json.JsonObject(
                Households.announced(household, DECIDED_V2, 1).get(0).value());
        assertEquals("EXITED", v2.getString("outcome"), "an administrative exit, said so in v2");
        assertTrue(v2.containsKey("monitoringUntil") && v2.getValue("monitoringUntil") == null, "not monitored");
        assertEquals("MOVED", v2.getString("reasonCode"));
    }

    @Test
    void aSuspectedRelapseOpensAReviewAndTheReversalIsAnnouncedAndReopensTheHousehold() {
        UUID household = Households.readyForAlamiah(VILLAGE, today().minusDays(500));
        String decision = Households.graduate(household, "GRADUASI_ALAMIAH");
        Households.announced(household, DECIDED_V2, 1);

        TestKafka.publish(new RelapseSuspected(UUID.randomUUID(), household, VILLAGE, UUID.randomUUID(), 35, 60,
                today()));
        String review = Households.awaitValue("/api/v1/relapse-reviews?status=OPEN",
                "find { it.householdId == '" + household + "' }.id", id -> true);
        // A suspicion is not a reversal: the decision is still in force.
        given().get("/api/v1/decisions/" + decision).then().body("status", equalTo("IN_FORCE"));

        // Four eyes on the reversal too: budi decided the graduation, so another supervisor reverses it.
        as("budi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\"}")
                .post("/api/v1/decisions/" + decision + "/reversal").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("budi decided it"));
        given().get("/api/v1/decisions/" + decision).then().body("status", equalTo("IN_FORCE"));
        as("dewi").contentType(ContentType.JSON)
                .body("{\"reasonCode\": \"RELAPSE\", \"note\": \"income fell with the harvest\"}")
                .post("/api/v1/decisions/" + decision + "/reversal")
                .then().statusCode(200).body("status", equalTo("REVERTED")).body("revertedBy", equalTo("dewi"))
                .body("revertedOn", equalTo(today().toString())).body("revertReasonCode", equalTo("RELAPSE"));
        as("dewi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\"}")
                .post("/api/v1/decisions/" + decision + "/reversal").then().statusCode(409);

        io.vertx.core.json.JsonObject revertedV2 = new io.vertx.core.json.JsonObject(
                Households.announced(household, REVERTED_V2, 1).get(0).value());
        assertEquals(decision, revertedV2.getString("decisionId"));
        assertEquals("RELAPSE", revertedV2.getString("reasonCode"));
        assertEquals("GRADUATED", revertedV2.getString("outcome"), "the outcome undone");
        assertEquals(today().toString(), revertedV2.getString("effectiveOn"));
        given().get("/api/v1/relapse-reviews?status=REVERSED").then().body("id", hasItem(review));
        given().get("/api/v1/households/" + household + "/readiness").then().body("decisionStatus", nullValue());
        // The registry answers the reversal (GRADUATED to ACTIVE): nothing is reverted twice.
        String before = given().get("/api/v1/households/" + household + "/readiness").then().extract()
                .path("updatedAt");
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "ACTIVE", "GRADUATED", "GRADUASI_ALAMIAH",
                Instant.now()));
        TestKafka.publish(new HouseholdStatusChanged(household, VILLAGE, "GRADUATED", "ACTIVE", "RELAPSE",
                Instant.now()));
        // ACTIVE both before and after: wait until both events were applied (ACTIVE again, and the view updated).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().get("/api/v1/households/" + household + "/readiness").then().extract().jsonPath(),
                view -> "ACTIVE".equals(view.getString("registryStatus"))
                        && !before.equals(view.getString("updatedAt")));
        given().get("/api/v1/decisions/" + decision).then().body("revertedBy", equalTo("dewi"));
        // Open again: it may graduate anew.
        String second = Households.graduate(household, "GRADUASI_ALAMIAH");
        given().get("/api/v1/households/" + household + "/decisions").then()
                .body("id", equalTo(List.of(decision, second)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> TestKafka.readAll(Topics.GRADUATION_DECISION, e -> household.toString().equals(e.key()))
                        .stream().map(TestKafka.Event::type).toList(),
                // One event per fact, in order: v1 is retired (docs/events.md, rule 3).
                types -> types.equals(List.of(DECIDED_V2, REVERTED_V2, DECIDED_V2)));
        // Each decision and reversal of the household takes the next number (issue #16).
        assertEquals(List.of(1L, 2L, 3L), Households.decisionSequences(household));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        UUID household = Households.active(VILLAGE, today());
        Households.propose("ani", "{\"householdId\": \"" + household + "\", \"pathway\": \"RICH\"}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", containsString("pathway"));
        Households.propose("ani", "{\"pathway\": \"GRADUASI_MANDIRI\"}")
                .then().statusCode(400).body("errors[0].field", containsString("householdId"));
        Households.propose("ani", "{\"householdId\": \"" + household + "\", \"pathway\": \"GRADUASI_MANDIRI\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("evaluationId"));
        // The acting user is the token's: without one the command is refused before anything is read.
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{\"householdId\": \"" + household
                + "\", \"pathway\": \"ADMINISTRATIVE_EXIT\", \"reasonCode\": \"MOVED\"}").post("/api/v1/proposals")
                .then().statusCode(401).contentType("application/problem+json");
        Households.propose("ani", "{\"householdId\": \"" + UUID.randomUUID() + "\", \"pathway\": "
                + "\"ADMINISTRATIVE_EXIT\", \"reasonCode\": \"MOVED\"}").then().statusCode(404);
        Households.decide("budi", UUID.randomUUID().toString(), "GRADUATED").then().statusCode(404);
        Households.decide("budi", UUID.randomUUID().toString(), "MAYBE").then().statusCode(400)
                .body("errors[0].field", containsString("outcome"));
        as("dewi").contentType(ContentType.JSON).body("{\"reasonCode\": \"oops\"}")
                .post("/api/v1/decisions/" + UUID.randomUUID() + "/reversal").then().statusCode(400)
                .body("errors[0].field", containsString("reasonCode"));
        as("dewi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\"}")
                .post("/api/v1/decisions/" + UUID.randomUUID() + "/reversal").then().statusCode(404);
    }
}
