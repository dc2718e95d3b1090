package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.asWorker;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.createWorker;
import static id.graduasi.mentoring.MentoringTestSupport.freshDistrict;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static id.graduasi.mentoring.MentoringTestSupport.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class FollowUpAgendaTest {

    @Test
    void aDisbursementMakesAFollowUpVisitDueAndAHomeVisitOnOrAfterPaydayFulfilsIt() {
        String district = freshDistrict();
        String village = district + ".1001";
        String username = uniqueUsername("pendamping");
        String worker = createWorker(username, 250, district);
        UUID household = register(village);
        awaitWorkerOf(household);
        LocalDate paidOn = today().minusDays(20);

        TestKafka.publish(disbursed(household, village, paidOn, 1));
        String second = TestKafka.publish(disbursed(household, village, paidOn.plusDays(1), 2)); // one open at a time

        // The second payment, read right after the first, adds nothing while the first follow-up is open: once it is
        // consumed (in the inbox; same key, so the first was consumed before it) the agenda holds one follow-up.
        await().atMost(Duration.ofSeconds(30)).until(() -> MentoringTestSupport.consumed(second));
        List<Map<String, Object>> followUps = followUps(agenda(worker, 0));
        assertEquals(1, followUps.size(), "follow-ups after two payments: " + followUps);
        assertEquals(paidOn.toString(), followUps.get(0).get("paidOn"));
        assertEquals(paidOn.plusDays(14).toString(), followUps.get(0).get("dueOn"));
        assertEquals(true, followUps.get(0).get("overdue"));
        assertEquals(household.toString(), followUps.get(0).get("householdId"));
        // The field app sees the same agenda under its user.
        assertEquals(followUps, followUps(asWorker(username).queryParam("horizonDays", 0)
                .get("/api/v1/me/agenda").then().statusCode(200).extract().path("")));
        Map<String, Object> counts = given().queryParam("regionPrefix", district.substring(0, 5))
                .get("/api/v1/follow-ups/overdue-counts").then().statusCode(200).extract().path("");
        assertEquals(List.of(Map.of("regionCode", district, "overdue", 1)), counts.get("regions"));

        // A visit before the payment does not count; one on the day after does.
        homeVisit(username, household, paidOn.minusDays(1));
        assertEquals(1, followUps(agenda(worker, 0)).size());
        homeVisit(username, household, paidOn.plusDays(1));

        assertEquals(List.of(), followUps(agenda(worker, 0)));
        assertEquals(0, given().queryParam("regionPrefix", district).get("/api/v1/follow-ups/overdue-counts")
                .then().statusCode(200).extract().<Integer>path("total"));
    }

    @Test
    void aFollowUpNotYetDueIsOnTheAgendaWithinTheHorizonOnly() {
        String district = freshDistrict();
        String village = district + ".1001";
        String worker = createWorker(uniqueUsername("pendamping"), 250, district);
        UUID household = register(village);
        awaitWorkerOf(household);

        TestKafka.publish(disbursed(household, village, today().minusDays(10), 1)); // due in 4 days

        await().atMost(Duration.ofSeconds(30)).until(() -> followUps(agenda(worker, 7)).size() == 1);
        Map<String, Object> item = followUps(agenda(worker, 7)).get(0);
        assertEquals(false, item.get("overdue"));
        assertEquals(today().plusDays(4).toString(), item.get("dueOn"));
        assertEquals(List.of(), followUps(agenda(worker, 3)));
    }

    @Test
    void regularVisitsAreMonthlyForOpenCasesAndQuarterlyUnderMonitoring() {
        String district = freshDistrict();
        String username = uniqueUsername("pendamping");
        String worker = createWorker(username, 250, district);
        UUID open = register(district + ".1001");
        UUID graduated = register(district + ".1002");
        awaitWorkerOf(open);
        awaitWorkerOf(graduated);
        MentoringTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), graduated, district + ".1002", "GRADUASI_MANDIRI",
                "EKONOMI_MEMBAIK", today()));
        awaitCase(graduated, c -> "MONITORING".equals(c.get("status")));
        LocalDate lastVisit = today().minusDays(40);
        homeVisit(username, open, lastVisit);
        homeVisit(username, graduated, lastVisit);

        List<Map<String, Object>> week = regularVisits(agenda(worker, 7));
        assertEquals(1, week.size());
        assertEquals(open.toString(), week.get(0).get("householdId"));
        assertEquals(lastVisit.plusDays(30).toString(), week.get(0).get("dueOn"));
        assertEquals(true, week.get(0).get("overdue"));
        assertEquals(lastVisit.toString(), week.get(0).get("lastHomeVisitOn"));

        List<Map<String, Object>> twoMonths = regularVisits(agenda(worker, 60));
        assertEquals(List.of(open.toString(), graduated.toString()),
                twoMonths.stream().map(i -> i.get("householdId")).toList());
        assertEquals(lastVisit.plusDays(90).toString(), twoMonths.get(1).get("dueOn"));
        assertEquals("MONITORING", twoMonths.get(1).get("caseStatus"));
    }

    @Test
    void overdueCountsNeedAWellFormedRegion() {
        given().queryParam("regionPrefix", "64.7").get("/api/v1/follow-ups/overdue-counts")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/follow-ups/overdue-counts").then().statusCode(400);
    }

    private static AidDisbursed disbursed(UUID household, String village, LocalDate paidOn, int tranche) {
        return new AidDisbursed(UUID.randomUUID(), household, UUID.randomUUID(), "PKH", paidOn.getYear(), tranche,
                750_000, village, paidOn);
    }

    static void homeVisit(String username, UUID household, LocalDate on) {
        asWorker(username).contentType(ContentType.JSON)
                .body(Map.of("id", UUID.randomUUID(), "householdId", household, "visitedOn", on.toString(),
                        "checklist", Map.of("aidUsedAsIntended", true)))
                .post("/api/v1/visits").then().statusCode(201);
    }

    private static Map<String, Object> agenda(String worker, int horizonDays) {
        return given().queryParam("horizonDays", horizonDays).get("/api/v1/social-workers/" + worker + "/agenda")
                .then().statusCode(200).extract().path("");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> followUps(Map<String, Object> agenda) {
        return ((List<Map<String, Object>>) agenda.get("items")).stream()
                .filter(i -> "FOLLOW_UP".equals(i.get("type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> regularVisits(Map<String, Object> agenda) {
        return ((List<Map<String, Object>>) agenda.get("items")).stream()
                .filter(i -> "REGULAR_VISIT".equals(i.get("type"))).toList();
    }
}
