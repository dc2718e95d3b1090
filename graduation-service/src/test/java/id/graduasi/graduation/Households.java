package id.graduasi.graduation;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.events.contract.AssessmentRecorded;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.security.Roles;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Households as the other services would announce them, onto the real broker; and the calls tests make. */
final class Households {

    /**
     * Today (UTC), read when asked: a date the service sets (a decision's day) is compared with the day the
     * assertion runs, not the day the test class was loaded, which differ when a run crosses midnight.
     */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
    /** Above every Kalimantan Timur and Kalimantan Utara poverty line of the reference data. */
    static final long WELL_OFF = 1_200_000;

    /** The people of these tests and their roles; every one's token grants every region. */
    private static final Map<String, Set<String>> PEOPLE = Map.of(
            "ani", Set.of(Roles.OFFICER),
            "citra", Set.of(Roles.OFFICER, Roles.SUPERVISOR),
            "budi", Set.of(Roles.SUPERVISOR),
            "dewi", Set.of(Roles.SUPERVISOR),
            "kepala-dinas", Set.of(Roles.ADMIN));

    private Households() {
    }

    /** A request as staff allowed everything everywhere (ADMIN, SUPERVISOR, OFFICER; regions *). */
    static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + TestTokens.staff());
    }

    /** A request as one of {@link #PEOPLE}, with their own token. */
    static RequestSpecification as(String user) {
        Set<String> roles = PEOPLE.get(user);
        if (roles == null) {
            throw new IllegalArgumentException("no test person " + user);
        }
        return RestAssured.given().header("Authorization", "Bearer " + TestTokens.token(user, roles, Set.of("*")));
    }

    static UUID registered(String village, LocalDate registeredOn) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, village, 3, registeredOn));
        return household;
    }

    static UUID active(String village, LocalDate registeredOn) {
        UUID household = registered(village, registeredOn);
        TestKafka.publish(new HouseholdStatusChanged(household, village, "VERIFIED", "ACTIVE", null, Instant.now()));
        awaitReadiness(household, "registryStatus", "ACTIVE");
        return household;
    }

    static void member(UUID household, int age, String education, boolean enrolled) {
        TestKafka.publish(new MemberAdded(household, UUID.randomUUID(), age < 18 ? "CHILD" : "HEAD", "F",
                today().minusYears(age).minusDays(30), education, enrolled, false, false, today().minusYears(1)));
    }

    static void observed(UUID household, String village, LocalDate on, long expenditure, boolean businessActive) {
        TestKafka.publish(new HouseholdUpdated(household, village, on, expenditure + 100_000, expenditure, 2, 500_000,
                businessActive, 3, new BigDecimal("9.00"), "CEMENT", "PLASTERED_BRICK", "GOOD", "GOOD", "PIPED",
                "OWN_TOILET", "PLN_METERED", List.of("SMARTPHONE")));
    }

    static void enrolled(UUID household, String village, String programme) {
        TestKafka.publish(new EnrollmentActivated(UUID.randomUUID(), household, programme, village,
                today().minusMonths(18)));
    }

    static void p2k2(UUID household, String village, int sessions, int attended) {
        for (int i = 0; i < sessions; i++) {
            TestKafka.publish(new VisitRecorded(UUID.randomUUID(), UUID.randomUUID(), household, village,
                    UUID.randomUUID(), "P2K2_SESSION", today().minusMonths(i + 1), i < attended, null, null, null,
                    null, null, null));
        }
    }

    static void assessed(UUID household, String village, int score) {
        TestKafka.publish(new AssessmentRecorded(UUID.randomUUID(), UUID.randomUUID(), household, village,
                UUID.randomUUID(), today().minusDays(3), Arrays.stream(AssessmentCriterion.values())
                        .map(c -> new AssessmentRecorded.Score(c, score)).toList()));
    }

    /**
     * An ACTIVE household that meets GRADUASI_MANDIRI: expenditure above the line for seven months, the one
     * school-age child enrolled, one PKH enrollment, a running business, 4 of 5 P2K2 sessions, scores of 80.
     */
    static UUID readyForMandiri(String village) {
        UUID household = active(village, today().minusDays(400));
        member(household, 40, "SMA", false);
        member(household, 10, "SD", true);
        enrolled(household, village, "PKH");
        for (int i = 0; i <= 6; i++) {
            observed(household, village, today().minusMonths(i), WELL_OFF, true);
        }
        p2k2(household, village, 5, 4);
        assessed(household, village, 80);
        awaitFacts(household, "facts.observations.size()", 7);
        awaitFacts(household, "facts.p2k2Sessions.size()", 5);
        awaitFacts(household, "facts.members.size()", 2);
        awaitFacts(household, "facts.enrollments.size()", 1);
        awaitFacts(household, "facts.latestAssessment.scores.SAVINGS", 80);
        return household;
    }

    /** An ACTIVE household of two adults: no PKH component is left, so it meets GRADUASI_ALAMIAH. */
    static UUID readyForAlamiah(String village, LocalDate registeredOn) {
        UUID household = active(village, registeredOn);
        member(household, 45, "SMA", false);
        member(household, 30, "SMA", false);
        awaitFacts(household, "facts.members.size()", 2);
        return household;
    }

    static Response evaluate(UUID household) {
        return as("ani").post("/api/v1/households/" + household + "/evaluations");
    }

    static Response propose(String user, String body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/v1/proposals");
    }

    static Response proposeFromEvaluation(String user, UUID household, String pathway, String evaluationId) {
        return propose(user, """
                {"householdId": "%s", "pathway": "%s", "evaluationId": "%s", "reasonCode": "EKONOMI_MEMBAIK"}"""
                .formatted(household, pathway, evaluationId));
    }

    static Response decide(String user, String proposalId, String outcome, String... reasons) {
        String list = String.join(",", Arrays.stream(reasons).map(r -> "\"" + r + "\"").toList());
        return as(user).contentType(ContentType.JSON)
                .body("{\"outcome\": \"" + outcome + "\", \"reasons\": [" + list + "]}")
                .post("/api/v1/proposals/" + proposalId + "/decision");
    }

    /** Evaluates, proposes (ani) and graduates (budi): the decision id. */
    static String graduate(UUID household, String pathway) {
        String evaluation = evaluate(household).then().statusCode(201).extract().path("id");
        String proposal = proposeFromEvaluation("ani", household, pathway, evaluation).then().statusCode(201)
                .extract().path("id");
        return decide("budi", proposal, "GRADUATED").then().statusCode(200).extract().path("decisionId");
    }

    static List<TestKafka.Event> announced(UUID household, String type, int atLeast) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.readAll(
                id.graduasi.events.contract.Topics.GRADUATION_DECISION,
                e -> household.toString().equals(e.key()) && type.equals(e.type())), l -> l.size() >= atLeast);
    }

    /**
     * The decisionSequence of the household's v2 decision events (decided and reverted), in the order the topic
     * holds them.
     */
    static List<Long> decisionSequences(UUID household) {
        Set<String> v2 = Set.of(id.graduasi.events.contract.EventType.GRADUATION_DECIDED_V2.type(),
                id.graduasi.events.contract.EventType.GRADUATION_REVERTED_V2.type());
        return TestKafka.readAll(id.graduasi.events.contract.Topics.GRADUATION_DECISION,
                e -> household.toString().equals(e.key()) && v2.contains(e.type())).stream()
                .map(e -> new io.vertx.core.json.JsonObject(e.value()).getLong("decisionSequence")).toList();
    }

    static void awaitReadiness(UUID household, String field, Object value) {
        awaitFacts(household, field, value);
    }

    static void awaitFacts(UUID household, String path, Object value) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().get("/api/v1/households/" + household + "/readiness").then().extract().path(path),
                value::equals);
    }

    static <T> T awaitValue(String url, String path, Predicate<T> done) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().get(url).then().extract().<T>path(path), v -> v != null && done.test(v));
    }
}
