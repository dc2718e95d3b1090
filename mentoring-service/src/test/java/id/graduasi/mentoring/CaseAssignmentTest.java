package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.SUPERVISOR;
import static id.graduasi.mentoring.MentoringTestSupport.asSupervisor;
import static id.graduasi.mentoring.MentoringTestSupport.asWorker;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCaseEvents;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.createWorker;
import static id.graduasi.mentoring.MentoringTestSupport.freshDistrict;
import static id.graduasi.mentoring.MentoringTestSupport.given;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class CaseAssignmentTest {

    @Test
    void aNewCaseGoesToTheLeastLoadedCoveringWorkerRelativeToCapacity() {
        String district = freshDistrict();
        String village = district + ".1001";
        // a- sorts before b-: ties go to a-; c covers another district and never gets these cases.
        String prefix = UUID.randomUUID().toString().substring(0, 6);
        String small = createWorker("a-" + prefix, 2, district);        // covers the whole district
        String large = createWorker("b-" + prefix, 6, village);         // covers the one village
        String elsewhere = createWorker("c-" + prefix, 100, freshDistrict());

        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chosen.add(awaitWorkerOf(register(village)));
        }

        // 0/2 vs 0/6 tie -> fewer cases tie -> a; then 1/2 > 0/6, 1/6, 2/6 -> b three times; 1/2 = 3/6 -> a (fewer).
        assertEquals(List.of(small, large, large, large, small), chosen);
        assertEquals(2, given().get("/api/v1/social-workers/" + small).then().extract().<Integer>path("caseCount"));
        assertEquals(3, given().get("/api/v1/social-workers/" + large + "/caseload").then().extract()
                .<List<?>>path("").size());
        assertEquals(0, given().get("/api/v1/social-workers/" + elsewhere).then().extract().<Integer>path("caseCount"));
    }

    @Test
    void aNewCaseIsAnnouncedOpenedThenAssigned() {
        String district = freshDistrict();
        String worker = createWorker(uniqueUsername("w"), 250, district);
        UUID household = register(district + ".2002");
        awaitWorkerOf(household);

        List<TestKafka.Event> events = awaitCaseEvents(household, EventType.WORKER_ASSIGNED, 1);
        List<TestKafka.Event> all = MentoringTestSupport.caseEvents(household);
        assertEquals(List.of(EventType.CASE_OPENED.type(), EventType.WORKER_ASSIGNED.type()),
                all.stream().map(TestKafka.Event::type).toList());
        String assigned = events.get(0).value();
        assertTrue(assigned.contains("\"workerId\":\"" + worker + "\""), assigned);
        assertTrue(assigned.contains("\"reason\":\"BALANCED\""), assigned);
        assertTrue(assigned.contains("\"previousWorkerId\":null"), assigned);
    }

    @Test
    void aCaseNoWorkerCoversWaitsUnassignedUntilACoveringWorkerIsCreated() {
        String district = freshDistrict();
        UUID household = register(district + ".3003");
        Map<String, Object> open = awaitCase(household, c -> "OPEN".equals(c.get("status")));
        assertNull(open.get("workerId"));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().queryParam("regionPrefix", district)
                .get("/api/v1/cases/unassigned").then().statusCode(200).extract().<List<String>>path("householdId")
                .contains(household.toString()));

        String worker = createWorker(uniqueUsername("late"), 250, district + ".3003");

        assertEquals(worker, awaitWorkerOf(household));
        assertEquals(List.of(), given().queryParam("regionPrefix", district).get("/api/v1/cases/unassigned")
                .then().extract().path(""));
        assertTrue(awaitCaseEvents(household, EventType.WORKER_ASSIGNED, 1).get(0).value()
                .contains("\"workerId\":\"" + worker + "\""));
    }

    /** Walks a paged list with limit=2 and the cursors it hands out; @return the values of field, in order */
    private static List<String> walk(String path, String field) {
        List<String> walked = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            var request = given().queryParam("limit", 2);
            io.restassured.response.Response page = (cursor == null ? request : request.queryParam("after", cursor))
                    .get(path);
            page.then().statusCode(200);
            List<String> values = page.jsonPath().getList(field);
            walked.addAll(values);
            cursor = page.header("X-Next-Cursor");
            if (cursor == null) {
                assertTrue(values.size() < 2, "a full page carries a cursor");
                return walked;
            }
            assertEquals(2, values.size(), "only a full page carries a cursor");
            assertTrue(page.header("Link").contains("after=" + cursor), page.header("Link"));
        }
        throw new AssertionError("more pages than expected: " + walked);
    }

    @Test
    void unassignedCasesCaseloadsAndWorkersAreReadAPageAtATime() {
        String district = freshDistrict();
        List<String> households = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            households.add(register(district + ".400" + i).toString());
        }
        String unassigned = "/api/v1/cases/unassigned?regionPrefix=" + district;
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get(unassigned).then().statusCode(200).extract()
                .<List<String>>path("householdId").size() == 3);
        List<String> all = given().get(unassigned).then().extract().path("householdId");
        assertEquals(all, walk(unassigned, "householdId"), "every case once, in order");
        assertEquals(java.util.Set.copyOf(households), java.util.Set.copyOf(all));
        given().get(unassigned + "&after=not-a-cursor").then().statusCode(400)
                .contentType("application/problem+json");

        String prefix = UUID.randomUUID().toString().substring(0, 6);
        String worker = createWorker("p-" + prefix, 250, district);
        households.forEach(h -> assertEquals(worker, awaitWorkerOf(UUID.fromString(h))));
        assertEquals(all, walk("/api/v1/social-workers/" + worker + "/caseload", "householdId"));

        createWorker("q-" + prefix, 250, district);
        createWorker("r-" + prefix, 250, district);
        assertEquals(List.of("p-" + prefix, "q-" + prefix, "r-" + prefix),
                walk("/api/v1/social-workers?regionPrefix=" + district, "username"));
    }

    @Test
    void workersCreatedAtTheSameTimeForOneDistrictNeverTakeTheSameCase() throws Exception {
        String district = freshDistrict();
        List<UUID> households = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            households.add(register(district + ".100" + i));
        }
        households.forEach(h -> awaitCase(h, c -> "OPEN".equals(c.get("status"))));
        String prefix = UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> creations = new ArrayList<>();
            for (String name : List.of("a-" + prefix, "b-" + prefix)) {
                creations.add(pool.submit(() -> {
                    go.await();
                    return asSupervisor().contentType(ContentType.JSON)
                            .body(Map.of("username", name, "capacity", 250, "areas", List.of(district)))
                            .post("/api/v1/social-workers").statusCode();
                }));
            }
            go.countDown();

            assertEquals(201, creations.get(0).get(30, TimeUnit.SECONDS));
            assertEquals(201, creations.get(1).get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        for (UUID household : households) {
            String caseId = (String) awaitCase(household, c -> c.get("workerId") != null).get("id");
            assertEquals(1, given().get("/api/v1/cases/" + caseId + "/assignments").then().statusCode(200)
                    .extract().<List<?>>path("").size(), "assignments of case " + caseId);
        }
    }

    @Test
    void aLeavingWorkersCaseloadIsRedistributedAndTheHistoryKept() {
        String district = freshDistrict();
        String prefix = UUID.randomUUID().toString().substring(0, 6);
        String leaving = createWorker("a-" + prefix, 250, district);
        List<UUID> households = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID household = register(district + ".100" + i);
            assertEquals(leaving, awaitWorkerOf(household));
            households.add(household);
        }
        String first = createWorker("b-" + prefix, 250, district);
        String second = createWorker("c-" + prefix, 250, district + ".1000", district + ".1001");

        Map<String, Object> left = asSupervisor()
                .post("/api/v1/social-workers/" + leaving + "/deactivation")
                .then().statusCode(200).extract().path("");

        assertEquals("INACTIVE", left.get("status"));
        assertEquals(0, left.get("caseCount"));
        // The region's worker list shows who is left, and how many cases each carries now.
        List<Map<String, Object>> listed = given().queryParam("regionPrefix", district)
                .get("/api/v1/social-workers").then().statusCode(200).extract().path("");
        assertEquals(List.of("b-" + prefix, "c-" + prefix), listed.stream().map(w -> w.get("username")).toList());
        assertEquals(3, listed.stream().mapToInt(w -> (Integer) w.get("caseCount")).sum());
        assertEquals(3, given().queryParam("regionPrefix", district).queryParam("includeInactive", true)
                .get("/api/v1/social-workers").then().statusCode(200).extract().<List<?>>path("").size());
        // In case-id order, each to the least loaded covering worker: b and c share, b alone covers .1002.
        List<String> now = households.stream().map(h -> (String) awaitCase(h, c -> !leaving.equals(c.get("workerId")))
                .get("workerId")).toList();
        assertTrue(now.stream().allMatch(w -> w.equals(first) || w.equals(second)), now.toString());
        assertEquals(first, now.get(2));
        assertNotEquals(now.get(0), now.get(1));

        String caseId = (String) awaitCase(households.get(0), c -> true).get("id");
        List<Map<String, Object>> history = given().get("/api/v1/cases/" + caseId + "/assignments")
                .then().statusCode(200).extract().path("");
        assertEquals(List.of("BALANCED", "WORKER_LEFT"), history.stream().map(h -> h.get("reason")).toList());
        assertEquals(leaving, history.get(1).get("previousWorkerId"));
        assertEquals(SUPERVISOR, history.get(1).get("assignedBy"));
        String event = awaitCaseEvents(households.get(0), EventType.WORKER_ASSIGNED, 2).get(1).value();
        assertTrue(event.contains("\"reason\":\"WORKER_LEFT\"") && event.contains("\"previousWorkerId\":\"" + leaving),
                event);

        // An inactive worker takes no case; a supervisor can move one between active workers.
        asSupervisor().contentType(ContentType.JSON).body(Map.of("workerId", leaving))
                .post("/api/v1/cases/" + caseId + "/assignment")
                .then().statusCode(409).contentType("application/problem+json");
        String other = now.get(0).equals(first) ? second : first;
        assertEquals(other, asSupervisor().contentType(ContentType.JSON)
                .body(Map.of("workerId", other)).post("/api/v1/cases/" + caseId + "/assignment")
                .then().statusCode(200).extract().path("workerId"));
        assertEquals(other, awaitCase(households.get(0), c -> true).get("workerId"));
        assertTrue(awaitCaseEvents(households.get(0), EventType.WORKER_ASSIGNED, 3).get(2).value()
                .contains("\"reason\":\"REASSIGNED\""));
    }

    @Test
    void aWorkerWhoseAreasChangeHandsOverCasesNoLongerCoveredAndPicksUpNewOnes() {
        String district = freshDistrict();
        String other = freshDistrict();
        String prefix = UUID.randomUUID().toString().substring(0, 6);
        String changing = createWorker("a-" + prefix, 250, district + ".1001", district + ".1002");
        String stays = createWorker("b-" + prefix, 250, district);
        UUID handedOver = register(district + ".1001");
        assertEquals(changing, awaitWorkerOf(handedOver));           // tie: the smaller username
        UUID waiting = register(other + ".1001");
        assertNull(awaitCase(waiting, c -> "OPEN".equals(c.get("status"))).get("workerId"));

        Map<String, Object> changed = asSupervisor().contentType(ContentType.JSON)
                .body(Map.of("capacity", 100, "areas", List.of(district + ".1002", other)))
                .put("/api/v1/social-workers/" + changing)
                .then().statusCode(200).extract().path("");

        assertEquals(100, changed.get("capacity"));
        assertEquals(java.util.stream.Stream.of(district + ".1002", other).sorted().toList(), changed.get("areas"));
        assertEquals(stays, awaitCase(handedOver, c -> true).get("workerId"));
        assertEquals(changing, awaitCase(waiting, c -> true).get("workerId"));
        String caseId = (String) awaitCase(handedOver, c -> true).get("id");
        List<Map<String, Object>> history = given().get("/api/v1/cases/" + caseId + "/assignments")
                .then().statusCode(200).extract().path("");
        assertEquals(List.of("BALANCED", "REASSIGNED"), history.stream().map(h -> h.get("reason")).toList());
        assertEquals(changing, history.get(1).get("previousWorkerId"));
        assertTrue(awaitCaseEvents(handedOver, EventType.WORKER_ASSIGNED, 2).get(1).value()
                .contains("\"reason\":\"REASSIGNED\""));
        assertTrue(awaitCaseEvents(waiting, EventType.WORKER_ASSIGNED, 1).get(0).value()
                .contains("\"workerId\":\"" + changing + "\""));
    }

    @Test
    void aWorkerSeesOnlyTheirOwnCaseload() {
        String district = freshDistrict();
        String prefix = UUID.randomUUID().toString().substring(0, 6);
        String mine = "a-" + prefix;
        createWorker(mine, 250, district + ".1001");
        createWorker("b-" + prefix, 250, district + ".1002");
        UUID myHousehold = register(district + ".1001");
        UUID theirHousehold = register(district + ".1002");
        awaitWorkerOf(myHousehold);
        awaitWorkerOf(theirHousehold);

        List<String> caseload = asWorker(mine).get("/api/v1/me/caseload")
                .then().statusCode(200).extract().path("householdId");

        assertEquals(List.of(myHousehold.toString()), caseload);
        asWorker("nobody-" + prefix).get("/api/v1/me/caseload")
                .then().statusCode(403).contentType("application/problem+json");
        // Without a token: 401; staff are not field workers: 403.
        RestAssured.given().get("/api/v1/me/caseload").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/me/caseload").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void badWorkerInputIsAProblemNamingTheField() {
        List<String> fields = asSupervisor().contentType(ContentType.JSON)
                .body(Map.of("username", uniqueUsername("x"), "capacity", 0, "areas", List.of("64.72")))
                .post("/api/v1/social-workers")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().path("errors.field");
        assertEquals(List.of("areas[0]", "capacity"), fields);
        String username = uniqueUsername("dup");
        createWorker(username, 10, freshDistrict());
        asSupervisor().contentType(ContentType.JSON)
                .body(Map.of("username", username, "capacity", 10, "areas", List.of(freshDistrict())))
                .post("/api/v1/social-workers")
                .then().statusCode(409);
        given().get("/api/v1/social-workers/" + UUID.randomUUID()).then().statusCode(404);
    }

    /**
     * Issue #14: households of three districts arriving in one backlog are applied in parallel lanes, each lane's
     * batch in one transaction. Opening a case takes its district's lock; lanes that took districts household by
     * household deadlocked one another, and every deadlock sent a whole batch down the one-by-one path.
     */
    @Test
    void householdsOfSeveralDistrictsInOneBacklogAreAssignedWithoutALaneFallingBack() {
        List<String> districts = List.of(freshDistrict(), freshDistrict(), freshDistrict());
        districts.forEach(d -> createWorker(uniqueUsername("lane"), 250, d));
        double batchedBefore = consumerCounter("graduasi_events_batched_total");
        double fallbacksBefore = consumerCounter("graduasi_events_batch_fallbacks_total");
        List<HouseholdRegistered> registrations = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            registrations.add(new HouseholdRegistered(UUID.randomUUID(), districts.get(i % 3) + ".1001", 4, today()));
        }
        TestKafka.publishAll(registrations);

        registrations.forEach(r -> awaitWorkerOf(r.householdId()));
        assertTrue(consumerCounter("graduasi_events_batched_total") > batchedBefore, "events applied in lane batches");
        assertEquals(fallbacksBefore, consumerCounter("graduasi_events_batch_fallbacks_total"),
                "lane batches that failed");
    }

    private static double consumerCounter(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("graduasi-events"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
