package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.household;
import static id.graduasi.assistance.AssistanceTestSupport.withToken;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

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
 * Issue #7 for assistance: the audit log answers "who changed this household" for every kind of officer write
 * (with the request id), a partner's reads of household data are logged too, cycle commands are recorded by
 * cycle, scopes filter lists in the query, and free text an officer types never reaches the log, the topic or
 * the audit log.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityAuditAndPersonalDataTest {

    static final String VILLAGE = "64.72.01.1001";
    static final String OFFICER = TestTokens.token("officer-siti", Set.of(Roles.OFFICER), Set.of("64.72"));
    static final String OTHER_OFFICER = TestTokens.token("officer-budi", Set.of(Roles.OFFICER), Set.of("64"));
    static final String SUPERVISOR = TestTokens.token("supervisor-rina", Set.of(Roles.SUPERVISOR), Set.of("*"));
    static final String PLANNER = TestTokens.token("officer-province", Set.of(Roles.OFFICER), Set.of("*"));
    static final String AUDITOR = TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*"));
    static final String PARTNER = TestTokens.token("partner-bank", Set.of(Roles.PARTNER), Set.of("64.72"),
            Set.of("MODAL_USAHA"));
    static final LocalDate ADULT = LocalDate.now().minusYears(35);
    static final LocalDate TODDLER = LocalDate.now().minusYears(2);

    @Test
    void whoChangedThisHouseholdListsEveryOfficerWriteAndPartnerReadWithActorAndRequestId() {
        List<String> group = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            group.add(household(VILLAGE, ADULT, TODDLER));
        }
        String id = group.get(0);
        String enrollment = as(OFFICER, "req-enrol-1").contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + id + "\", \"programme\": \"MODAL_USAHA\", "
                        + "\"justification\": \"tailoring business plan approved\"}")
                .post("/api/v1/enrollments").then().statusCode(201)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
                .extract().path("id");
        as(OFFICER, "req-suspend-2").contentType(ContentType.JSON).body("{\"reason\": \"ELIGIBILITY_REVIEW\"}")
                .post("/api/v1/enrollments/" + enrollment + "/suspension").then().statusCode(200);
        as(OTHER_OFFICER, "req-resume-3").post("/api/v1/enrollments/" + enrollment + "/resumption").then()
                .statusCode(200);
        // A refused write leaves no trace: the audit row commits with the write or not at all.
        as(OTHER_OFFICER, "req-refused").post("/api/v1/enrollments/" + enrollment + "/resumption").then()
                .statusCode(409);
        as(OFFICER, "req-kube-4").contentType(ContentType.JSON)
                .body(Map.of("name", "KUBE Audit", "villageCode", VILLAGE, "businessType", "CATERING",
                        "householdIds", group))
                .post("/api/v1/kube-groups").then().statusCode(201);
        // A partner granted MODAL_USAHA reads the household's enrollments: it sees that one only, and it is logged.
        as(PARTNER, "req-partner-5").queryParam("householdId", id).get("/api/v1/enrollments").then()
                .statusCode(200).body("programme", equalTo(List.of("MODAL_USAHA")));
        as(OTHER_OFFICER, "req-exit-6").contentType(ContentType.JSON).body("{\"reason\": \"MOVED\"}")
                .post("/api/v1/enrollments/" + enrollment + "/exit").then().statusCode(200);

        withToken(AUDITOR).get("/api/v1/audit?order=oldest&householdId=" + id).then().statusCode(200)
                .body("action", equalTo(List.of("ENROL", "SUSPEND", "RESUME", "FORM_KUBE_GROUP", "READ", "EXIT")))
                .body("actor", equalTo(List.of("officer-siti", "officer-siti", "officer-budi", "officer-siti",
                        "partner-bank", "officer-budi")))
                .body("requestId", equalTo(List.of("req-enrol-1", "req-suspend-2", "req-resume-3", "req-kube-4",
                        "req-partner-5", "req-exit-6")))
                .body("[1].summary", equalTo("MODAL_USAHA ACTIVE -> SUSPENDED, reason ELIGIBILITY_REVIEW"))
                .body("[5].summary", equalTo("MODAL_USAHA ACTIVE -> EXITED, reason MOVED"));
        // Every member of the group has its own row; an auditor of another province sees none of it, and an
        // officer may not read the log at all.
        withToken(AUDITOR).get("/api/v1/audit?householdId=" + group.get(4)).then().statusCode(200)
                .body("action", equalTo(List.of("FORM_KUBE_GROUP")));
        withToken(TestTokens.token("auditor-aceh", Set.of(Roles.AUDITOR), Set.of("11")))
                .get("/api/v1/audit?householdId=" + id).then().statusCode(200).body("", hasSize(0));
        withToken(OFFICER).get("/api/v1/audit?householdId=" + id).then().statusCode(403);
    }

    @Test
    void cycleCommandsAreRecordedByCycleWithTheirActors() {
        household(VILLAGE, ADULT, TODDLER);
        String cycle = as(PLANNER, "req-cycle-1").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": 2045, \"tranche\": 1}").post("/api/v1/disbursement-cycles")
                .then().statusCode(201).extract().path("id");
        as(PLANNER, "req-cycle-2").post("/api/v1/disbursement-cycles/" + cycle + "/computation").then()
                .statusCode(200);
        as(SUPERVISOR, "req-cycle-3").post("/api/v1/disbursement-cycles/" + cycle + "/approval").then()
                .statusCode(200).body("approvedBy", equalTo("supervisor-rina"));
        as(PLANNER, "req-cycle-4").post("/api/v1/disbursement-cycles/" + cycle + "/dispatch").then()
                .statusCode(202);
        withToken(AUDITOR).get("/api/v1/audit?order=oldest&entityId=" + cycle).then().statusCode(200)
                .body("action", equalTo(List.of("CREATE_CYCLE", "COMPUTE_CYCLE", "APPROVE_CYCLE", "DISPATCH_CYCLE")))
                .body("actor", equalTo(List.of("officer-province", "officer-province", "supervisor-rina",
                        "officer-province")))
                .body("requestId", equalTo(List.of("req-cycle-1", "req-cycle-2", "req-cycle-3", "req-cycle-4")));
    }

    @Test
    void listsOnlyShowHouseholdsAndProgrammesInTheCallersScope() {
        String aceh = household("11.01.01.2001", ADULT, TODDLER);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> AssistanceTestSupport.given()
                .queryParam("householdId", aceh).get("/api/v1/enrollments").then().extract().path("size()"),
                Integer.valueOf(1)::equals);
        withToken(OFFICER).queryParam("householdId", aceh).get("/api/v1/enrollments").then().statusCode(200)
                .body("", hasSize(0));
        withToken(OFFICER).get("/api/v1/households/" + aceh).then().statusCode(404)
                .contentType("application/problem+json");
        // A partner of the right region without the PKH grant sees none of the household's PKH enrollment.
        String samarinda = household(VILLAGE, ADULT, TODDLER);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> AssistanceTestSupport.given()
                .queryParam("householdId", samarinda).get("/api/v1/enrollments").then().extract().path("size()"),
                Integer.valueOf(1)::equals);
        withToken(PARTNER).queryParam("householdId", samarinda).get("/api/v1/enrollments").then().statusCode(200)
                .body("", hasSize(0));
        String pkh = AssistanceTestSupport.given().queryParam("householdId", samarinda).get("/api/v1/enrollments")
                .then().extract().path("[0].id");
        withToken(PARTNER).get("/api/v1/enrollments/" + pkh).then().statusCode(404);
        withToken(TestTokens.token("partner-pkh", Set.of(Roles.PARTNER), Set.of("64.72"), Set.of("PKH")))
                .get("/api/v1/enrollments/" + pkh).then().statusCode(200).body("programme", equalTo("PKH"));
        withToken(TestTokens.token("worker-a", Set.of(Roles.SOCIAL_WORKER), Set.of("64.72.01")))
                .queryParam("householdId", samarinda).get("/api/v1/enrollments").then().statusCode(200)
                .body("", hasSize(1));
    }

    @Test
    void noNameOrNikAnOfficerTypesReachesTheLogTheTopicOrTheAuditLog() throws Exception {
        String name = "Siti Aminah Rahmawati";
        String nik = "6472015507800003";
        String adult = household(VILLAGE, ADULT);
        String justification = "requested by " + name + " NIK " + nik;
        String enrollment = withToken(OFFICER).contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + adult + "\", \"programme\": \"MODAL_USAHA\", "
                        + "\"justification\": \"" + justification + "\"}")
                .post("/api/v1/enrollments").then().statusCode(201).extract().path("id");
        // Refused: the same words must not be logged either.
        String toddlerOnly = household(VILLAGE, TODDLER);
        withToken(OFFICER).contentType(ContentType.JSON)
                .body("{\"householdId\": \"" + toddlerOnly + "\", \"programme\": \"MODAL_USAHA\", "
                        + "\"justification\": \"" + justification + "\"}")
                .post("/api/v1/enrollments").then().statusCode(409);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !TestKafka.readAll(
                Topics.ASSISTANCE_ENROLLMENT, e -> adult.equals(e.key()) && e.value().contains(enrollment)).isEmpty());
        String topic = String.join("\n", TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT).stream()
                .map(e -> e.value() + " " + e.headers()).toList());
        Path logFile = Path.of("target", "assistance-test.log");
        assertTrue(Files.exists(logFile), "the test profile logs to " + logFile);
        String log = Files.readString(logFile);
        String audit = withToken(AUDITOR).get("/api/v1/audit?householdId=" + adult).then().statusCode(200)
                .body("action", equalTo(List.of("ENROL"))).extract().asString();
        for (String where : List.of("log", "topic", "audit")) {
            String text = switch (where) {
                case "log" -> log;
                case "topic" -> topic;
                default -> audit;
            };
            assertFalse(text.contains(nik), "a NIK in the " + where);
            assertFalse(text.contains(name), "a name in the " + where);
        }
    }

    private static RequestSpecification as(String token, String requestId) {
        return withToken(token).header("X-Request-Id", requestId);
    }
}
