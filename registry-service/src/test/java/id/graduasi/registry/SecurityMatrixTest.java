package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.security.Roles;
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

    /** What "out of scope" means for an operation. */
    enum Scope {
        /** A household by id: outside the caller's regions it is 404, as if it did not exist. */
        HOUSEHOLD("404 (as if absent)"),
        /** A new household: registering one outside the caller's regions is 403. */
        CREATE("403"),
        /** A bulk import may hold any region: it needs regions [*], else 403. */
        EVERYWHERE("403"),
        /** Results are filtered in the query (search, lists, the audit log, SPDCI): same status, fewer rows. */
        FILTERED("filtered");

        final String outOfScope;

        Scope(String outOfScope) {
            this.outOfScope = outOfScope;
        }
    }

    record Rule(Set<String> roles, Scope scope) {
    }

    static final Set<String> READERS = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER, Roles.PARTNER);
    static final Set<String> STAFF_READERS = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER);
    static final Set<String> SPDCI = Set.of(Roles.PARTNER, Roles.ADMIN);

    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("POST /api/v1/households", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.CREATE));
        POLICY.put("GET /api/v1/households", new Rule(READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/households/{id}", new Rule(READERS, Scope.HOUSEHOLD));
        POLICY.put("GET /api/v1/households/{id}/history", new Rule(STAFF_READERS, Scope.HOUSEHOLD));
        POLICY.put("GET /api/v1/households/{id}/status-history", new Rule(STAFF_READERS, Scope.HOUSEHOLD));
        POLICY.put("GET /api/v1/households/{id}/indicators", new Rule(STAFF_READERS, Scope.HOUSEHOLD));
        POLICY.put("POST /api/v1/households/{id}/indicators",
                new Rule(Set.of(Roles.OFFICER, Roles.ADMIN, Roles.SOCIAL_WORKER), Scope.HOUSEHOLD));
        POLICY.put("POST /api/v1/households/{id}/members", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN),
                Scope.HOUSEHOLD));
        POLICY.put("DELETE /api/v1/households/{id}/members/{memberId}",
                new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.HOUSEHOLD));
        POLICY.put("POST /api/v1/households/{id}/status", new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR),
                Scope.HOUSEHOLD));
        POLICY.put("POST /api/v1/households/{id}/merge", new Rule(Set.of(Roles.SUPERVISOR, Roles.ADMIN),
                Scope.HOUSEHOLD));
        POLICY.put("GET /api/v1/duplicate-candidates",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.FILTERED));
        POLICY.put("POST /api/v1/duplicate-candidates/{id}/dismiss",
                new Rule(Set.of(Roles.SUPERVISOR, Roles.ADMIN), Scope.FILTERED));
        POLICY.put("POST /api/v1/imports", new Rule(Set.of(Roles.OFFICER, Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/imports/{id}",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.FILTERED));
        POLICY.put("GET /api/v1/imports/{id}/errors",
                new Rule(Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR), Scope.FILTERED));
        POLICY.put("GET /api/v1/audit", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        for (String op : List.of("sync/search", "search", "subscribe", "unsubscribe", "txn/status",
                "sync/txn/status")) {
            POLICY.put("POST /registry/" + op, new Rule(SPDCI, Scope.FILTERED));
        }
    }

    static final String IN_REGION = "64.72";
    static final String OUT_VILLAGE = "11.01.01.2001";

    @Test
    void everyOperationTimesEveryRoleInAndOutOfScope() throws Exception {
        JsonNode openapi = new ObjectMapper().readTree(
                RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertEquals(new TreeSet<>(POLICY.keySet()), operations,
                "every operation in the OpenAPI document needs a row in POLICY (and every row an operation)");

        String inScope = register(IN_REGION_VILLAGE);
        String survivor = register(IN_REGION_VILLAGE);
        String outOfScope = register(OUT_VILLAGE);
        List<String> failures = new ArrayList<>();
        for (String operation : POLICY.keySet()) {
            Rule rule = POLICY.get(operation);
            // No token, and a token signed by someone else: 401 problem+json.
            for (String token : new String[] {null, TestTokens.foreign("intruder", Set.of(Roles.ADMIN))}) {
                Response r = call(operation, token, inScope, survivor, true);
                expect(failures, operation, token == null ? "no token" : "foreign token", r, 401);
            }
            for (String role : Roles.ALL) {
                boolean allowed = rule.roles().contains(role);
                String everywhere = TestTokens.token(role.toLowerCase() + "-all", Set.of(role), Set.of("*"));
                String regional = TestTokens.token(role.toLowerCase() + "-a", Set.of(role), Set.of(IN_REGION));
                String in = rule.scope() == Scope.FILTERED || rule.scope() == Scope.EVERYWHERE ? everywhere : regional;
                Response r = call(operation, in, inScope, survivor, true);
                if (!allowed) {
                    expect(failures, operation, role + " in scope", r, 403);
                } else if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() >= 500) {
                    failures.add(operation + " " + role + " in scope: allowed, but " + r.statusCode() + " "
                            + r.asString());
                }
                String target = rule.scope() == Scope.HOUSEHOLD ? outOfScope : inScope;
                Response out = call(operation, regional, target, survivor, false);
                if (!allowed) {
                    expect(failures, operation, role + " out of scope", out, 403);
                } else if (rule.scope() == Scope.HOUSEHOLD) {
                    expect(failures, operation, role + " out of scope", out, 404);
                } else if (rule.scope() != Scope.FILTERED) {
                    expect(failures, operation, role + " out of scope", out, 403);
                } else if (out.statusCode() == 401 || out.statusCode() == 403 || out.statusCode() >= 500) {
                    failures.add(operation + " " + role + " out of scope: " + out.statusCode());
                }
            }
        }
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        writeDocument();
    }

    static final String IN_REGION_VILLAGE = RegistryTestSupport.VILLAGE;

    private static void expect(List<String> failures, String operation, String who, Response r, int status) {
        if (r.statusCode() != status) {
            failures.add(operation + " " + who + ": expected " + status + ", got " + r.statusCode());
        } else if (status == 401 || status == 403) {
            if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
                failures.add(operation + " " + who + ": " + status + " is not problem+json: " + r.contentType());
            }
        }
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

    private static void writeDocument() throws Exception {
        StringBuilder doc = new StringBuilder("""
                # Security

                Issue #7. Generated by `registry-service/src/test/java/id/graduasi/registry/SecurityMatrixTest.java`
                from the registry's OpenAPI document; do not edit by hand (the test rewrites it).

                Every request carries an OIDC bearer token (`Authorization: Bearer ...`, verified with the identity
                provider's public key): `upn`/`sub` is the user or client, `groups` the roles, `regions` the
                region-code prefixes the caller may see (`*` for all), `programmes` a partner's programmes. No
                token or a bad one is **401**, a role not listed is **403** (both `application/problem+json`).
                A household outside the caller's regions answers **404**, exactly as one that does not exist;
                searches, lists, SPDCI searches and the audit log are filtered by region inside the query.
                Every write appends a row to the append-only `audit_log` in the same transaction (who, when,
                what changed, request id, client; never NIKs or names); a PARTNER's reads of personal data are
                logged too. `GET /api/v1/audit?householdId=<household id>` (AUDITOR, ADMIN) answers "who changed this
                household". NIKs are always masked in responses (`6472********0001`), for every role.

                ## registry-service: authorization matrix

                ✔ allowed, — 403. "Out of scope" is what an allowed role gets for a resource outside its regions.

                """);
        doc.append("| Operation |");
        Roles.ALL.forEach(r -> doc.append(' ').append(r).append(" |"));
        doc.append(" Out of scope |\n|---|");
        Roles.ALL.forEach(r -> doc.append(":-:|"));
        doc.append("---|\n");
        for (Map.Entry<String, Rule> e : POLICY.entrySet()) {
            doc.append("| `").append(e.getKey()).append("` |");
            for (String role : Roles.ALL) {
                doc.append(e.getValue().roles().contains(role) ? " ✔ |" : " — |");
            }
            doc.append(' ').append(e.getValue().scope().outOfScope).append(" |\n");
        }
        Path file = Path.of("..", "docs", "security.md");
        if (Files.isDirectory(file.getParent())) {
            Files.writeString(file, doc.toString());
        }
        assertTrue(doc.length() > 0);
    }
}
