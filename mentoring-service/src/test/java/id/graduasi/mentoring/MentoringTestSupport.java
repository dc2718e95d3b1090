package id.graduasi.mentoring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Shared steps. Every test works in a district of its own, so tests sharing the application never meet. */
final class MentoringTestSupport {

    static final String SUPERVISOR = "supervisor.test";

    private MentoringTestSupport() {
    }

    /** A request as staff allowed everything everywhere (ADMIN, SUPERVISOR, OFFICER; regions *). */
    static RequestSpecification given() {
        return as(TestTokens.staff());
    }

    static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    /** A supervisor of every region: registers and manages the workers. */
    static RequestSpecification asSupervisor() {
        return as(TestTokens.token(SUPERVISOR, Set.of(Roles.SUPERVISOR), Set.of("*")));
    }

    /** The field app of the worker with this username (its token's user), in every region. */
    static RequestSpecification asWorker(String username) {
        return as(TestTokens.token(username, Set.of(Roles.SOCIAL_WORKER), Set.of("*")));
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** A district code nobody else uses, e.g. 71.43.27 (provinces 71-99 are not used by the older tests). */
    static String freshDistrict() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%02d.%02d.%02d", 71 + r.nextInt(29), 10 + r.nextInt(90), 10 + r.nextInt(90));
    }

    static String uniqueUsername(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createWorker(String username, int capacity, String... areas) {
        return asSupervisor().contentType(ContentType.JSON)
                .body(Map.of("username", username, "capacity", capacity, "areas", Arrays.asList(areas)))
                .post("/api/v1/social-workers")
                .then().statusCode(201).extract().path("id");
    }

    static UUID register(String villageCode) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, villageCode, 4, today()));
        return household;
    }

    static Map<String, Object> awaitCase(UUID household, Predicate<Map<String, Object>> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().get("/api/v1/households/" + household + "/case");
            return response.statusCode() == 200 ? response.then().extract().<Map<String, Object>>path("") : null;
        }, c -> c != null && condition.test(c));
    }

    static String awaitWorkerOf(UUID household) {
        return (String) awaitCase(household, c -> c.get("workerId") != null).get("workerId");
    }

    static List<TestKafka.Event> caseEvents(UUID household) {
        return TestKafka.readAll(Topics.MENTORING_CASE, e -> household.toString().equals(e.key()));
    }

    static List<TestKafka.Event> awaitCaseEvents(UUID household, EventType type, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> caseEvents(household).stream().filter(e -> type.type().equals(e.type())).toList(),
                l -> l.size() >= count);
    }

    /**
     * A decision as graduation-service publishes it during the transition: v1 and v2 (mentoring acts on v2 only).
     * Outcome and monitoring end are graduation-service's reading of the pathway (12 months), reproduced here
     * because this test plays its part.
     */
    static void publishDecided(id.graduasi.events.contract.GraduationDecided v1) {
        id.graduasi.testing.TestKafka.publish(v1);
        id.graduasi.testing.TestKafka.publish(v2(v1));
    }

    static void publishReverted(id.graduasi.events.contract.GraduationReverted v1) {
        id.graduasi.testing.TestKafka.publish(v1);
        id.graduasi.testing.TestKafka.publish(v2(v1));
    }

    static id.graduasi.events.contract.GraduationDecidedV2 v2(id.graduasi.events.contract.GraduationDecided d) {
        var outcome = "ADMINISTRATIVE_EXIT".equals(d.pathway())
                ? id.graduasi.events.contract.GraduationDecidedV2.Outcome.EXITED
                : id.graduasi.events.contract.GraduationDecidedV2.Outcome.GRADUATED;
        return new id.graduasi.events.contract.GraduationDecidedV2(d.decisionId(), d.householdId(), d.villageCode(),
                outcome, d.decidedOn(), outcome == id.graduasi.events.contract.GraduationDecidedV2.Outcome.GRADUATED
                        ? d.decidedOn().plusMonths(12) : null, d.pathway(), 1, d.reasonCode(), d.decidedOn());
    }

    static id.graduasi.events.contract.GraduationRevertedV2 v2(id.graduasi.events.contract.GraduationReverted r) {
        return new id.graduasi.events.contract.GraduationRevertedV2(r.decisionId(), r.householdId(), r.villageCode(),
                id.graduasi.events.contract.GraduationDecidedV2.Outcome.GRADUATED, r.revertedOn(), r.pathway(), 1,
                r.reasonCode(), r.revertedOn());
    }

    /** Whether mentoring has consumed the event (its inbox holds it): any effect it had is visible then. */
    static boolean consumed(String eventId) throws java.sql.SQLException {
        String url = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.url", String.class);
        try (var db = java.sql.DriverManager.getConnection(url, "postgres", "");
                var q = db.prepareStatement("select 1 from inbox_event where event_id = cast(? as uuid)")) {
            q.setString(1, eventId);
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
