package id.graduasi.mentoring;

import static id.graduasi.mentoring.MentoringTestSupport.as;
import static id.graduasi.mentoring.MentoringTestSupport.asWorker;
import static id.graduasi.mentoring.MentoringTestSupport.awaitCase;
import static id.graduasi.mentoring.MentoringTestSupport.awaitWorkerOf;
import static id.graduasi.mentoring.MentoringTestSupport.createWorker;
import static id.graduasi.mentoring.MentoringTestSupport.register;
import static id.graduasi.mentoring.MentoringTestSupport.today;
import static id.graduasi.mentoring.MentoringTestSupport.uniqueUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import id.graduasi.security.Roles;
import id.graduasi.testing.AuthorizationMatrix;
import id.graduasi.testing.AuthorizationMatrix.Rule;
import id.graduasi.testing.AuthorizationMatrix.Scope;
import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The authorization matrix, generated from mentoring's OpenAPI document: every operation × every role × a
 * resource in the caller's regions (64.72) and one outside them (11.01). The in-scope household is in the caseload
 * of the matrix's own social worker ({@code social_worker-a}, the user of its regional token), so the field app's
 * calls succeed in scope. An operation without a row fails the test, and so does any 2xx where a denial is
 * expected. Writes docs/security/mentoring-service.md.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityMatrixTest {

    static final Set<String> STAFF = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR);
    static final Set<String> HOUSEHOLD_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR,
            Roles.SOCIAL_WORKER);
    static final Set<String> MANAGERS = Set.of(Roles.SUPERVISOR, Roles.ADMIN);
    static final Set<String> FIELD = Set.of(Roles.SOCIAL_WORKER);

    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("POST /api/v1/social-workers", new Rule(MANAGERS, Scope.CREATE));
        POLICY.put("GET /api/v1/social-workers", new Rule(STAFF, Scope.FILTERED));
        POLICY.put("GET /api/v1/social-workers/{id}", new Rule(STAFF, Scope.BY_ID));
        POLICY.put("PUT /api/v1/social-workers/{id}", new Rule(MANAGERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/social-workers/{id}/deactivation", new Rule(MANAGERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/social-workers/{id}/activation", new Rule(MANAGERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/social-workers/{id}/caseload", new Rule(STAFF, Scope.BY_ID));
        POLICY.put("GET /api/v1/social-workers/{id}/agenda", new Rule(STAFF, Scope.BY_ID));
        POLICY.put("GET /api/v1/me/caseload", new Rule(FIELD, Scope.FILTERED));
        POLICY.put("GET /api/v1/me/agenda", new Rule(FIELD, Scope.FILTERED));
        POLICY.put("GET /api/v1/households/{householdId}/case", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/cases/{caseId}/assignment", new Rule(MANAGERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/cases/{caseId}/assignments", new Rule(STAFF, Scope.BY_ID));
        POLICY.put("GET /api/v1/cases/unassigned", new Rule(STAFF, Scope.FILTERED));
        POLICY.put("POST /api/v1/visits", new Rule(FIELD, Scope.BY_ID));
        POLICY.put("POST /api/v1/group-sessions", new Rule(FIELD, Scope.CREATE));
        POLICY.put("POST /api/v1/visits/batch", new Rule(FIELD, Scope.FILTERED));
        POLICY.put("GET /api/v1/households/{householdId}/visits", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{householdId}/assessments", new Rule(FIELD, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/assessments", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{householdId}/graduation-recommendations", new Rule(FIELD, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/graduation-recommendations",
                new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{householdId}/goals", new Rule(FIELD, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/goals", new Rule(HOUSEHOLD_READERS, Scope.BY_ID));
        POLICY.put("PUT /api/v1/goals/{id}/status", new Rule(FIELD, Scope.BY_ID));
        POLICY.put("GET /api/v1/follow-ups/overdue-counts", new Rule(STAFF, Scope.FILTERED));
        POLICY.put("GET /api/v1/audit", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        // Dead letters may hold any region's data: administrators with every region only (issue #14).
        POLICY.put("GET /api/v1/admin/dead-letters", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/admin/dead-letters/{id}", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("POST /api/v1/admin/dead-letters/replay", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/audit/verification", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
    }

    /** The ids the calls use: {@code in} lies in 64.72, {@code out} in 11.01. */
    record Target(String in, String out) {

        String pick(boolean inScope) {
            return inScope ? in : out;
        }
    }

    Target household;
    Target village;
    Target caseToReassign;
    Target caseWithHistory;
    Target managedWorker;
    Target caseloadWorker;
    Target goal;
    String managedDistrict;
    String newWorkersDistrict;
    String reassignTarget;

    @Test
    void everyOperationTimesEveryRoleInAndOutOfScope() throws Exception {
        String in = district("64.72");
        String out = district("11.01");
        managedDistrict = district("64.72");
        newWorkersDistrict = district("64.72");
        // The matrix's regional social worker (its token's user) carries the in-scope households; its "everywhere"
        // token belongs to a registered worker without cases.
        String workerA = createWorker("social_worker-a", 250, in);
        createWorker("social_worker-all", 250, district("64.72"));
        String outsider = uniqueUsername("outsider");
        String outsiderId = createWorker(outsider, 250, out);
        managedWorker = new Target(createWorker(uniqueUsername("managed"), 10, managedDistrict), outsiderId);
        caseloadWorker = new Target(workerA, outsiderId);
        reassignTarget = createWorker(uniqueUsername("target"), 250, district("64.72"));

        UUID mine = register(in + ".1001");
        UUID moved = register(in + ".1002");
        UUID foreign = register(out + ".1001");
        assertEquals(workerA, awaitWorkerOf(mine));
        assertEquals(workerA, awaitWorkerOf(moved));
        assertEquals(outsiderId, awaitWorkerOf(foreign));
        household = new Target(mine.toString(), foreign.toString());
        village = new Target(in + ".1001", out + ".1001");
        String foreignCase = (String) awaitCase(foreign, c -> true).get("id");
        caseWithHistory = new Target((String) awaitCase(mine, c -> true).get("id"), foreignCase);
        caseToReassign = new Target((String) awaitCase(moved, c -> true).get("id"), foreignCase);
        goal = new Target(addGoal(asWorker("social_worker-a"), mine), addGoal(asWorker(outsider), foreign));

        AuthorizationMatrix matrix = new AuthorizationMatrix("mentoring-service", POLICY);
        List<String> failures = matrix.verify(this::call);
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        // The allowed in-scope writes took effect (an allowed call answering 404 would pass the matrix).
        assertEquals(2, MentoringTestSupport.given().get("/api/v1/households/" + mine + "/visits").then()
                .extract().<List<?>>path("").size(), "the field worker's visit and session");
        assertEquals(1, MentoringTestSupport.given().get("/api/v1/households/" + mine + "/assessments").then()
                .extract().<List<?>>path("").size());
        assertEquals(1, MentoringTestSupport.given().get("/api/v1/households/" + mine
                + "/graduation-recommendations").then().extract().<List<?>>path("").size());
        assertEquals(List.of("IN_PROGRESS", "PLANNED"), MentoringTestSupport.given().get("/api/v1/households/" + mine
                + "/goals").then().extract().path("status"));
        assertEquals(reassignTarget, awaitCase(moved, c -> true).get("workerId"));
        matrix.writeDocument("""
                A SOCIAL_WORKER is the worker whose username is its token's user, and sees and writes only its own
                caseload: the households ever assigned to it (the assignment history, so a visit synced late after a
                reassignment still lands); any other household, case, visit, assessment, recommendation or goal is
                404, as if absent, and an offline batch fails such an item alone (404 naming its `householdId`). A
                social worker is visible to staff when one of its areas overlaps their regions (else 404); changing
                it needs every area, old and new, in their regions (else 403). AUDITOR reads everything staff read,
                but free text (visit notes, assessment notes and evidence, recommendation notes, goal descriptions)
                comes back null: it may describe a family in detail. PARTNER has no mentoring endpoint. Every write
                is audited with its household; `GET /api/v1/audit?householdId=` answers who changed a household.
                """);
    }

    private Response call(String operation, String token, boolean inScope) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{householdId}", household.pick(inScope));
        String body = "{}";
        if (path.startsWith("/api/v1/social-workers/{id}/caseload") || path.startsWith("/api/v1/social-workers/{id}/agenda")) {
            path = path.replace("{id}", caseloadWorker.pick(inScope));
        } else if (path.startsWith("/api/v1/social-workers/{id}")) {
            path = path.replace("{id}", managedWorker.pick(inScope));
        } else if (path.startsWith("/api/v1/goals/{id}")) {
            path = path.replace("{id}", goal.pick(inScope));
        } else if (path.endsWith("/assignment")) {
            path = path.replace("{caseId}", caseToReassign.pick(inScope));
        } else if (path.endsWith("/assignments")) {
            path = path.replace("{caseId}", caseWithHistory.pick(inScope));
        } else if (path.startsWith("/api/v1/admin/dead-letters/{id}")) {
            path = path.replace("{id}", "0-999999"); // a dead letter: partition-offset
        }
        String region = inScope ? "64.72" : "11.01";
        switch (operation) {
            case "POST /api/v1/social-workers" -> body = json(Map.of("username", uniqueUsername("new"), "capacity", 10,
                    "areas", List.of(inScope ? newWorkersDistrict : "11.01.99")));
            case "PUT /api/v1/social-workers/{id}" -> body = json(Map.of("capacity", 10,
                    "areas", List.of(managedDistrict)));
            case "GET /api/v1/social-workers", "GET /api/v1/cases/unassigned", "GET /api/v1/follow-ups/overdue-counts" ->
                    path += "?regionPrefix=" + region;
            case "POST /api/v1/cases/{caseId}/assignment" -> body = json(Map.of("workerId", reassignTarget));
            case "POST /api/v1/visits" -> body = json(visit(household.pick(inScope)));
            case "POST /api/v1/visits/batch" -> body = json(Map.of("visits", List.of(visit(household.pick(inScope)))));
            case "POST /api/v1/group-sessions" -> body = json(Map.of("id", UUID.randomUUID(), "kind", "P2K2_SESSION",
                    "villageCode", village.pick(inScope), "heldOn", today().toString(),
                    "attendance", List.of(Map.of("householdId", household.pick(inScope), "attended", true))));
            case "POST /api/v1/households/{householdId}/assessments" -> body = json(Map.of("assessedOn",
                    today().toString(), "scores", List.of(Map.of("criterion", "SAVINGS", "score", 70))));
            case "POST /api/v1/households/{householdId}/graduation-recommendations" -> body = json(Map.of("ready", false,
                    "reasonCodes", List.of("SAVINGS"), "recommendedOn", today().toString()));
            case "POST /api/v1/households/{householdId}/goals" -> body = json(Map.of("kind", "OPEN_SAVINGS"));
            case "PUT /api/v1/goals/{id}/status" -> body = json(Map.of("status", "IN_PROGRESS"));
            default -> {
            }
        }
        RequestSpecification request = (token == null ? RestAssured.given() : as(token)).contentType(ContentType.JSON);
        return switch (method) {
            case "GET" -> request.get(path);
            case "PUT" -> request.body(body).put(path);
            default -> request.body(body).post(path);
        };
    }

    private static String addGoal(RequestSpecification worker, UUID household) {
        return worker.contentType(ContentType.JSON).body(Map.of("kind", "START_BUSINESS"))
                .post("/api/v1/households/" + household + "/goals").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> visit(String household) {
        return Map.of("id", UUID.randomUUID(), "householdId", household, "visitedOn", today().toString());
    }

    private final List<Integer> districts = new java.util.ArrayList<>(java.util.stream.IntStream.range(10, 100)
            .boxed().toList());

    /** A district of the regency used by nothing else (the other tests work elsewhere, see MentoringTestSupport). */
    private String district(String regency) {
        return regency + "." + districts.remove(ThreadLocalRandom.current().nextInt(districts.size()));
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
