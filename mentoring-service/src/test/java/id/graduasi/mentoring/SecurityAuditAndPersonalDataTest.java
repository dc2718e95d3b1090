package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.as;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCaseEvents;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Issue #7 in mentoring: the audit log answers "who changed this household" for every kind of write, a social
 * worker reaches only its own caseload (now or before), supervisors only the workers of their regions, and no
 * free text a worker types (it may name the family) reaches the log, the topic or the audit log. Works in regency
 * 64.74, which no other test uses.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityAuditAndPersonalDataTest {

    static final String REGENCY = "64.74";
    static final String SUPERVISOR_USER = "supervisor-budi";
    static final String SUPERVISOR = TestTokens.token(SUPERVISOR_USER, Set.of(Roles.SUPERVISOR), Set.of(REGENCY));
    static final String AUDITOR = TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("64"));

    /** A district of the regency this test alone uses, different on each call within the run. */
    static String district() {
        return REGENCY + "." + DISTRICTS.remove(ThreadLocalRandom.current().nextInt(DISTRICTS.size()));
    }

    private static final List<Integer> DISTRICTS = new ArrayList<>(java.util.stream.IntStream.range(10, 100)
            .boxed().toList());

    static RequestSpecification worker(String username) {
        return as(TestTokens.token(username, Set.of(Roles.SOCIAL_WORKER), Set.of(REGENCY)));
    }

    static String createWorker(String username, String... areas) {
        return as(SUPERVISOR).contentType(ContentType.JSON)
                .body(Map.of("username", username, "capacity", 250, "areas", List.of(areas)))
                .post("/api/v1/social-workers").then().statusCode(201).extract().path("id");
    }

    @Test
    void whoChangedThisHouseholdListsEveryKindOfWriteWithActorAndRequestId() {
        String district = district();
        String siti = uniqueUsername("siti");
        String sitiId = createWorker(siti, district);
        UUID household = register(district + ".1001");
        assertEquals(sitiId, awaitWorkerOf(household));

        worker(siti).header("X-Request-Id", "req-visit").contentType(ContentType.JSON)
                .body(Map.of("id", UUID.randomUUID(), "householdId", household, "visitedOn", today().toString(),
                        "notes", "rumah sudah diperbaiki"))
                .post("/api/v1/visits").then().statusCode(201)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        worker(siti).header("X-Request-Id", "req-session").contentType(ContentType.JSON)
                .body(Map.of("id", UUID.randomUUID(), "kind", "P2K2_SESSION", "villageCode", district + ".1001",
                        "heldOn", today().toString(), "attendance", List.of(Map.of("householdId", household,
                                "attended", true))))
                .post("/api/v1/group-sessions").then().statusCode(201);
        worker(siti).header("X-Request-Id", "req-assess").contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "notes", "catatan asesmen", "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 70, "evidence", "buku tabungan dilihat"))))
                .post("/api/v1/households/" + household + "/assessments").then().statusCode(201);
        worker(siti).header("X-Request-Id", "req-recommend").contentType(ContentType.JSON)
                .body(Map.of("ready", false, "reasonCodes", List.of("SAVINGS"), "recommendedOn", today().toString()))
                .post("/api/v1/households/" + household + "/graduation-recommendations").then().statusCode(201);
        String goal = worker(siti).header("X-Request-Id", "req-goal").contentType(ContentType.JSON)
                .body(Map.of("kind", "OPEN_SAVINGS", "description", "buka rekening"))
                .post("/api/v1/households/" + household + "/goals").then().statusCode(201).extract().path("id");
        worker(siti).header("X-Request-Id", "req-goal-status").contentType(ContentType.JSON)
                .body(Map.of("status", "IN_PROGRESS")).put("/api/v1/goals/" + goal + "/status")
                .then().statusCode(200);
        // A supervisor moves the case to a new worker, then that worker leaves and the case comes back.
        String rina = createWorker(uniqueUsername("rina"), district);
        String caseId = (String) awaitCase(household, c -> true).get("id");
        as(SUPERVISOR).header("X-Request-Id", "req-reassign").contentType(ContentType.JSON)
                .body(Map.of("workerId", rina)).post("/api/v1/cases/" + caseId + "/assignment")
                .then().statusCode(200);
        as(SUPERVISOR).header("X-Request-Id", "req-leave").post("/api/v1/social-workers/" + rina + "/deactivation")
                .then().statusCode(200);
        worker(siti).header("X-Request-Id", "req-goal-achieved").contentType(ContentType.JSON)
                .body(Map.of("status", "ACHIEVED")).put("/api/v1/goals/" + goal + "/status").then().statusCode(200);
        // A refused write leaves no trace: the audit row commits with the write or not at all.
        worker(siti).contentType(ContentType.JSON).body(Map.of("status", "DROPPED"))
                .put("/api/v1/goals/" + goal + "/status").then().statusCode(409);

        as(AUDITOR).get("/api/v1/audit?order=oldest&householdId=" + household).then().statusCode(200)
                .body("action", equalTo(List.of("RECORD_VISIT", "RECORD_VISIT", "ASSESS", "RECOMMEND", "ADD_GOAL",
                        "GOAL_STATUS", "ASSIGN", "ASSIGN", "GOAL_STATUS")))
                .body("actor", equalTo(List.of(siti, siti, siti, siti, siti, siti, SUPERVISOR_USER, SUPERVISOR_USER,
                        siti)))
                .body("requestId", equalTo(List.of("req-visit", "req-session", "req-assess", "req-recommend",
                        "req-goal", "req-goal-status", "req-reassign", "req-leave", "req-goal-achieved")))
                .body("[6].summary", equalTo("worker " + sitiId + " -> " + rina + ", reason REASSIGNED"))
                .body("[7].summary", equalTo("worker " + rina + " -> " + sitiId + ", reason WORKER_LEFT"))
                .body("[5].summary", equalTo("status PLANNED -> IN_PROGRESS"));
        // Managing workers is audited under the worker.
        as(AUDITOR).get("/api/v1/audit?order=oldest&entityId=" + rina).then().statusCode(200)
                .body("action", equalTo(List.of("REGISTER", "DEACTIVATE")))
                .body("actor", equalTo(List.of(SUPERVISOR_USER, SUPERVISOR_USER)));
        // An auditor of another province sees none of it; an officer may not read the log at all.
        as(TestTokens.token("auditor-aceh", Set.of(Roles.AUDITOR), Set.of("11")))
                .get("/api/v1/audit?householdId=" + household).then().statusCode(200).body("", hasSize(0));
        as(TestTokens.token("officer-a", Set.of(Roles.OFFICER), Set.of("64")))
                .get("/api/v1/audit?householdId=" + household).then().statusCode(403);
    }

    @Test
    void aWorkerReachesOnlyItsOwnCaseloadAndKeepsTheHouseholdsItOnceHad() {
        String district = district();
        String ani = uniqueUsername("ani");
        String budi = uniqueUsername("budi");
        String aniId = createWorker(ani, district + ".1001");
        String budiId = createWorker(budi, district + ".1002");
        UUID mine = register(district + ".1001");
        UUID theirs = register(district + ".1002");
        assertEquals(aniId, awaitWorkerOf(mine));
        assertEquals(budiId, awaitWorkerOf(theirs));
        String theirGoal = worker(budi).contentType(ContentType.JSON).body(Map.of("kind", "OPEN_SAVINGS"))
                .post("/api/v1/households/" + theirs + "/goals").then().statusCode(201).extract().path("id");

        // Another worker's household is absent for Ani, for every read and write.
        for (String read : List.of("case", "visits", "assessments", "graduation-recommendations", "goals")) {
            worker(ani).get("/api/v1/households/" + theirs + "/" + read).then().statusCode(404)
                    .contentType("application/problem+json");
            worker(ani).get("/api/v1/households/" + mine + "/" + read).then().statusCode(200);
        }
        worker(ani).contentType(ContentType.JSON).body(homeVisit(theirs)).post("/api/v1/visits")
                .then().statusCode(404).body("errors[0].field", equalTo("householdId"));
        worker(ani).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "scores", List.of(Map.of("criterion", "SAVINGS",
                        "score", 50))))
                .post("/api/v1/households/" + theirs + "/assessments").then().statusCode(404);
        worker(ani).contentType(ContentType.JSON).body(Map.of("status", "DROPPED"))
                .put("/api/v1/goals/" + theirGoal + "/status").then().statusCode(404);
        worker(ani).contentType(ContentType.JSON)
                .body(Map.of("id", UUID.randomUUID(), "kind", "P2K2_SESSION", "villageCode", district + ".1001",
                        "heldOn", today().toString(), "attendance", List.of(
                                Map.of("householdId", mine, "attended", true),
                                Map.of("householdId", theirs, "attended", true))))
                .post("/api/v1/group-sessions").then().statusCode(404)
                .body("errors[0].field", equalTo("attendance[1].householdId"));
        // In an offline batch only the other worker's household fails, with its reason.
        Map<String, Object> batch = worker(ani).contentType(ContentType.JSON)
                .body(Map.of("visits", List.of(homeVisit(mine), homeVisit(theirs))))
                .post("/api/v1/visits/batch").then().statusCode(200).extract().path("");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) batch.get("results");
        assertEquals(List.of(201, 404), results.stream().map(r -> r.get("status")).toList());
        assertEquals("household " + theirs + " has no mentoring case in your caseload",
                ((Map<?, ?>) results.get(1).get("problem")).get("detail"));
        // A token without the household's region sees nothing of it, even for the worker's own case.
        as(TestTokens.token(ani, Set.of(Roles.SOCIAL_WORKER), Set.of("11")))
                .get("/api/v1/households/" + mine + "/case").then().statusCode(404);

        // The supervisor moves Ani's household to Budi: Ani's caseload no longer lists it, but a visit Ani's app
        // recorded before and syncs now still lands, and Ani can still read the case.
        String caseId = (String) awaitCase(mine, c -> true).get("id");
        as(SUPERVISOR).contentType(ContentType.JSON).body(Map.of("workerId", budiId))
                .post("/api/v1/cases/" + caseId + "/assignment").then().statusCode(200);
        assertEquals(List.of(), worker(ani).get("/api/v1/me/caseload").then().statusCode(200).extract().path("id"));
        Map<String, Object> late = homeVisit(mine);
        late.put("visitedOn", today().minusDays(3).toString());
        worker(ani).contentType(ContentType.JSON).body(Map.of("visits", List.of(late)))
                .post("/api/v1/visits/batch").then().statusCode(200).body("results[0].status", equalTo(201));
        worker(ani).get("/api/v1/households/" + mine + "/case").then().statusCode(200)
                .body("workerId", equalTo(budiId));
        worker(budi).get("/api/v1/households/" + mine + "/visits").then().statusCode(200).body("", hasSize(2));
    }

    @Test
    void supervisorsManageOnlyTheWorkersOfTheirRegionsAndCountsCoverOnlyThoseRegions() {
        String district = district();
        String staff = TestTokens.staff();
        // A worker of the supervisor's regency, one across the border, one only outside.
        String inside = createWorker(uniqueUsername("inside"), district);
        String across = as(staff).contentType(ContentType.JSON).body(Map.of("username", uniqueUsername("across"),
                "capacity", 250, "areas", List.of(district + ".1001", "64.71.10")))
                .post("/api/v1/social-workers").then().statusCode(201).extract().path("id");
        String outsideDistrict = "64.71." + (20 + ThreadLocalRandom.current().nextInt(80));
        String outside = as(staff).contentType(ContentType.JSON).body(Map.of("username", uniqueUsername("outside"),
                "capacity", 250, "areas", List.of(outsideDistrict)))
                .post("/api/v1/social-workers").then().statusCode(201).extract().path("id");

        as(SUPERVISOR).contentType(ContentType.JSON).body(Map.of("username", uniqueUsername("x"), "capacity", 10,
                "areas", List.of(district, "64.71.11"))).post("/api/v1/social-workers")
                .then().statusCode(403).contentType("application/problem+json");
        as(SUPERVISOR).get("/api/v1/social-workers/" + inside).then().statusCode(200);
        as(SUPERVISOR).get("/api/v1/social-workers/" + across).then().statusCode(200);
        as(SUPERVISOR).get("/api/v1/social-workers/" + outside).then().statusCode(404)
                .contentType("application/problem+json");
        as(SUPERVISOR).post("/api/v1/social-workers/" + across + "/deactivation").then().statusCode(403);
        as(SUPERVISOR).post("/api/v1/social-workers/" + outside + "/deactivation").then().statusCode(404);
        as(SUPERVISOR).contentType(ContentType.JSON).body(Map.of("capacity", 10, "areas", List.of("64.71.12")))
                .put("/api/v1/social-workers/" + inside).then().statusCode(403);
        List<String> listed = as(SUPERVISOR).get("/api/v1/social-workers?regionPrefix=64").then().statusCode(200)
                .extract().path("id");
        assertTrue(listed.containsAll(List.of(inside, across)) && !listed.contains(outside), listed.toString());
        // A supervisor of one village sees the worker covering its whole district.
        as(TestTokens.token("supervisor-desa", Set.of(Roles.SUPERVISOR), Set.of(district + ".1005")))
                .get("/api/v1/social-workers/" + inside).then().statusCode(200);

        // Overdue follow-ups and unassigned cases are counted in the query, only in the caller's regions.
        UUID near = register(district + ".1001");
        UUID far = register(outsideDistrict + ".1001");
        awaitWorkerOf(near);
        awaitWorkerOf(far);
        for (UUID household : List.of(near, far)) {
            String village = household.equals(near) ? district + ".1001" : outsideDistrict + ".1001";
            TestKafka.publish(new id.graduasi.events.contract.AidDisbursed(UUID.randomUUID(), household,
                    UUID.randomUUID(), "PKH", today().getYear(), 1, 750_000, village, today().minusDays(20)));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> as(staff)
                .get("/api/v1/follow-ups/overdue-counts?regionPrefix=64&level=DISTRICT").then().statusCode(200)
                .extract().<List<String>>path("regions.regionCode").containsAll(List.of(district, outsideDistrict)));
        List<String> counted = as(SUPERVISOR).get("/api/v1/follow-ups/overdue-counts?regionPrefix=64&level=DISTRICT")
                .then().statusCode(200).extract().path("regions.regionCode");
        assertTrue(counted.contains(district) && !counted.contains(outsideDistrict), counted.toString());
        UUID waitingNear = register(REGENCY + ".09.1001");
        UUID waitingFar = register("64.71.09.1001");
        awaitCase(waitingNear, c -> true);
        awaitCase(waitingFar, c -> true);
        List<String> unassigned = as(SUPERVISOR).get("/api/v1/cases/unassigned?regionPrefix=64").then()
                .statusCode(200).extract().path("householdId");
        assertTrue(unassigned.contains(waitingNear.toString()) && !unassigned.contains(waitingFar.toString()),
                unassigned.toString());
    }

    @Test
    void auditorsReadWithoutFreeTextAndNoFreeTextReachesTheLogTheTopicOrTheAuditLog() throws Exception {
        String district = district();
        String dewi = uniqueUsername("dewi");
        createWorker(dewi, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        // What a worker types may name the family and where it lives.
        String note = "Ibu Siti Aminah di Jl. Pramuka Gg. 3 No. 12 sakit";
        String evidence = "Bapak Rizky Hidayat menunjukkan buku tabungan";
        String description = "Siti Aminah membuka warung";
        UUID visitId = UUID.randomUUID();
        Map<String, Object> visit = homeVisit(household);
        visit.put("id", visitId);
        visit.put("notes", note);
        worker(dewi).contentType(ContentType.JSON).body(visit).post("/api/v1/visits").then().statusCode(201);
        // A refused resend with other notes must not log them either.
        visit.put("notes", note + " lagi");
        worker(dewi).contentType(ContentType.JSON).body(Map.of("visits", List.of(visit)))
                .post("/api/v1/visits/batch").then().statusCode(200).body("results[0].status", equalTo(409));
        worker(dewi).contentType(ContentType.JSON)
                .body(Map.of("assessedOn", today().toString(), "notes", note, "scores", List.of(
                        Map.of("criterion", "SAVINGS", "score", 70, "evidence", evidence))))
                .post("/api/v1/households/" + household + "/assessments").then().statusCode(201);
        worker(dewi).contentType(ContentType.JSON)
                .body(Map.of("ready", false, "reasonCodes", List.of("SAVINGS"), "notes", note,
                        "recommendedOn", today().toString()))
                .post("/api/v1/households/" + household + "/graduation-recommendations").then().statusCode(201);
        worker(dewi).contentType(ContentType.JSON).body(Map.of("kind", "START_BUSINESS", "description", description))
                .post("/api/v1/households/" + household + "/goals").then().statusCode(201);

        // Staff read the free text; auditors get the codes and scores without it.
        as(TestTokens.token("officer-a", Set.of(Roles.OFFICER), Set.of(REGENCY)))
                .get("/api/v1/households/" + household + "/visits").then().statusCode(200)
                .body("[0].notes", equalTo(note));
        as(AUDITOR).get("/api/v1/households/" + household + "/visits").then().statusCode(200)
                .body("[0].notes", equalTo(null)).body("[0].checklist.childrenAttendingSchool", equalTo(true));
        as(AUDITOR).get("/api/v1/households/" + household + "/assessments").then().statusCode(200)
                .body("[0].notes", equalTo(null)).body("[0].scores[0].evidence", equalTo(null))
                .body("[0].scores[0].score", equalTo(70));
        as(AUDITOR).get("/api/v1/households/" + household + "/graduation-recommendations").then().statusCode(200)
                .body("[0].notes", equalTo(null)).body("[0].reasonCodes", equalTo(List.of("SAVINGS")));
        as(AUDITOR).get("/api/v1/households/" + household + "/goals").then().statusCode(200)
                .body("[0].description", equalTo(null)).body("[0].kind", equalTo("START_BUSINESS"));

        awaitCaseEvents(household, EventType.GRADUATION_RECOMMENDED, 1);
        String topic = String.join("\n", TestKafka.readAll(Topics.MENTORING_CASE).stream()
                .map(e -> e.value() + " " + e.headers()).toList());
        Path logFile = Path.of("target", "mentoring-test.log");
        assertTrue(Files.exists(logFile), "the test profile logs to " + logFile);
        String log = Files.readString(logFile);
        String audit = as(AUDITOR).get("/api/v1/audit?householdId=" + household).then().statusCode(200)
                .body("", hasSize(4)).extract().asString();
        for (String text : List.of(note, evidence, description, "Siti Aminah", "Rizky Hidayat", "Pramuka")) {
            assertFalse(log.contains(text), "free text in the log: " + text);
            assertFalse(topic.contains(text), "free text in the topic: " + text);
            assertFalse(audit.contains(text), "free text in the audit log: " + text);
        }
    }

    private static Map<String, Object> homeVisit(UUID household) {
        Map<String, Object> visit = new java.util.HashMap<>();
        visit.put("id", UUID.randomUUID());
        visit.put("householdId", household);
        visit.put("visitedOn", today().toString());
        visit.put("checklist", Map.of("childrenAttendingSchool", true));
        return visit;
    }
}
