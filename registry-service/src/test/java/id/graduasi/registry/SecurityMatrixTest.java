package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.security.Roles;
import id.graduasi.testing.AuthorizationMatrix;
import id.graduasi.testing.AuthorizationMatrix.Rule;
import id.graduasi.testing.AuthorizationMatrix.Scope;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The authorization matrix, generated from the registry's OpenAPI document: every operation × every role ×
 * a household in the caller's regions and one outside them. The expected outcome comes from {@link #POLICY}; an
 * operation without a row (a new endpoint) fails the test, and so does any 2xx where a denial is expected.
 * Writes the matrix to docs/security.md.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityMatrixTest {

    static final Set<String> READERS = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER, Roles.PARTNER);
    static final Set<String> STAFF_READERS = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER);
    static final Set<String> SPDCI = Set.of(Roles.PARTNER, Roles.ADMIN);

    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("POST /api/v1/households", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.CREATE));
        POLICY.put("GET /api/v1/households", new Rule(READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/households/{id}", new Rule(READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{id}/history", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{id}/status-history", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{id}/indicators", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{id}/indicators",
                new Rule(Set.of(Roles.OFFICER, Roles.ADMIN, Roles.SOCIAL_WORKER), Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{id}/members", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN),
                Scope.BY_ID));
        POLICY.put("DELETE /api/v1/households/{id}/members/{memberId}",
                new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{id}/status", new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR),
                Scope.BY_ID));
        POLICY.put("POST /api/v1/households/{id}/merge", new Rule(Set.of(Roles.SUPERVISOR, Roles.ADMIN),
                Scope.BY_ID));
        POLICY.put("GET /api/v1/duplicate-candidates",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.FILTERED));
        POLICY.put("POST /api/v1/duplicate-candidates/{id}/dismiss",
                new Rule(Set.of(Roles.SUPERVISOR, Roles.ADMIN), Scope.FILTERED));
        POLICY.put("POST /api/v1/imports", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.EVERYWHERE));
        // An import job is visible to callers whose regions cover every region of its file (issue #15).
        POLICY.put("GET /api/v1/imports/{id}",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.BY_ID));
        POLICY.put("GET /api/v1/imports/{id}/errors",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.BY_ID));
        POLICY.put("GET /api/v1/audit", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        POLICY.put("GET /api/v1/audit/verification", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        for (String op : List.of("sync/search", "search", "subscribe", "unsubscribe", "txn/status",
                "sync/txn/status")) {
            POLICY.put("POST /registry/" + op, new Rule(SPDCI, Scope.FILTERED));
        }
        // Dead letters may hold any region's data: administrators with every region only (issue #14).
        POLICY.put("GET /api/v1/admin/dead-letters", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/admin/dead-letters/{id}", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("POST /api/v1/admin/dead-letters/replay", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
    }

    static final String OUT_VILLAGE = "11.01.01.2001";

    @Test
    void everyOperationTimesEveryRoleInAndOutOfScope() throws Exception {
        String inScope = register(IN_REGION_VILLAGE);
        String survivor = register(IN_REGION_VILLAGE);
        String outOfScope = register(OUT_VILLAGE);
        inScopeImport = importJob(IN_REGION_VILLAGE);
        outOfScopeImport = importJob(OUT_VILLAGE);
        AuthorizationMatrix matrix = new AuthorizationMatrix("registry-service", POLICY);
        List<String> failures = matrix.verify((operation, token, in) -> call(operation, token,
                in || !POLICY.get(operation).scope().equals(Scope.BY_ID) ? inScope : outOfScope, survivor, in));
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        matrix.writeDocument("""
                A bulk import may hold households of any region, so it needs regions `[*]`; its job and error
                report are visible to callers whose regions cover every regency of its file. SPDCI searches
                and subscriptions are filtered to the caller's regions in the query. NIKs are masked in every
                response (`6472********0001`), for every role; a PARTNER's reads of personal data are audited.
                """);
    }

    static final String IN_REGION_VILLAGE = RegistryTestSupport.VILLAGE;

    static String inScopeImport;
    static String outOfScopeImport;

    /** An import job of one household in the given village (it need not finish: the job exists once accepted). */
    private static String importJob(String village) {
        String admin = TestTokens.token("setup", Set.of(Roles.ADMIN), Set.of("*"));
        String csv = "kk_number,village_code,address,welfare_category,dtsen_decile,nik,name,sex,birth_date,"
                + "relationship,education_level,school_enrolled,occupation,disability,pregnant\n"
                + RegistryTestSupport.randomKk() + "," + village + ",Jl. Matriks,MISKIN,3,6472010101800001,Uji,M,"
                + "1980-01-01,HEAD,SD,false,,false,false\n";
        return as(admin).contentType("text/csv").body(csv).post("/api/v1/imports").then().statusCode(202)
                .extract().path("id");
    }

    private static String register(String village) {
        String admin = TestTokens.token("setup", Set.of(Roles.ADMIN), Set.of("*"));
        return as(admin).contentType(ContentType.JSON)
                .body(RegistryTestSupport.householdJson(RegistryTestSupport.randomKk(), RegistryTestSupport.single())
                        .replace(RegistryTestSupport.VILLAGE, village))
                .post("/api/v1/households").then().statusCode(201).extract().path("id");
    }

    private static Response call(String operation, String token, String household, String survivor,
            boolean inScope) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{memberId}", UUID.randomUUID().toString());
        path = path.startsWith("/api/v1/households/") ? path.replace("{id}", household)
                : path.startsWith("/api/v1/imports/") ? path.replace("{id}", inScope ? inScopeImport : outOfScopeImport)
                : path.replace("{id}", UUID.randomUUID().toString());
        RequestSpecification request = token == null ? RestAssured.given() : as(token);
        String body = "{}";
        String contentType = "application/json";
        if (operation.equals("POST /api/v1/households")) {
            body = RegistryTestSupport.householdJson(RegistryTestSupport.randomKk(), RegistryTestSupport.single());
            if (!inScope) {
                body = body.replace(RegistryTestSupport.VILLAGE, OUT_VILLAGE);
            }
        } else if (operation.endsWith("/members")) {
            body = RegistryTestSupport.randomPerson("OTHER_RELATIVE", "M", 20, 40).json();
        } else if (operation.endsWith("/status") && path.startsWith("/api")) {
            body = "{\"status\": \"VERIFIED\", \"reason\": \"FIELD_VERIFICATION\"}";
        } else if (operation.endsWith("/merge")) {
            body = "{\"survivorId\": \"" + survivor + "\"}";
        } else if (operation.equals("POST /api/v1/households/{id}/indicators")) {
            body = IndicatorTest.observation("2026-01-01", 500000, "EARTH");
        } else if (operation.equals("POST /api/v1/imports")) {
            contentType = "text/csv";
            body = "not,a,valid,import\n";
        } else if (operation.startsWith("DELETE")) {
            path += "?reason=MOVED";
        }
        request = request.contentType(contentType);
        return switch (method) {
            case "GET" -> request.get(path);
            case "DELETE" -> request.delete(path);
            default -> request.body(body).post(path);
        };
    }
}
