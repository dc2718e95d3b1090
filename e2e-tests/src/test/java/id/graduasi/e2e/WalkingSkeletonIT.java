package id.graduasi.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.local.ServiceProcess.Service;
import io.restassured.http.ContentType;

/**
 * The graduation flow through all four services, each its own packaged Quarkus application with its own
 * database, against one real Kafka broker and one real PostgreSQL: register → PKH enrolment, a case given to the
 * covering social worker, graduation's readiness view → a PKH tranche approved by a second officer and paid by a
 * (simulated) bank → graduation sees the aid, mentoring a follow-up due → the worker's visit and assessment,
 * indicators over six months → the evaluation meets GRADUASI_MANDIRI → proposal → four-eyes decision → registry
 * GRADUATED, enrollment ended, case monitored → reversal → every service takes the household back; graduation
 * statistics count both.
 */
class WalkingSkeletonIT {

    private static E2ePlatform PLATFORM;

    @BeforeAll
    static void startThePlatform() throws Exception {
        // Calls carry a staff token unless made as someone (as(user)).
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + id.graduasi.testing.TestTokens.staff()).build();
        // A call made as someone (as(user)) replaces the default staff token rather than sending both.
        io.restassured.RestAssured.config = io.restassured.config.RestAssuredConfig.config().headerConfig(
                io.restassured.config.HeaderConfig.headerConfig()
                        .overwriteHeadersWithName("Authorization", "Content-Type", "Accept"));
        PLATFORM = new E2ePlatform("walking_skeleton");
    }

    @AfterAll
    static void stopThePlatform() {
        if (PLATFORM != null) {
            PLATFORM.close();
        }
    }

    @Test
    void aMetPathwayProposedAndApprovedGraduatesEverywhereAndItsReversalReachesEveryService() throws Exception {
        String kk = randomKk();
        String household = given().baseUri(url(Service.REGISTRY)).contentType(ContentType.JSON)
                .body("""
                        {"kkNumber": "%s", "villageCode": "64.72.01.1001", "welfareCategory": "MISKIN",
                         "dtsenDecile": 2, "registrationSource": "OFFICER",
                         "members": [{"nik": "6472015503900001", "name": "Siti Aminah", "sex": "F",
                                      "birthDate": "1990-03-15", "relationship": "HEAD"},
                                     {"nik": "6472011204150002", "name": "Rizky", "sex": "M",
                                      "birthDate": "2015-04-12", "relationship": "CHILD",
                                      "educationLevel": "SD", "schoolEnrolled": true}]}
                        """.formatted(kk))
                .post("/api/v1/households")
                .then().statusCode(201).extract().path("id");

        // Registration fans out: assistance enrolls (Rizky earns a PKH component), mentoring opens a case, graduation builds its view.
        awaitValue(Service.ASSISTANCE, "/api/v1/enrollments?householdId=" + household, "[0].status", "ACTIVE");
        awaitValue(Service.MENTORING, "/api/v1/households/" + household + "/case", "status", "OPEN");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "caseStatus", "OPEN");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "activeEnrollments", 1);

        // A social worker covering the district takes the case.
        String worker = given().baseUri(url(Service.MENTORING)).contentType(ContentType.JSON)
                .header(as("supervisor-b"))
                .body("{\"username\": \"pendamping-a\", \"capacity\": 250, \"areas\": [\"64.72.01\"]}")
                .post("/api/v1/social-workers").then().statusCode(201).extract().path("id");
        awaitValue(Service.MENTORING, "/api/v1/households/" + household + "/case", "workerId", worker);

        for (String status : List.of("VERIFIED", "ACTIVE")) {
            given().baseUri(url(Service.REGISTRY)).contentType(ContentType.JSON)
                    .body("{\"status\": \"" + status + "\", \"reason\": \"FIELD_VERIFICATION\"}")
                    .post("/api/v1/households/" + household + "/status")
                    .then().statusCode(200);
        }
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "registryStatus", "ACTIVE");

        // Aid: a PKH tranche created by one officer, approved by another, sent to the bank, confirmed PAID.
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        String cycle = given().baseUri(url(Service.ASSISTANCE)).contentType(ContentType.JSON)
                .header(as("officer-a"))
                .body("{\"programme\": \"PKH\", \"year\": " + year + ", \"tranche\": 1}")
                .post("/api/v1/disbursement-cycles").then().statusCode(201).extract().path("id");
        given().baseUri(url(Service.ASSISTANCE)).header(as("supervisor-b"))
                .post("/api/v1/disbursement-cycles/" + cycle + "/approval").then().statusCode(200);
        given().baseUri(url(Service.ASSISTANCE)).header(as("officer-a"))
                .post("/api/v1/disbursement-cycles/" + cycle + "/dispatch").then().statusCode(202);
        awaitValue(Service.ASSISTANCE, "/api/v1/entitlements?householdId=" + household, "[0].status", "PAID");
        assertEquals(225_000, given().baseUri(url(Service.ASSISTANCE))
                .get("/api/v1/entitlements?householdId=" + household).then().extract().<Integer>path("[0].amount"),
                "Rizky's PRIMARY_SCHOOL component, one tranche");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "facts.aid[0].rupiah",
                225_000);
        awaitValue(Service.MENTORING, "/api/v1/social-workers/" + worker + "/agenda?horizonDays=30", "items.findAll { it.type == "
                + "'FOLLOW_UP' && it.householdId == '" + household + "' }.size()", 1);

        // Six months and more of indicators above the Kalimantan Timur poverty line, recorded in the registry.
        for (int m = 6; m >= 0; m--) {
            given().baseUri(url(Service.REGISTRY)).contentType(ContentType.JSON).body("""
                    {"observedOn": "%s", "incomePerCapitaMonth": 1150000, "expenditurePerCapitaMonth": 980000,
                     "incomeSources": 2, "savings": 750000, "businessActive": true, "mealsPerDay": 3,
                     "floorAreaPerPerson": 9.5, "floorMaterial": "CEMENT", "wallMaterial": "PLASTERED_BRICK",
                     "wallCondition": "GOOD", "roofCondition": "GOOD", "drinkingWater": "PIPED",
                     "sanitation": "OWN_TOILET", "electricity": "PLN_METERED"}
                    """.formatted(LocalDate.now(ZoneOffset.UTC).minusMonths(m)))
                    .post("/api/v1/households/" + household + "/indicators").then().statusCode(201);
        }
        // The pendamping visits after the payment (the follow-up it made due), and assesses the family.
        given().baseUri(url(Service.MENTORING)).contentType(ContentType.JSON).header(as("pendamping-a"))
                .body("""
                        {"id": "%s", "householdId": "%s", "visitedOn": "%s",
                         "checklist": {"aidUsedAsIntended": true, "businessRunning": true, "incomeReported": true,
                                       "savingsKept": true, "childrenAttendingSchool": true}}
                        """.formatted(UUID.randomUUID(), household, LocalDate.now(ZoneOffset.UTC)))
                .post("/api/v1/visits").then().statusCode(201);
        awaitValue(Service.MENTORING, "/api/v1/social-workers/" + worker + "/agenda?horizonDays=30", "items.findAll { it.type == "
                + "'FOLLOW_UP' && it.householdId == '" + household + "' }.size()", 0);
        given().baseUri(url(Service.MENTORING)).contentType(ContentType.JSON).header(as("pendamping-a"))
                .body(Map.of("assessedOn", LocalDate.now(ZoneOffset.UTC).toString(), "scores",
                        Arrays.stream(AssessmentCriterion.values()).map(c -> Map.of("criterion", c.name(),
                                "score", 85, "evidence", "seen at the home visit")).toList()))
                .post("/api/v1/households/" + household + "/assessments").then().statusCode(201);
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "facts.observations.size()", 7);
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness",
                "facts.latestAssessment.scores.SAVINGS", 85);

        // Evaluate, propose, and a second person decides (the proposer may not).
        String evaluation = given().baseUri(url(Service.GRADUATION)).header(as("officer-a"))
                .post("/api/v1/households/" + household + "/evaluations")
                .then().statusCode(201).body("metPathway", equalTo("GRADUASI_MANDIRI")).extract().path("id");
        String proposal = given().baseUri(url(Service.GRADUATION)).contentType(ContentType.JSON)
                .header(as("officer-a"))
                .body("{\"householdId\": \"" + household + "\", \"pathway\": \"GRADUASI_MANDIRI\", \"evaluationId\": \""
                        + evaluation + "\", \"reasonCode\": \"EKONOMI_MEMBAIK\"}")
                .post("/api/v1/proposals").then().statusCode(201).extract().path("id");
        given().baseUri(url(Service.GRADUATION)).contentType(ContentType.JSON).header(as("officer-a"))
                .body("{\"outcome\": \"GRADUATED\"}").post("/api/v1/proposals/" + proposal + "/decision")
                .then().statusCode(403);
        String decision = given().baseUri(url(Service.GRADUATION)).contentType(ContentType.JSON)
                .header(as("supervisor-b"))
                .body("{\"outcome\": \"GRADUATED\", \"reasons\": [\"EKONOMI_MEMBAIK\"]}")
                .post("/api/v1/proposals/" + proposal + "/decision")
                .then().statusCode(200).body("status", equalTo("GRADUATED")).extract().path("decisionId");

        // The decision reaches every service.
        awaitValue(Service.REGISTRY, "/api/v1/households/" + household, "status", "GRADUATED");
        awaitValue(Service.ASSISTANCE, "/api/v1/enrollments?householdId=" + household, "[0].status", "EXITED");
        awaitValue(Service.MENTORING, "/api/v1/households/" + household + "/case", "status", "MONITORING");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "registryStatus", "GRADUATED");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "activeEnrollments", 0);
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "caseStatus", "MONITORING");

        assertEquals("GRADUATED", given().baseUri(url(Service.ASSISTANCE))
                .get("/api/v1/enrollments?householdId=" + household).then().extract().path("[0].exitReason"));

        given().baseUri(url(Service.GRADUATION)).get("/api/v1/statistics/graduations?groupBy=pathway")
                .then().body("total.graduated", equalTo(1)).body("total.reverted", equalTo(0));

        // The family relapses: another supervisor reverses the decision (four eyes: not the one who decided it),
        // and every service takes it back.
        given().baseUri(url(Service.GRADUATION)).contentType(ContentType.JSON).header(as("supervisor-b"))
                .body("{\"reasonCode\": \"RELAPSE\"}").post("/api/v1/decisions/" + decision + "/reversal")
                .then().statusCode(403);
        given().baseUri(url(Service.GRADUATION)).contentType(ContentType.JSON).header(as("supervisor-c"))
                .body("{\"reasonCode\": \"RELAPSE\", \"note\": \"income fell below the poverty line\"}")
                .post("/api/v1/decisions/" + decision + "/reversal")
                .then().statusCode(200).body("status", equalTo("REVERTED"));
        awaitValue(Service.REGISTRY, "/api/v1/households/" + household, "status", "ACTIVE");
        awaitValue(Service.ASSISTANCE, "/api/v1/enrollments?householdId=" + household, "[0].status", "ACTIVE");
        awaitValue(Service.MENTORING, "/api/v1/households/" + household + "/case", "status", "OPEN");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "caseStatus", "OPEN");
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "activeEnrollments", 1);
        awaitValue(Service.GRADUATION, "/api/v1/households/" + household + "/readiness", "registryStatus", "ACTIVE");
        given().baseUri(url(Service.GRADUATION)).get("/api/v1/statistics/graduations?groupBy=pathway")
                .then().body("total.graduated", equalTo(1)).body("total.reverted", equalTo(1))
                .body("total.relapseRate", equalTo(1.0f));

        // Each service's audit log answers "who changed this household": every change made above, by whom.
        assertEquals(List.of("test-staff REGISTER", "test-staff STATUS", "test-staff STATUS"),
                audit(Service.REGISTRY, household).stream()
                        .filter(e -> !e.endsWith("RECORD_INDICATORS")).toList());
        assertEquals(7, audit(Service.REGISTRY, household).stream()
                .filter(e -> e.equals("test-staff RECORD_INDICATORS")).count());
        // The bank's signed confirmation; the case given to the worker the supervisor registered; the worker's visit
        // and assessment; evaluation and proposal, the decision, its reversal by a second supervisor. What consumers
        // did on events is not a person's change: the events are its record.
        assertEquals(List.of("payment-provider CONFIRM_PAYMENT"), audit(Service.ASSISTANCE, household));
        assertEquals(List.of("supervisor-b ASSIGN", "pendamping-a RECORD_VISIT", "pendamping-a ASSESS"),
                audit(Service.MENTORING, household));
        assertEquals(List.of("officer-a EVALUATE", "officer-a PROPOSE", "supervisor-b DECIDE", "supervisor-c REVERSE"),
                audit(Service.GRADUATION, household));
        assertEquals(List.of("officer-a CREATE_CYCLE", "supervisor-b APPROVE_CYCLE", "officer-a DISPATCH_CYCLE"),
                auditOf(Service.ASSISTANCE, "entityId=" + cycle));

        assertNoPersonalDataInLogsOrTopics(List.of("6472015503900001", "6472011204150002", kk, "Siti Aminah",
                "Rizky"));
    }

    /**
     * Issue #7: the NIKs, KK number and names registered in this test appear in no service's log and in no
     * event on any topic (dead-letter topics included).
     */
    private static void assertNoPersonalDataInLogsOrTopics(List<String> personalData) throws Exception {
        StringBuilder logs = new StringBuilder();
        try (var files = java.nio.file.Files.list(PLATFORM.logs())) {
            for (java.nio.file.Path file : files.toList()) {
                logs.append(java.nio.file.Files.readString(file));
            }
        }
        StringBuilder topics = new StringBuilder();
        for (String topic : id.graduasi.events.contract.Topics.all()) {
            for (var event : id.graduasi.testing.TestKafka.readAll(topic)) {
                topics.append(event.key()).append(' ').append(event.value()).append(' ').append(event.headers())
                        .append('\n');
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(logs.length() > 10_000, "the services' logs were captured");
        org.junit.jupiter.api.Assertions.assertTrue(topics.length() > 1_000, "the topics were read");
        for (String value : personalData) {
            org.junit.jupiter.api.Assertions.assertFalse(logs.toString().contains(value), value + " in a log");
            org.junit.jupiter.api.Assertions.assertFalse(topics.toString().contains(value), value + " on a topic");
        }
    }

    /** "actor action" of each audit entry about the household, oldest first, as an auditor reads them. */
    private static List<String> audit(Service service, String household) {
        return auditOf(service, "householdId=" + household);
    }

    private static List<String> auditOf(Service service, String query) {
        List<Map<String, Object>> entries = given().baseUri(url(service)).header(as("auditor-x"))
                .get("/api/v1/audit?order=oldest&" + query).then().statusCode(200).extract().path("");
        return entries.stream().map(e -> e.get("actor") + " " + e.get("action")).toList();
    }

    private static void awaitValue(Service service, String path, String field, Object expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(url(service)).get(path).then().extract().path(field),
                expected::equals);
    }

    /** A person's calls, with their own token: the role comes from the user name (supervisor-b, pendamping-a, ...). */
    private static io.restassured.http.Header as(String user) {
        String role = user.startsWith("supervisor") ? "SUPERVISOR" : user.startsWith("pendamping") ? "SOCIAL_WORKER"
                : user.startsWith("auditor") ? "AUDITOR" : "OFFICER";
        return new io.restassured.http.Header("Authorization", "Bearer " + id.graduasi.testing.TestTokens.token(user,
                java.util.Set.of(role), java.util.Set.of("*")));
    }

    private static String url(Service service) {
        return PLATFORM.url(service);
    }

    private static String randomKk() {
        return "6472" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }
}
