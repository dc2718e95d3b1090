package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.as;
import static id.graduasi.graduation.Households.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityAuditAndPersonalDataTest {

    private static final String VILLAGE = "64.72.03.1001";
    static final String AUDITOR = TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*"));

    /** Free text a person might type into a note: a name and a NIK, which must stay out of logs and events. */
    private static final String NAME = "Sumarni Wulandari";
    private static final String NIK = "6472014512850003";

    @Test
    void whoChangedThisHouseholdAnswersForEveryKindOfWrite() {
        UUID household = Households.readyForAlamiah(VILLAGE, today().minusDays(200));
        String evaluation = as("ani").header("X-Request-Id", "req-evaluate").post("/api/v1/households/" + household
                + "/evaluations").then().statusCode(201).header("X-Request-Id", "req-evaluate")
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store").extract().path("id");
        String deferred = proposeAlamiah(household, evaluation, "req-propose-1");
        as("budi").header("X-Request-Id", "req-defer").contentType(ContentType.JSON)
                .body("{\"outcome\": \"DEFERRED\", \"reasons\": [\"TUNGGU_PANEN\"]}")
                .post("/api/v1/proposals/" + deferred + "/decision").then().statusCode(200);
        String proposal = proposeAlamiah(household, evaluation, "req-propose-2");
        String decision = as("budi").header("X-Request-Id", "req-graduate").contentType(ContentType.JSON)
                .body("{\"outcome\": \"GRADUATED\"}").post("/api/v1/proposals/" + proposal + "/decision")
                .then().statusCode(200).extract().path("decisionId");
        String review = suspectRelapse(household);
        as("dewi").header("X-Request-Id", "req-dismiss").contentType(ContentType.JSON)
                .body("{\"reasonCode\": \"NO_RELAPSE\"}").post("/api/v1/relapse-reviews/" + review + "/dismissal")
                .then().statusCode(200);
        // A refused write leaves no trace: budi decided, so he may not reverse; the audit row commits with the
        // write or not at all.
        as("budi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\"}")
                .post("/api/v1/decisions/" + decision + "/reversal").then().statusCode(403);
        as("dewi").header("X-Request-Id", "req-reverse").contentType(ContentType.JSON)
                .body("{\"reasonCode\": \"RELAPSE\"}").post("/api/v1/decisions/" + decision + "/reversal")
                .then().statusCode(200);

        RestAssured.given().header("Authorization", "Bearer " + AUDITOR)
                .get("/api/v1/audit?order=oldest&householdId=" + household).then().statusCode(200)
                .body("", hasSize(7))
                .body("action", equalTo(List.of("EVALUATE", "PROPOSE", "DECIDE", "PROPOSE", "DECIDE", "DISMISS",
                        "REVERSE")))
                .body("actor", equalTo(List.of("ani", "ani", "budi", "ani", "budi", "dewi", "dewi")))
                .body("requestId", equalTo(List.of("req-evaluate", "req-propose-1", "req-defer", "req-propose-2",
                        "req-graduate", "req-dismiss", "req-reverse")))
                .body("entityId", equalTo(List.of(evaluation, deferred, deferred, proposal, proposal, review,
                        decision)))
                .body("[2].summary", equalTo("proposal " + deferred + " decided DEFERRED, reasons TUNGGU_PANEN"))
                .body("[6].summary", equalTo("decision " + decision + " (GRADUASI_ALAMIAH) reverted on " + today()
                        + ", reason RELAPSE"));
        // An auditor of another province sees none of it; an officer may not read the log at all.
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.token("auditor-aceh",
                Set.of(Roles.AUDITOR), Set.of("11"))).get("/api/v1/audit?householdId=" + household).then()
                .statusCode(200).body("", hasSize(0));
        as("ani").get("/api/v1/audit?householdId=" + household).then().statusCode(403);
    }

    @Test
    void writesWithoutAHouseholdAreAuditedToo() throws Exception {
        String job = as("ani").header("X-Request-Id", "req-job").contentType(ContentType.JSON)
                .body("{\"regionPrefix\": \"64.72.03\", \"cohort\": 2025}").post("/api/v1/evaluation-jobs")
                .then().statusCode(202).extract().path("id");
        String original;
        try (var in = getClass().getClassLoader().getResourceAsStream("criteria/pathways-v1.json")) {
            original = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // The document in force, published again: the same version, made current again, by kepala-dinas.
        int version = as("kepala-dinas").header("X-Request-Id", "req-criteria").contentType(ContentType.JSON)
                .body(original).post("/api/v1/criteria-versions").then().statusCode(201).extract().path("id");

        RestAssured.given().header("Authorization", "Bearer " + AUDITOR).get("/api/v1/audit?entityId=" + job)
                .then().statusCode(200).body("action", equalTo(List.of("START_EVALUATION_JOB")))
                .body("actor", equalTo(List.of("ani"))).body("requestId", equalTo(List.of("req-job")))
                .body("[0].summary", org.hamcrest.Matchers.startsWith("evaluation job " + job
                        + " over region 64.72.03, cohort 2025: "));
        RestAssured.given().header("Authorization", "Bearer " + AUDITOR)
                .get("/api/v1/audit?order=oldest&entityType=criteria-version&actor=kepala-dinas").then().statusCode(200)
                .body("[-1].action", equalTo("ACTIVATE")).body("[-1].entityId", equalTo(String.valueOf(version)))
                .body("[-1].requestId", equalTo("req-criteria"));
    }

    @Test
    void noNameOrNikTypedIntoANoteReachesTheLogTheTopicOrTheAuditLog() throws Exception {
        UUID household = Households.readyForAlamiah(VILLAGE, today().minusDays(300));
        String evaluation = Households.evaluate(household).then().statusCode(201).extract().path("id");
        String note = "Ibu " + NAME + " (NIK " + NIK + ") runs a warung";
        // A note too long is refused; the refusal must not log the text either.
        as("ani").contentType(ContentType.JSON).body("""
                {"householdId": "%s", "pathway": "GRADUASI_ALAMIAH", "evaluationId": "%s", "note": "%s"}"""
                .formatted(household, evaluation, (note + " ").repeat(40))).post("/api/v1/proposals").then()
                .statusCode(400);
        String proposal = as("ani").contentType(ContentType.JSON).body("""
                {"householdId": "%s", "pathway": "GRADUASI_ALAMIAH", "evaluationId": "%s", "note": "%s"}"""
                .formatted(household, evaluation, note)).post("/api/v1/proposals").then().statusCode(201)
                .extract().path("id");
        String decision = as("budi").contentType(ContentType.JSON)
                .body("{\"outcome\": \"GRADUATED\", \"note\": \"" + note + "\"}")
                .post("/api/v1/proposals/" + proposal + "/decision").then().statusCode(200)
                .extract().path("decisionId");
        as("dewi").contentType(ContentType.JSON).body("{\"reasonCode\": \"RELAPSE\", \"note\": \"" + note + "\"}")
                .post("/api/v1/decisions/" + decision + "/reversal").then().statusCode(200);
        List<TestKafka.Event> events = Households.announced(household, EventType.GRADUATION_REVERTED_V2.type(), 1);
        assertTrue(events.get(0).value().contains(decision));

        String topic = String.join("\n", TestKafka.readAll(Topics.GRADUATION_DECISION).stream()
                .map(e -> e.value() + " " + e.headers()).toList());
        Path logFile = Path.of("target", "graduation-test.log");
        assertTrue(Files.exists(logFile), "the test profile logs to " + logFile);
        String log = Files.readString(logFile);
        String audit = RestAssured.given().header("Authorization", "Bearer " + AUDITOR)
                .get("/api/v1/audit?householdId=" + household).then().statusCode(200).body("", hasSize(4))
                .extract().asString();
        for (String where : List.of("log", "topic", "audit")) {
            String text = switch (where) {
                case "log" -> log;
                case "topic" -> topic;
                default -> audit;
            };
            assertFalse(text.contains(NIK), "a NIK in the " + where);
            assertFalse(text.contains(NAME), "a name in the " + where);
        }
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedBeforeItIsRead() {
        as("kepala-dinas").contentType(ContentType.JSON).body("{\"version\": \"" + "x".repeat(1024 * 1024) + "\"}")
                .post("/api/v1/criteria-versions").then().statusCode(413).contentType("application/problem+json");
        given().get("/api/v1/criteria-versions/current").then().statusCode(200)
                .header("Strict-Transport-Security", org.hamcrest.Matchers.startsWith("max-age="))
                .header("Referrer-Policy", "no-referrer");
    }

    private static String proposeAlamiah(UUID household, String evaluation, String requestId) {
        return as("ani").header("X-Request-Id", requestId).contentType(ContentType.JSON).body("""
                {"householdId": "%s", "pathway": "GRADUASI_ALAMIAH", "evaluationId": "%s"}"""
                .formatted(household, evaluation)).post("/api/v1/proposals").then().statusCode(201)
                .extract().path("id");
    }

    private static String suspectRelapse(UUID household) {
        TestKafka.publish(new RelapseSuspected(UUID.randomUUID(), household, VILLAGE, UUID.randomUUID(), 35, 60,
                today()));
        return Households.awaitValue("/api/v1/relapse-reviews?status=OPEN",
                "find { it.householdId == '" + household + "' }.id", id -> true);
    }
}
