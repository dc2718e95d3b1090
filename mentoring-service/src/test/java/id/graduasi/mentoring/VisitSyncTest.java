package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.asWorker;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class VisitSyncTest {

    @Test
    void aResentBatchIsRecordedAndPublishedOnlyOnce() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID first = register(district + ".1001");
        UUID second = register(district + ".1002");
        awaitWorkerOf(first);
        awaitWorkerOf(second);
        UUID visitId = UUID.randomUUID();
        UUID sessionId = UUID.randomUUID();
        Map<String, Object> batch = Map.of(
                "visits", List.of(Map.of("id", visitId, "householdId", first, "visitedOn", today().toString(),
                        "checklist", Map.of("aidUsedAsIntended", true, "businessRunning", false),
                        "notes", "warung tutup sementara")),
                "sessions", List.of(Map.of("id", sessionId, "kind", "P2K2_SESSION", "villageCode", district + ".1001",
                        "heldOn", today().minusDays(1).toString(), "attendance", List.of(
                                Map.of("householdId", first, "attended", true),
                                Map.of("householdId", second, "attended", false)))));

        Map<String, Object> sent = sync(username, batch);
        Map<String, Object> resent = sync(username, batch);

        assertEquals(List.of(201, 201), statuses(sent));
        assertEquals(2, sent.get("recorded"));
        assertEquals(List.of(200, 200), statuses(resent));
        assertEquals(2, resent.get("replayed"));
        // The same answer, visit ids included; only the replayed flag differs.
        assertEquals(recordedWithoutFlag(sent), recordedWithoutFlag(resent));
        assertEquals(2, given().get("/api/v1/households/" + first + "/visits").then().extract().<List<?>>path("").size());

        // A later visit of each household is published after anything the resend could have published.
        FollowUpAgendaTest.homeVisit(username, first, today());
        FollowUpAgendaTest.homeVisit(username, second, today());
        List<TestKafka.Event> firstEvents = awaitCaseEvents(first, EventType.VISIT_RECORDED, 3);
        List<TestKafka.Event> secondEvents = awaitCaseEvents(second, EventType.VISIT_RECORDED, 2);
        assertEquals(3, firstEvents.size());
        assertEquals(2, secondEvents.size());
        String homeVisit = firstEvents.get(0).value();
        assertTrue(homeVisit.contains("\"visitId\":\"" + visitId + "\"") && homeVisit.contains("\"kind\":\"HOME_VISIT\"")
                && homeVisit.contains("\"aidUsedAsIntended\":true") && homeVisit.contains("\"businessRunning\":false")
                && homeVisit.contains("\"savingsKept\":null"), homeVisit);
        assertFalse(caseEvents(first).stream().anyMatch(e -> e.value().contains("warung")), "notes leaked");
        assertTrue(firstEvents.get(1).value().contains("\"kind\":\"P2K2_SESSION\"")
                && firstEvents.get(1).value().contains("\"attended\":true"));
        assertTrue(secondEvents.get(0).value().contains("\"kind\":\"P2K2_SESSION\"")
                && secondEvents.get(0).value().contains("\"attended\":false"));
    }

    @Test
    void aBadItemFailsAloneAndTheOthersAreRecorded() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        UUID reused = UUID.randomUUID();
        sync(username, Map.of("visits", List.of(visit(reused, household, "first version"))));

        Map<String, Object> missingDate = visit(UUID.randomUUID(), household, null);
        missingDate.remove("visitedOn");
        Map<String, Object> result = sync(username, Map.of(
                "visits", List.of(
                        visit(UUID.randomUUID(), household, "ok"),
                        visit(reused, household, "second version"),
                        missingDate,
                        visit(UUID.randomUUID(), UUID.randomUUID(), "no such household"),
                        visit(UUID.randomUUID(), household, "PostgreSQL refuses \u0000 in text")),
                "sessions", List.of(Map.of("id", UUID.randomUUID(), "kind", "HOME_VISIT",
                        "villageCode", district + ".1001", "heldOn", today().toString(),
                        "attendance", List.of(Map.of("householdId", household, "attended", true))))));

        assertEquals(List.of(201, 409, 400, 404, 400, 400), statuses(result));
        assertEquals(1, result.get("recorded"));
        assertEquals(5, result.get("rejected"));
        List<Map<String, Object>> items = items(result);
        assertEquals(List.of("visits[1].id"), fields(items.get(1)));
        assertEquals(List.of("visits[2].visitedOn"), fields(items.get(2)));
        assertEquals(List.of("visits[3].householdId"), fields(items.get(3)));
        assertEquals(List.of("sessions[0].kind"), fields(items.get(5)));
        // The first version stands.
        assertTrue(given().get("/api/v1/households/" + household + "/visits").then().extract()
                .<List<String>>path("notes").containsAll(List.of("first version", "ok")));
        assertEquals(2, given().get("/api/v1/households/" + household + "/visits").then().extract()
                .<List<?>>path("").size());
    }

    @Test
    void aSingleVisitAnswersLikeTheBatchAndNeedsARegisteredWorker() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        createWorker(username, 250, district);
        UUID household = register(district + ".1001");
        awaitWorkerOf(household);
        Map<String, Object> body = visit(UUID.randomUUID(), household, "catatan");

        asWorker(username).contentType(ContentType.JSON).body(body).post("/api/v1/visits")
                .then().statusCode(201);
        asWorker(username).contentType(ContentType.JSON).body(body).post("/api/v1/visits")
                .then().statusCode(200).body("replayed", org.hamcrest.Matchers.equalTo(true));
        body.put("notes", "changed");
        asWorker(username).contentType(ContentType.JSON).body(body).post("/api/v1/visits")
                .then().statusCode(409).contentType("application/problem+json");
        asWorker(uniqueUsername("stranger")).contentType(ContentType.JSON)
                .body(visit(UUID.randomUUID(), household, null)).post("/api/v1/visits")
                .then().statusCode(403).contentType("application/problem+json");
        Map<String, Object> future = visit(UUID.randomUUID(), household, null);
        future.put("visitedOn", today().plusDays(5).toString());
        asWorker(username).contentType(ContentType.JSON).body(future).post("/api/v1/visits")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("visitedOn"));
    }

    static Map<String, Object> visit(UUID id, UUID household, String notes) {
        Map<String, Object> visit = new HashMap<>();
        visit.put("id", id);
        visit.put("householdId", household);
        visit.put("visitedOn", today().toString());
        visit.put("checklist", Map.of("childrenAttendingSchool", true));
        visit.put("notes", notes);
        return visit;
    }

    private static Map<String, Object> sync(String username, Map<String, Object> batch) {
        return asWorker(username).contentType(ContentType.JSON).body(batch).post("/api/v1/visits/batch")
                .then().statusCode(200).extract().path("");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("results");
    }

    private static List<Object> statuses(Map<String, Object> result) {
        return items(result).stream().map(i -> i.get("status")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fields(Map<String, Object> item) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) item.get("problem")).get("errors")).stream()
                .map(e -> e.get("field")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> recordedWithoutFlag(Map<String, Object> result) {
        return items(result).stream().map(i -> {
            Map<String, Object> recorded = new HashMap<>((Map<String, Object>) i.get("recorded"));
            recorded.remove("replayed");
            return (Object) recorded;
        }).toList();
    }
}
