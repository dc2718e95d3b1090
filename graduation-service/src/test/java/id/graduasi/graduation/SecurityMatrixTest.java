package id.graduasi.graduation;

import static id.graduasi.graduation.Households.today;
import static id.graduasi.graduation.Households.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.events.contract.RelapseSuspected;
import id.graduasi.security.Roles;
import id.graduasi.testing.AuthorizationMatrix;
import id.graduasi.testing.AuthorizationMatrix.Rule;
import id.graduasi.testing.AuthorizationMatrix.Scope;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The authorization matrix, generated from graduation's OpenAPI document: every operation × every role × a
 * household (or its evaluation, job, proposal, decision, relapse review) in the caller's regions and one outside
 * them. The expected outcome comes from {@link #POLICY}; an operation without a row (a new endpoint) fails the
 * test, and so does any 2xx where a denial is expected. Writes docs/security/graduation-service.md.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityMatrixTest {

    static final Set<String> READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR);
    /** Readers of one household's readiness, evaluations and decisions: social workers too. */
    static final Set<String> HOUSEHOLD_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR,
            Roles.SOCIAL_WORKER);
    static final Set<String> STATISTICS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR,
            Roles.PARTNER);
    static final Set<String> EVALUATORS = Set.of(Roles.OFFICER, Roles.ADMIN);

    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("GET /api/v1/criteria-versions", new Rule(HOUSEHOLD_READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/criteria-versions/current", new Rule(HOUSEHOLD_READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/criteria-versions/{id}", new Rule(HOUSEHOLD_READERS, Scope.FILTERED));
        POLICY.put("POST /api/v1/criteria-versions", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/households/{householdId}/readiness", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{householdId}/evaluations", new Rule(EVALUATORS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/evaluations", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/evaluations/{id}", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/evaluations/{id}/replay", new Rule(READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/evaluation-jobs", new Rule(EVALUATORS, Scope.CREATE));
        POLICY.put("GET /api/v1/evaluation-jobs/{id}", new Rule(READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/proposals", new Rule(Set.of(Roles.OFFICER), Scope.BY_ID));
        POLICY.put("GET /api/v1/proposals", new Rule(READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/proposals/{id}", new Rule(READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/proposals/{id}/decision", new Rule(Set.of(Roles.SUPERVISOR), Scope.BY_ID));
        POLICY.put("GET /api/v1/decisions/{id}", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/decisions", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/decisions/{id}/reversal", new Rule(Set.of(Roles.SUPERVISOR), Scope.BY_ID));
        POLICY.put("GET /api/v1/relapse-reviews", new Rule(READERS, Scope.FILTERED));
        POLICY.put("POST /api/v1/relapse-reviews/{id}/dismissal", new Rule(Set.of(Roles.SUPERVISOR), Scope.BY_ID));
        POLICY.put("GET /api/v1/statistics/graduations", new Rule(STATISTICS, Scope.FILTERED));
        POLICY.put("GET /api/v1/statistics/graduations/csv", new Rule(STATISTICS, Scope.FILTERED));
        POLICY.put("GET /api/v1/audit", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        // Dead letters may hold any region's data: administrators with every region only (issue #14).
        POLICY.put("GET /api/v1/admin/dead-letters", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/admin/dead-letters/{id}", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("POST /api/v1/admin/dead-letters/replay", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/audit/verification", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
    }

    /** In the regional tokens' regency (AuthorizationMatrix.IN_REGION) and in another province. */
    static final String IN = "64.72.09.2001";
    static final String OUT = "11.01.01.2001";

    static final String SETUP_OFFICER = TestTokens.token("setup-officer", Set.of(Roles.OFFICER), Set.of("*"));
    static final String SETUP_SUPERVISOR = TestTokens.token("setup-supervisor", Set.of(Roles.SUPERVISOR),
            Set.of("*"));

    /** One of each kind of record, in scope and out of scope. */
    record Targets(String household, String evaluation, String job, String proposal, String decision,
            String review) {
    }

    @Test
    void everyOperationTimesEveryRoleInAndOutOfScope() throws Exception {
        Targets in = targets(IN, "64.72");
        Targets out = targets(OUT, "11.01");
        int criteriaVersion = given().get("/api/v1/criteria-versions/current").then().statusCode(200)
                .extract().path("id");
        AuthorizationMatrix matrix = new AuthorizationMatrix("graduation-service", POLICY);
        List<String> failures = matrix.verify((operation, token, inScope) -> call(operation, token,
                inScope ? in : out, inScope ? "64.72" : "11.01", criteriaVersion));
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        matrix.writeDocument("""
                Graduation keeps no names, NIKs or addresses; a record's region is its household's current
                village in the readiness view (from the registry's events). An OFFICER evaluates and proposes,
                a SUPERVISOR decides, reverses and handles relapse reviews. Four eyes: the proposer cannot decide
                (403), and the one who decided a graduation cannot reverse it (403). A SOCIAL_WORKER reads the
                readiness, evaluations and decisions of households in its regions (graduation does not know
                caseloads; its recommendation arrives through mentoring's events). The criteria are the same
                everywhere and hold no personal data ("filtered" above means any region may read them);
                publishing a version needs ADMIN with regions `[*]`. An evaluation job over a region needs that
                region in the caller's scope, one over every region (or a cohort only) regions `[*]`.
                Statistics are aggregates without household ids, counted over the caller's regions; a PARTNER
                counts only households ever enrolled in one of its `programmes` (by programme: only those).
                No PARTNER reads personal data here, so no partner read is audit-logged.
                """);
    }

    /** A household with an evaluation, a job over its region, a pending proposal, and a decided one under review. */
    private static Targets targets(String village, String region) {
        UUID household = Households.registered(village, today().minusDays(30));
        UUID decided = Households.registered(village.substring(0, village.length() - 1) + "2", today().minusDays(30));
        Households.awaitFacts(household, "registryStatus", "REGISTERED");
        Households.awaitFacts(decided, "registryStatus", "REGISTERED");
        String evaluation = with(SETUP_OFFICER).post("/api/v1/households/" + household + "/evaluations").then()
                .statusCode(201).extract().path("id");
        String job = with(SETUP_OFFICER).contentType(ContentType.JSON).body("{\"regionPrefix\": \"" + region + "\"}")
                .post("/api/v1/evaluation-jobs").then().statusCode(202).extract().path("id");
        String proposal = exit(household);
        String decision = with(SETUP_SUPERVISOR).contentType(ContentType.JSON).body("{\"outcome\": \"GRADUATED\"}")
                .post("/api/v1/proposals/" + exit(decided) + "/decision").then().statusCode(200)
                .extract().path("decisionId");
        TestKafka.publish(new RelapseSuspected(UUID.randomUUID(), decided, village, UUID.randomUUID(), 35, 60, today()));
        String review = Households.awaitValue("/api/v1/relapse-reviews?status=OPEN",
                "find { it.householdId == '" + decided + "' }.id", id -> true);
        return new Targets(household.toString(), evaluation, job, proposal, decision, review);
    }

    private static String exit(UUID household) {
        return with(SETUP_OFFICER).contentType(ContentType.JSON).body("""
                {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "MOVED"}"""
                .formatted(household)).post("/api/v1/proposals").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification with(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    private static Response call(String operation, String token, Targets t, String region, int criteriaVersion) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replace("{householdId}", t.household());
        String id = path.startsWith("/api/v1/evaluations/") ? t.evaluation()
                : path.startsWith("/api/v1/evaluation-jobs/") ? t.job()
                : path.startsWith("/api/v1/proposals/") ? t.proposal()
                : path.startsWith("/api/v1/decisions/") ? t.decision()
                : path.startsWith("/api/v1/relapse-reviews/") ? t.review()
                : String.valueOf(criteriaVersion);
        path = path.replace("{id}", id);
        String body = switch (operation) {
            case "POST /api/v1/proposals" -> """
                    {"householdId": "%s", "pathway": "ADMINISTRATIVE_EXIT", "reasonCode": "MOVED"}"""
                    .formatted(t.household());
            case "POST /api/v1/proposals/{id}/decision" -> "{\"outcome\": \"REJECTED\", \"reasons\": [\"MATRIX\"]}";
            case "POST /api/v1/decisions/{id}/reversal" -> "{\"reasonCode\": \"RELAPSE\"}";
            case "POST /api/v1/relapse-reviews/{id}/dismissal" -> "{\"reasonCode\": \"NO_RELAPSE\"}";
            case "POST /api/v1/evaluation-jobs" -> "{\"regionPrefix\": \"" + region + "\"}";
            default -> "{}";
        };
        RequestSpecification request = (token == null ? RestAssured.given() : with(token))
                .contentType(ContentType.JSON);
        return "GET".equals(method) ? request.get(path) : request.body(body).post(path);
    }
}
