package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.household;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
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
 * The authorization matrix, generated from assistance's OpenAPI document: every operation × every role × a
 * resource in the caller's regions and one outside them. The expected outcome comes from {@link #POLICY}; an
 * operation without a row (a new endpoint) fails the test, and so does any 2xx where a denial is expected.
 * Writes docs/security/assistance-service.md.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class SecurityMatrixTest {

    static final Set<String> STAFF_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR);
    static final Set<String> OFFICERS = Set.of(Roles.OFFICER, Roles.ADMIN);
    static final Set<String> PAYERS = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN);
    static final Set<String> ENROLLMENT_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR,
            Roles.SOCIAL_WORKER, Roles.PARTNER);
    static final Set<String> PAYMENT_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR,
            Roles.PARTNER);
    static final String CYCLES = "/api/v1/disbursement-cycles";
    static final String ENROLLMENTS = "/api/v1/enrollments";

    static final Map<String, Rule> POLICY = new LinkedHashMap<>();

    static {
        POLICY.put("GET /api/v1/programmes", new Rule(Set.copyOf(Roles.ALL), Scope.FILTERED));
        POLICY.put("GET /api/v1/households/{householdId}", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/households/{householdId}/eligibility", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("GET " + ENROLLMENTS, new Rule(ENROLLMENT_READERS, Scope.FILTERED));
        POLICY.put("GET " + ENROLLMENTS + "/{id}", new Rule(ENROLLMENT_READERS, Scope.BY_ID));
        POLICY.put("POST " + ENROLLMENTS, new Rule(OFFICERS, Scope.BY_ID));
        POLICY.put("POST " + ENROLLMENTS + "/{id}/activation", new Rule(OFFICERS, Scope.BY_ID));
        POLICY.put("POST " + ENROLLMENTS + "/{id}/suspension", new Rule(OFFICERS, Scope.BY_ID));
        POLICY.put("POST " + ENROLLMENTS + "/{id}/resumption", new Rule(OFFICERS, Scope.BY_ID));
        POLICY.put("POST " + ENROLLMENTS + "/{id}/exit", new Rule(OFFICERS, Scope.BY_ID));
        POLICY.put("POST /api/v1/kube-groups", new Rule(OFFICERS, Scope.CREATE));
        POLICY.put("GET /api/v1/kube-groups/{id}", new Rule(STAFF_READERS, Scope.BY_ID));
        POLICY.put("GET /api/v1/entitlements", new Rule(PAYMENT_READERS, Scope.FILTERED));
        POLICY.put("POST " + CYCLES, new Rule(OFFICERS, Scope.EVERYWHERE));
        POLICY.put("POST " + CYCLES + "/{id}/computation", new Rule(OFFICERS, Scope.EVERYWHERE));
        POLICY.put("POST " + CYCLES + "/{id}/approval", new Rule(Set.of(Roles.SUPERVISOR), Scope.EVERYWHERE));
        POLICY.put("POST " + CYCLES + "/{id}/dispatch", new Rule(PAYERS, Scope.EVERYWHERE));
        POLICY.put("POST " + CYCLES + "/{id}/retry-failed", new Rule(PAYERS, Scope.EVERYWHERE));
        POLICY.put("GET " + CYCLES + "/{id}", new Rule(STAFF_READERS, Scope.FILTERED));
        POLICY.put("GET " + CYCLES + "/{id}/entitlements", new Rule(STAFF_READERS, Scope.FILTERED));
        POLICY.put("GET " + CYCLES + "/{id}/reconciliation", new Rule(STAFF_READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/reconciliation-exceptions", new Rule(STAFF_READERS, Scope.FILTERED));
        // Settling money the provider and the books disagree about: a supervisor's call (they approve cycles), or
        // an administrator's; with every region, as reconciliation with the provider spans regions.
        POLICY.put("POST /api/v1/reconciliation-exceptions/{id}/resolution",
                new Rule(Set.of(Roles.SUPERVISOR, Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/realization", new Rule(PAYMENT_READERS, Scope.FILTERED));
        POLICY.put("GET /api/v1/realization/csv", new Rule(PAYMENT_READERS, Scope.FILTERED));
        // The bank's callback: no bearer token (@PermitAll), every role's row is ✔ because the signature, not
        // the token, decides; the calls below sign it only for a token of our issuer, so that no token and a
        // foreign token stand for an unsigned and a wrongly signed callback (401).
        POLICY.put("POST /api/v1/payment-confirmations", new Rule(Set.copyOf(Roles.ALL), Scope.FILTERED));
        POLICY.put("GET /api/v1/audit", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
        // Dead letters may hold any region's data: administrators with every region only (issue #14).
        POLICY.put("GET /api/v1/admin/dead-letters", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/admin/dead-letters/{id}", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("POST /api/v1/admin/dead-letters/replay", new Rule(Set.of(Roles.ADMIN), Scope.EVERYWHERE));
        POLICY.put("GET /api/v1/audit/verification", new Rule(Set.of(Roles.AUDITOR, Roles.ADMIN), Scope.FILTERED));
    }

    static final String IN_VILLAGE = "64.72.01.1001";
    static final String OUT_VILLAGE = "11.01.01.2001";

    /** The in- and out-of-region targets of every call. */
    record Side(String household, String enrollment, String group, String village) {
    }

    @Test
    void everyOperationTimesEveryRoleInAndOutOfScope() throws Exception {
        Side in = side(IN_VILLAGE);
        Side out = side(OUT_VILLAGE);
        String cycle = as("setup").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": 2040, \"tranche\": 1}").post(CYCLES)
                .then().statusCode(201).extract().path("id");
        AuthorizationMatrix matrix = new AuthorizationMatrix("assistance-service", POLICY);
        List<String> failures = matrix.verify((operation, token, inScope) -> call(operation, token,
                inScope ? in : out, cycle));
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        matrix.writeDocument("""
                A disbursement cycle is one per programme, year and tranche for the whole province, so creating,
                computing, approving, dispatching and retrying one needs regions `[*]`; its reads (the cycle's
                totals, its entitlements, its reconciliation) count only the caller's regions. A household's region
                is its village code as the registry announced it. A PARTNER sees enrollments, entitlements and
                realization only in its regions and only for the programmes its token's `programmes` claim grants
                (none without the claim); its reads of household-level data are audited. A SOCIAL_WORKER reads
                enrollments in its regions and nothing else here (its casework lives in mentoring). Approval is
                four-eyes: a SUPERVISOR who created the cycle gets 403. Reconciliation exceptions are listed for
                staff in their regions (one naming no entitlement has no region: every region only) and resolved by
                a SUPERVISOR or an ADMIN with regions `[*]`. `POST /api/v1/payment-confirmations` is the
                payment provider's callback: no bearer token, an HMAC-SHA256 signature of the raw body under a
                shared secret instead (`X-Graduasi-Signature`, `X-Graduasi-Timestamp`; 401 without a valid,
                recent one).
                """);
    }

    private static Side side(String village) {
        LocalDate adult = LocalDate.now().minusYears(32);
        LocalDate toddler = LocalDate.now().minusYears(2);
        List<String> households = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            households.add(household(village, adult, toddler));
        }
        String enrollment = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(
                () -> AssistanceTestSupport.given().queryParam("householdId", households.get(0)).get(ENROLLMENTS)
                        .then().extract().<String>path("find { it.programme == 'PKH' }.id"),
                java.util.Objects::nonNull);
        String group = as("setup").contentType(ContentType.JSON)
                .body(Map.of("name", "KUBE Matrix", "villageCode", village, "businessType", "CATERING",
                        "householdIds", households))
                .post("/api/v1/kube-groups").then().statusCode(201).extract().path("id");
        return new Side(households.get(0), enrollment, group, village);
    }

    private static Response call(String operation, String token, Side side, String cycle) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{householdId}", side.household())
                .replace("{id}", path(operation, side, cycle));
        RequestSpecification request = token == null ? RestAssured.given()
                : RestAssured.given().header("Authorization", "Bearer " + token);
        request = request.contentType(ContentType.JSON);
        String body = "{}";
        switch (operation) {
            case "GET " + ENROLLMENTS, "GET /api/v1/entitlements" -> request = request.queryParam("householdId",
                    side.household());
            case "GET /api/v1/realization", "GET /api/v1/realization/csv" -> request = request
                    .queryParam("programme", "PKH").queryParam("year", 2012); // allocated in the test file
            case "GET /api/v1/audit" -> request = request.queryParam("householdId", side.household());
            case "POST " + ENROLLMENTS -> body = "{\"householdId\": \"" + side.household() + "\", \"programme\": "
                    + "\"MODAL_USAHA\", \"justification\": \"business plan reviewed\", \"overrideEligibility\": true}";
            case "POST " + ENROLLMENTS + "/{id}/suspension" -> body = "{\"reason\": \"ELIGIBILITY_REVIEW\"}";
            case "POST " + ENROLLMENTS + "/{id}/exit" -> body = "{\"reason\": \"MOVED\"}";
            case "POST /api/v1/kube-groups" -> body = AssistanceTestSupport.json(Map.of("name", "KUBE Baru",
                    "villageCode", side.village(), "businessType", "CATERING", "householdIds",
                    List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                            UUID.randomUUID())));
            case "POST " + CYCLES -> body = "{\"programme\": \"PKH\", \"year\": 2041, \"tranche\": 1}";
            case "POST /api/v1/reconciliation-exceptions/{id}/resolution" -> body = "{\"outcome\": \"NOT_PAID\", "
                    + "\"note\": \"checked against the bank statement\"}";
            case "POST /api/v1/payment-confirmations" -> {
                Map<String, String> confirmation = Map.of("reference", UUID.randomUUID() + ":1",
                        "providerTransactionId", "MATRIX-" + UUID.randomUUID(), "status", "PAID");
                return (ourToken(token) ? AssistanceTestSupport.signed(confirmation)
                        : AssistanceTestSupport.signed(confirmation, java.time.Instant.now().getEpochSecond(),
                                "a-secret-that-is-not-ours")).post(path);
            }
            default -> {
            }
        }
        return switch (method) {
            case "GET" -> request.get(path);
            default -> request.body(body).post(path);
        };
    }

    private static String path(String operation, Side side, String cycle) {
        if (operation.contains(CYCLES)) {
            return cycle;
        }
        if (operation.contains("reconciliation-exceptions")) {
            return UUID.randomUUID().toString(); // none: an allowed caller gets 404, the others 401 or 403 first
        }
        return operation.contains("kube-groups") ? side.group() : side.enrollment();
    }

    /** Whether the token was signed by this test's issuer key (a foreign token was not). */
    private static boolean ourToken(String token) {
        if (token == null) {
            return false;
        }
        try {
            String[] parts = token.split("\\.");
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(TestTokens.publicKey())));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            // A token for another service's audience stands for a callback signed for someone else: unsigned here.
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2])) && payload.contains("\"assistance-service\"");
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
