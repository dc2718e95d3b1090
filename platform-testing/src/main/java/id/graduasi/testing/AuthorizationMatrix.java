package id.graduasi.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * A service's authorization matrix (issue #7), driven by its OpenAPI document: every operation × every role × a
 * resource in the caller's regions and one outside them, plus no token, a foreign token and a token for another
 * service's audience. An operation the
 * policy does not name (a new endpoint) fails, and so does any 2xx where a denial is expected. Each service's
 * {@code SecurityMatrixTest} declares its policy and how to call each operation; this class runs it and writes
 * {@code docs/security/<service>.md}.
 */
public final class AuthorizationMatrix {

    public static final List<String> ROLES = List.of("ADMIN", "SUPERVISOR", "OFFICER", "SOCIAL_WORKER", "PARTNER",
            "AUDITOR");
    /** The regional tokens' scope: East Kalimantan's Samarinda city. */
    public static final String IN_REGION = "64.72";

    /** What "out of scope" means for an operation, and which token its in-scope call carries. */
    public enum Scope {
        /** A resource by id: outside the caller's regions it is 404, as if it did not exist. */
        BY_ID("404 (as if absent)", false, 404),
        /** Creating something in a region: outside the caller's regions it is 403. */
        CREATE("403", false, 403),
        /** Something spanning regions (a bulk import, a province-wide cycle): it needs regions [*], else 403. */
        EVERYWHERE("403 (needs every region)", true, 403),
        /** Results are filtered in the query (searches, lists, statistics): same status, fewer rows. */
        FILTERED("filtered", true, 0);

        public final String outOfScope;
        final boolean inScopeNeedsEverywhere;
        final int outOfScopeStatus;

        Scope(String outOfScope, boolean inScopeNeedsEverywhere, int outOfScopeStatus) {
            this.outOfScope = outOfScope;
            this.inScopeNeedsEverywhere = inScopeNeedsEverywhere;
            this.outOfScopeStatus = outOfScopeStatus;
        }
    }

    public record Rule(Set<String> roles, Scope scope) {
    }

    /** Makes one call: {@code token} may be null (no token); {@code inScope} picks the in- or out-of-region target. */
    @FunctionalInterface
    public interface Calls {
        Response call(String operation, String token, boolean inScope);
    }

    private final String service;
    private final Map<String, Rule> policy;

    public AuthorizationMatrix(String service, Map<String, Rule> policy) {
        this.service = service;
        this.policy = new LinkedHashMap<>(policy);
    }

    /** The operations ("GET /api/v1/x/{id}") the running service's OpenAPI document lists. */
    public static Set<String> operations() {
        try {
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
            return operations;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs every cell; returns the failures (empty when the service enforces exactly the policy). */
    public List<String> verify(Calls calls) {
        List<String> failures = new ArrayList<>();
        Set<String> documented = operations();
        if (!documented.equals(new TreeSet<>(policy.keySet()))) {
            Set<String> missing = new TreeSet<>(documented);
            missing.removeAll(policy.keySet());
            Set<String> stale = new TreeSet<>(policy.keySet());
            stale.removeAll(documented);
            failures.add("every OpenAPI operation needs a policy row, and every row an operation; without a row: "
                    + missing + ", rows without an operation: " + stale);
            return failures;
        }
        String otherAudience = TestTokens.SERVICE_AUDIENCES.stream().filter(a -> !a.equals(service)).findFirst()
                .orElseThrow();
        for (Map.Entry<String, Rule> entry : policy.entrySet()) {
            String operation = entry.getKey();
            Rule rule = entry.getValue();
            expect(failures, operation, "no token", calls.call(operation, null, true), 401);
            expect(failures, operation, "foreign token",
                    calls.call(operation, TestTokens.foreign("intruder", Set.of("ADMIN")), true), 401);
            // Our issuer's token, valid in every other way, but issued for another Graduasi service's API.
            expect(failures, operation, "token for another audience (" + otherAudience + ")", calls.call(operation,
                    TestTokens.forAudience(otherAudience, "intruder", Set.of("ADMIN")), true), 401);
            for (String role : ROLES) {
                boolean allowed = rule.roles().contains(role);
                String everywhere = TestTokens.token(role.toLowerCase() + "-all", Set.of(role), Set.of("*"));
                String regional = TestTokens.token(role.toLowerCase() + "-a", Set.of(role), Set.of(IN_REGION));
                Response in = calls.call(operation, rule.scope().inScopeNeedsEverywhere ? everywhere : regional, true);
                if (!allowed) {
                    expect(failures, operation, role + " in scope", in, 403);
                } else if (in.statusCode() == 401 || in.statusCode() == 403 || in.statusCode() >= 500) {
                    failures.add(operation + " " + role + " in scope: allowed, but " + in.statusCode() + " "
                            + in.asString());
                }
                Response out = calls.call(operation, regional, false);
                if (!allowed) {
                    expect(failures, operation, role + " out of scope", out, 403);
                } else if (rule.scope().outOfScopeStatus != 0) {
                    expect(failures, operation, role + " out of scope", out, rule.scope().outOfScopeStatus);
                } else if (out.statusCode() == 401 || out.statusCode() == 403 || out.statusCode() >= 500) {
                    failures.add(operation + " " + role + " out of scope: " + out.statusCode() + " " + out.asString());
                }
            }
        }
        return failures;
    }

    private static void expect(List<String> failures, String operation, String who, Response r, int status) {
        if (r.statusCode() != status) {
            failures.add(operation + " " + who + ": expected " + status + ", got " + r.statusCode() + " "
                    + r.asString());
        } else if (operation.contains(" /registry/")) {
            // The SPDCI (DCI) API answers 401 and 403 with the spec's HttpErrorResponse, not problem+json.
            String code = r.jsonPath().getString("errors[0].code");
            if (code == null || !code.startsWith("err.request.")) {
                failures.add(operation + " " + who + ": " + status + " is not the DCI HttpErrorResponse: " + r.asString());
            }
        } else if ((status == 401 || status == 403 || status == 404)
                && !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            failures.add(operation + " " + who + ": " + status + " is not problem+json: " + r.contentType());
        }
    }

    /**
     * Writes {@code docs/security/<service>.md} (when run inside the repository): the matrix as enforced, since
     * {@link #verify} passed.
     */
    public void writeDocument(String notes) throws IOException {
        StringBuilder doc = new StringBuilder("# " + service + ": authorization matrix\n\n"
                + "Generated by the service's `SecurityMatrixTest` from its OpenAPI document (the test fails on an "
                + "operation without a row); do not edit by hand. See [../security.md](../security.md) for the "
                + "model.\n\n✔ allowed, — 403. \"Out of scope\" is what an allowed role gets for a resource outside "
                + "its regions.\n\n");
        doc.append("| Operation |");
        ROLES.forEach(r -> doc.append(' ').append(r).append(" |"));
        doc.append(" Out of scope |\n|---|");
        ROLES.forEach(r -> doc.append(":-:|"));
        doc.append("---|\n");
        for (Map.Entry<String, Rule> e : policy.entrySet()) {
            doc.append("| `").append(e.getKey()).append("` |");
            for (String role : ROLES) {
                doc.append(e.getValue().roles().contains(role) ? " ✔ |" : " — |");
            }
            doc.append(' ').append(e.getValue().scope().outOfScope).append(" |\n");
        }
        if (notes != null && !notes.isBlank()) {
            doc.append('\n').append(notes.strip()).append('\n');
        }
        Path docs = Path.of("..", "docs");
        if (Files.isDirectory(docs)) {
            Files.createDirectories(docs.resolve("security"));
            Files.writeString(docs.resolve("security").resolve(service + ".md"), doc.toString());
        }
    }
}
