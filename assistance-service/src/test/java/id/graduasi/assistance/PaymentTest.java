package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.given;
import static id.graduasi.assistance.AssistanceTestSupport.signed;
import static id.graduasi.assistance.AssistanceTestSupport.withToken;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.assistance.payment.PaymentService;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.security.CallbackSignature;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.events.contract.Topics;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/** Money moves at most once: against the real database and broker and a payment provider over HTTP. */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SimulatedPaymentProvider.class, restrictToAnnotatedClass = true)
class PaymentTest {

    private static final String CYCLES = "/api/v1/disbursement-cycles";
    private static final int YEAR = 2012;

    @Test
    void eachEntitlementIsPaidOnceDespiteResendsRetriesAndRepeatedCallbacksAndAGraduatedFamilyNever() {
        // Under 7 on the reference date: 750,000 a tranche; the younger child, born after it, earns nothing.
        LocalDate born = LocalDate.of(YEAR - 3, 6, 1);
        double rupiahCountedBefore = pkhRupiahDisbursed();
        String paid = household(born);
        String failing = household(born);
        String graduating = household(born);
        String cycle = as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": " + YEAR + ", \"tranche\": 1}").post(CYCLES)
                .then().statusCode(201).extract().path("id");
        as("supervisor-b").post(CYCLES + "/" + cycle + "/approval")
                .then().statusCode(200);

        // Graduated after approval, before sending: its entitlement is cancelled and never sent.
        AssistanceTestSupport.publishDecided(new GraduationDecided(UUID.randomUUID(), UUID.fromString(graduating), "64.72.01.1001",
                "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", LocalDate.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> entitlement(graduating).get("status"), "CANCELLED"::equals);

        // The provider is down for the first request: the same references go again, nothing is marked before.
        SimulatedPaymentProvider.REFUSE_NEXT.set(1);
        as("officer-a").header("Idempotency-Key", "dispatch-" + cycle)
                .post(CYCLES + "/" + cycle + "/dispatch").then().statusCode(202).body("queued", equalTo(2));
        as("officer-a").header("Idempotency-Key", "dispatch-" + cycle)
                .post(CYCLES + "/" + cycle + "/dispatch").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("queued", equalTo(2));
        as("officer-a").post(CYCLES + "/" + cycle + "/dispatch")
                .then().statusCode(202).body("queued", equalTo(0));

        String paidReference = entitlement(paid).get("id") + ":1";
        String failingReference = entitlement(failing).get("id") + ":1";
        // Claimed (SENT) before the provider is called; the refused batch is released and goes again.
        await().atMost(Duration.ofSeconds(30)).until(() -> received(paidReference) >= 2
                && received(failingReference) >= 2 && "SENT".equals(entitlement(paid).get("status"))
                && "SENT".equals(entitlement(failing).get("status")));
        assertEquals(2, received(paidReference), "sent to a provider that refused, then again with the same reference");
        assertEquals(0, SimulatedPaymentProvider.RECEIVED.stream()
                .filter(p -> graduating.equals(p.getString("householdId"))).count());
        JsonObject instruction = SimulatedPaymentProvider.RECEIVED.stream()
                .filter(p -> paidReference.equals(p.getString("reference"))).findFirst().orElseThrow();
        assertEquals(750_000L, instruction.getLong("amount"));

        // Only the provider, signing with the shared secret, may confirm: an unsigned callback (even with a staff
        // token), one signed with another secret, a body other than the one signed, or a stale signature is 401.
        Map<String, String> paidBody = Map.of("reference", paidReference, "providerTransactionId", "SIM-1",
                "status", "PAID");
        long now = Instant.now().getEpochSecond();
        given().contentType(ContentType.JSON).body(paidBody).post("/api/v1/payment-confirmations").then()
                .statusCode(401).contentType("application/problem+json");
        signed(paidBody, now, "another-secret-of-some-length").post("/api/v1/payment-confirmations").then()
                .statusCode(401).contentType("application/problem+json");
        String tampered = AssistanceTestSupport.json(paidBody);
        io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .header(CallbackSignature.TIMESTAMP, Long.toString(now))
                .header(CallbackSignature.SIGNATURE, CallbackSignature.sign(AssistanceTestSupport.CALLBACK_SECRET, now,
                        tampered.replace("PAID", "FAILED")))
                .body(tampered).post("/api/v1/payment-confirmations").then().statusCode(401);
        signed(paidBody, now - 600, AssistanceTestSupport.CALLBACK_SECRET).post("/api/v1/payment-confirmations")
                .then().statusCode(401).body("detail", containsString("seconds away from now"));
        assertEquals("SENT", entitlement(paid).get("status"), "a refused callback changes nothing");

        // The provider confirms; a repeated callback is answered and changes nothing.
        confirm(paidReference, "SIM-1", "PAID", null).body("status", equalTo("PAID")).body("duplicate", equalTo(false));
        confirm(paidReference, "SIM-1", "PAID", null).body("duplicate", equalTo(true));
        confirm(failingReference, "SIM-2", "FAILED", "ACCOUNT_CLOSED").body("status", equalTo("FAILED"));
        // A second payment of a paid entitlement is never a second PAID: it is stored and raised as a
        // reconciliation exception with the amount at risk (issue #16: not a rolled-back 409 leaving no trace).
        double atRiskBefore = metric("graduasi_payment_reconciliation_rupiah_at_risk_total", "PAID_TWICE");
        confirm(paidReference, "SIM-9", "PAID", null).body("status", equalTo("PAID"))
                .body("duplicate", equalTo(false)).body("exception", equalTo("PAID_TWICE"));
        confirm(paidReference, "SIM-9", "PAID", null).body("duplicate", equalTo(true));
        assertEquals(atRiskBefore + 750_000, metric("graduasi_payment_reconciliation_rupiah_at_risk_total",
                "PAID_TWICE"));

        // The failed one goes out again under attempt 2, and is paid.
        as("officer-a").post(CYCLES + "/" + cycle + "/retry-failed")
                .then().statusCode(202).body("queued", equalTo(1)).body("cancelled", equalTo(0));
        String retryReference = entitlement(failing).get("id") + ":2";
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(entitlement(failing).get("status")));
        assertEquals(1, received(retryReference));
        // The first attempt turns out paid after all, though it was confirmed FAILED and retried: recorded.
        confirm(failingReference, "SIM-3", "PAID", null).body("status", equalTo("SENT"))
                .body("exception", equalTo("PAID_FOR_EARLIER_ATTEMPT"));
        confirm(retryReference, "SIM-4", "PAID", null).body("status", equalTo("PAID"));

        // Who changed the paid household's entitlement: the provider (signed), never a user.
        withToken(TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*")))
                .get("/api/v1/audit?householdId=" + paid).then().statusCode(200)
                .body("action", equalTo(List.of("PAYMENT_EXCEPTION", "CONFIRM_PAYMENT")))
                .body("actor", equalTo(List.of(AssistanceAccess.PAYMENT_PROVIDER, AssistanceAccess.PAYMENT_PROVIDER)))
                .body("[0].summary", equalTo("attempt 1 confirmed PAID while PAID at attempt 1: PAID_TWICE, "
                        + "Rp 750000 at risk, provider transaction SIM-9"))
                .body("[1].summary", equalTo("attempt 1 SENT -> PAID, provider transaction SIM-1"));

        List<Map<String, Object>> totals = given().get(CYCLES + "/" + cycle + "/reconciliation").then()
                .statusCode(200).extract().path("$");
        assertEquals(List.of(Map.of("status", "CANCELLED", "count", 1, "amount", 750_000),
                Map.of("status", "PAID", "count", 2, "amount", 1_500_000),
                Map.of("status", "EXCEPTION_PAID_FOR_EARLIER_ATTEMPT", "count", 1, "amount", 750_000),
                Map.of("status", "EXCEPTION_PAID_TWICE", "count", 1, "amount", 750_000)), totals);

        // Realization: paid against the year's target (4 households) and budget (Rp 3,000,000).
        given().queryParam("programme", "PKH").queryParam("year", YEAR).get("/api/v1/realization").then()
                .statusCode(200).body("fundingSource", equalTo("APBD_PROVINCE"))
                .body("householdsPaid", equalTo(2)).body("householdsPercent", equalTo(50.0f))
                .body("rupiahPaid", equalTo(1_500_000)).body("budgetPercent", equalTo(50.0f))
                .body("regions.region", equalTo(List.of("64.72"))).body("regions[0].householdsPaid", equalTo(2))
                .body("regions[0].rupiahPaid", equalTo(1_500_000)).body("regions[0].entitlements", equalTo(2))
                .body("regions[0].rupiahEntitled", equalTo(1_500_000))
                // 64.72's share in the test allocations: 1 household, Rp 1,500,000.
                .body("regions[0].targetHouseholds", equalTo(1)).body("regions[0].householdsPercent", equalTo(200.0f))
                .body("regions[0].budget", equalTo(1_500_000)).body("regions[0].budgetPercent", equalTo(100.0f));
        given().queryParam("programme", "PKH").queryParam("year", YEAR).queryParam("region", "64.72")
                .get("/api/v1/realization").then().statusCode(200)
                .body("targetHouseholds", equalTo(1)).body("householdsPercent", equalTo(200.0f));
        assertEquals("region,households_paid,rupiah_paid,entitlements,rupiah_entitled,target_households,"
                + "households_percent,budget_idr,budget_percent\n64.72.01.1001,2,1500000,2,1500000,,,,\n",
                given().queryParam("programme", "PKH").queryParam("year", YEAR)
                        .queryParam("region", "64.72").queryParam("level", "village").get("/api/v1/realization/csv")
                        .then().statusCode(200).extract().asString());
        given().queryParam("programme", "PKH").queryParam("year", YEAR).queryParam("level", "street")
                .get("/api/v1/realization").then().statusCode(400).body("errors[0].field", equalTo("level"));
        given().queryParam("programme", "PKH").queryParam("year", YEAR + 1).get("/api/v1/realization")
                .then().statusCode(404);

        List<TestKafka.Event> disbursed = await().atMost(Duration.ofSeconds(30)).until(
                () -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> EventType.AID_DISBURSED.type()
                        .equals(e.type()) && (paid.equals(e.key()) || failing.equals(e.key()))),
                l -> l.size() >= 2);
        assertEquals(1, disbursed.stream().filter(e -> paid.equals(e.key())).count());
        assertEquals(1, disbursed.stream().filter(e -> failing.equals(e.key())).count());
        // The business counter adds each published payment's rupiah (issue #8): the two paid tranches.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pkhRupiahDisbursed() >= rupiahCountedBefore + 1_500_000);
        assertTrue(TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT, e -> failing.equals(e.key())).stream()
                .anyMatch(e -> EventType.DISBURSEMENT_FAILED.type().equals(e.type())
                        && e.value().contains("ACCOUNT_CLOSED")));
    }

    /**
     * A signed confirmation whose reference names no entitlement here (an id we never made, or not our reference
     * form at all) is a statement that money moved: stored, raised as an exception with the amount the provider
     * says it paid, and answered 200 so that the provider stops retrying it (a 404 left no trace, and a provider
     * retries a refused callback until it gives up). Only a body that is no confirmation at all is refused.
     */
    @Test
    void aConfirmationNamingNoEntitlementHereIsStoredAsAnExceptionAndAnsweredSoTheProviderStopsRetrying() {
        String unknown = PaymentService.UNKNOWN_ENTITLEMENT;
        double raisedAtRisk = metric("graduasi_payment_reconciliation_rupiah_at_risk_total", unknown);
        double open = metric("graduasi_payment_reconciliation_exceptions_open", unknown);
        double openAtRisk = metric("graduasi_payment_reconciliation_rupiah_at_risk_open", unknown);
        String paidTransaction = "UNKNOWN-" + UUID.randomUUID();
        String failedTransaction = "UNKNOWN-" + UUID.randomUUID();
        String reference = UUID.randomUUID() + ":1";

        Map<String, Object> paid = Map.of("reference", reference, "providerTransactionId", paidTransaction,
                "status", "PAID", "amount", 500_000);
        signed(paid).post("/api/v1/payment-confirmations").then().statusCode(200)
                .body("exception", equalTo(unknown)).body("entitlementId", nullValue())
                .body("duplicate", equalTo(false));
        signed(paid).post("/api/v1/payment-confirmations").then().statusCode(200)
                .body("duplicate", equalTo(true)).body("exception", nullValue());
        signed(Map.of("reference", "nonsense", "providerTransactionId", failedTransaction, "status", "FAILED"))
                .post("/api/v1/payment-confirmations").then().statusCode(200).body("exception", equalTo(unknown));
        signed(Map.of("reference", UUID.randomUUID() + ":1", "providerTransactionId", "X-3", "status", "MAYBE"))
                .post("/api/v1/payment-confirmations").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        signed(Map.of("reference", reference, "providerTransactionId", "X-4", "status", "PAID", "amount", -1))
                .post("/api/v1/payment-confirmations").then().statusCode(400)
                .body("errors[0].field", equalTo("amount"));

        // Stored with what the provider said; they have no region, so a caller with every region sees them.
        List<Map<String, Object>> raised = exceptions(given().queryParam("state", "OPEN")).stream()
                .filter(x -> Set.of(paidTransaction, failedTransaction).contains(x.get("providerTransactionId")))
                .toList();
        assertEquals(2, raised.size());
        Map<String, Object> paidException = raised.stream()
                .filter(x -> paidTransaction.equals(x.get("providerTransactionId"))).findFirst().orElseThrow();
        assertEquals(unknown, paidException.get("kind"));
        assertEquals(reference, paidException.get("paymentReference"));
        assertEquals("PAID", paidException.get("confirmedStatus"));
        assertEquals(500_000, paidException.get("amountAtRisk"));
        assertEquals(null, paidException.get("entitlementId"));
        assertEquals(0, raised.stream().filter(x -> failedTransaction.equals(x.get("providerTransactionId")))
                .findFirst().orElseThrow().get("amountAtRisk"), "a FAILED moved no money");
        assertTrue(exceptions(withToken(TestTokens.token("officer-samarinda", Set.of(Roles.OFFICER),
                Set.of("64.72"))).queryParam("state", "OPEN")).stream()
                .noneMatch(x -> paidTransaction.equals(x.get("providerTransactionId"))));

        assertEquals(raisedAtRisk + 500_000, metric("graduasi_payment_reconciliation_rupiah_at_risk_total", unknown));
        assertEquals(open + 2, metric("graduasi_payment_reconciliation_exceptions_open", unknown));
        assertEquals(openAtRisk + 500_000, metric("graduasi_payment_reconciliation_rupiah_at_risk_open", unknown));

        // Resolved by a supervisor with every region: no longer open, in the metrics either.
        as("supervisor-s").contentType(ContentType.JSON)
                .body(Map.of("outcome", "PAID", "note", "provider paid a test account; refund requested"))
                .post("/api/v1/reconciliation-exceptions/" + paidException.get("id") + "/resolution").then()
                .statusCode(200).body("resolution", equalTo("PAID")).body("resolvedBy", equalTo("supervisor-s"));
        assertEquals(open + 1, metric("graduasi_payment_reconciliation_exceptions_open", unknown));
        assertEquals(openAtRisk, metric("graduasi_payment_reconciliation_rupiah_at_risk_open", unknown));
    }

    /**
     * Exceptions are resolved by a supervisor or an administrator with every region, with what became of the money
     * and a note, audited without the note; the resolution decides what becomes of the entitlement waiting on it.
     * A: paid after it failed, resolved PAID: settled PAID under the provider's transaction, announced, never sent
     * again. B: a retry held because attempt 1 turned out paid, resolved NOT_PAID: the retry goes out. C: paid
     * for attempt 1 while attempt 2 is with the provider: not resolvable until attempt 2 is confirmed. The
     * cycle's report and the list show open and resolved apart; the gauges count open ones only.
     */
    @Test
    void reconciliationExceptionsAreResolvedWithTheirOutcomeAndTheEntitlementsWaitingOnThemFollow() throws Exception {
        // Children under 7 on this cycle's reference date and not yet born on the first test's (2012): that test
        // counts what its cycle queues, so these families must not be in it.
        int year = 2020;
        LocalDate born = LocalDate.of(year - 3, 6, 1);
        String a = household(born);
        String b = household(born);
        String c = household(born);
        String cycle = as("officer-a").contentType(ContentType.JSON)
                .body("{\"programme\": \"PKH\", \"year\": " + year + ", \"tranche\": 1}").post(CYCLES)
                .then().statusCode(201).extract().path("id");
        as("supervisor-b").post(CYCLES + "/" + cycle + "/approval").then().statusCode(200);
        // (The first test's families may be in it too: only these three are watched.)
        as("officer-a").post(CYCLES + "/" + cycle + "/dispatch").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(a, b, c).stream()
                .allMatch(h -> "SENT".equals(entitlement(h).get("status"))));
        String ea = (String) entitlement(a).get("id");
        String eb = (String) entitlement(b).get("id");
        String ec = (String) entitlement(c).get("id");
        String kindA = "PAID_AFTER_FAILED";
        String kindBC = "PAID_FOR_EARLIER_ATTEMPT";
        double openA = metric("graduasi_payment_reconciliation_exceptions_open", kindA);
        double openBC = metric("graduasi_payment_reconciliation_exceptions_open", kindBC);
        double openBCAtRisk = metric("graduasi_payment_reconciliation_rupiah_at_risk_open", kindBC);

        confirm(ea + ":1", "R-A1-" + cycle, "FAILED", "ACCOUNT_CLOSED");
        confirm(ea + ":1", "R-A2-" + cycle, "PAID", null).body("exception", equalTo(kindA));
        confirm(eb + ":1", "R-B1-" + cycle, "FAILED", "ACCOUNT_CLOSED");
        confirm(ec + ":1", "R-C1-" + cycle, "FAILED", "ACCOUNT_CLOSED");
        try (Connection sending = holdSendingLock()) {
            // No round sends while another "replica" holds the sending lock: the retries wait, due.
            as("officer-a").post(CYCLES + "/" + cycle + "/retry-failed").then().statusCode(202)
                    .body("queued", equalTo(2));
            assertEquals("FAILED", entitlement(a).get("status"), "an open exception keeps A from a retry");
            confirm(eb + ":1", "R-B2-" + cycle, "PAID", null).body("exception", equalTo(kindBC))
                    .body("status", equalTo("APPROVED"));
            assertEquals("HELD_RECONCILIATION", entitlement(b).get("statusReason"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(entitlement(c).get("status"))
                && received(ec + ":2") == 1);
        confirm(ec + ":1", "R-C2-" + cycle, "PAID", null).body("exception", equalTo(kindBC))
                .body("status", equalTo("SENT"));
        assertEquals("APPROVED", entitlement(b).get("status"), "the held retry is not sent");
        assertEquals(0, received(eb + ":2"));

        Map<String, Map<String, Object>> byEntitlement = new java.util.HashMap<>();
        exceptions(given().queryParam("cycleId", cycle).queryParam("state", "OPEN"))
                .forEach(x -> byEntitlement.put((String) x.get("entitlementId"), x));
        assertEquals(Set.of(ea, eb, ec), byEntitlement.keySet());
        String xa = (String) byEntitlement.get(ea).get("id");
        String xb = (String) byEntitlement.get(eb).get("id");
        String xc = (String) byEntitlement.get(ec).get("id");
        assertEquals(openA + 1, metric("graduasi_payment_reconciliation_exceptions_open", kindA));
        assertEquals(openBC + 2, metric("graduasi_payment_reconciliation_exceptions_open", kindBC));
        assertEquals(openBCAtRisk + 1_500_000, metric("graduasi_payment_reconciliation_rupiah_at_risk_open", kindBC));

        // Who may resolve, and what a resolution must say.
        String resolution = RESOLUTIONS + "/" + xa + "/resolution";
        Map<String, String> paid = Map.of("outcome", "PAID", "note", "bank statement shows the transfer on day 3");
        withToken(TestTokens.token("officer-o", Set.of(Roles.OFFICER), Set.of("*"))).contentType(ContentType.JSON)
                .body(paid).post(resolution).then().statusCode(403).contentType("application/problem+json");
        withToken(TestTokens.token("supervisor-r", Set.of(Roles.SUPERVISOR), Set.of("64.72")))
                .contentType(ContentType.JSON).body(paid).post(resolution).then().statusCode(403)
                .contentType("application/problem+json");
        as("supervisor-s").contentType(ContentType.JSON).body(Map.of("outcome", "PAID", "note", "ok"))
                .post(resolution).then().statusCode(400).body("errors[0].field", containsString("note"));
        as("supervisor-s").contentType(ContentType.JSON).body(Map.of("outcome", "MAYBE", "note", paid.get("note")))
                .post(resolution).then().statusCode(400).body("errors[0].field", containsString("outcome"));
        as("supervisor-s").contentType(ContentType.JSON).body(paid)
                .post(RESOLUTIONS + "/" + UUID.randomUUID() + "/resolution").then().statusCode(404)
                .contentType("application/problem+json");
        // C's attempt 2 is with the provider: its confirmation could still contradict a resolution.
        as("supervisor-s").contentType(ContentType.JSON).body(paid).post(RESOLUTIONS + "/" + xc + "/resolution")
                .then().statusCode(409).body("detail", containsString("with the payment provider"));

        // A: the provider did pay. Settled PAID under its transaction, announced once, never sent again.
        as("supervisor-s").header("Idempotency-Key", "resolve-" + xa).contentType(ContentType.JSON).body(paid)
                .post(resolution).then().statusCode(200).body("resolution", equalTo("PAID"))
                .body("resolvedBy", equalTo("supervisor-s")).body("resolutionNote", equalTo(paid.get("note")))
                .body("resolvedAt", notNullValue());
        as("supervisor-s").header("Idempotency-Key", "resolve-" + xa).contentType(ContentType.JSON).body(paid)
                .post(resolution).then().statusCode(200).header("Idempotent-Replayed", "true");
        as("supervisor-t").contentType(ContentType.JSON).body(paid).post(resolution).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("supervisor-s"));
        Map<String, Object> settled = entitlement(a);
        assertEquals("PAID", settled.get("status"));
        assertEquals("RECONCILED", settled.get("statusReason"));
        assertEquals("R-A2-" + cycle, settled.get("providerTransactionId"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.readAll(Topics.ASSISTANCE_ENROLLMENT,
                e -> a.equals(e.key()) && EventType.AID_DISBURSED.type().equals(e.type())).size() == 1);
        as("officer-a").post(CYCLES + "/" + cycle + "/retry-failed").then().statusCode(202)
                .body("queued", equalTo(0));

        // B: attempt 1 did not pay after all (the provider reversed it). The held retry goes out.
        as("supervisor-s").contentType(ContentType.JSON)
                .body(Map.of("outcome", "NOT_PAID", "note", "provider reversed attempt 1, confirmed by phone"))
                .post(RESOLUTIONS + "/" + xb + "/resolution").then().statusCode(200)
                .body("resolution", equalTo("NOT_PAID"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(entitlement(b).get("status"))
                && received(eb + ":2") == 1);

        // The cycle's report and the list: open and resolved apart; the gauges: open ones only.
        List<Map<String, Object>> report = given().get(CYCLES + "/" + cycle + "/reconciliation").then()
                .statusCode(200).extract().path("$");
        assertEquals(List.of(Map.of("status", "EXCEPTION_" + kindBC, "count", 1, "amount", 750_000),
                Map.of("status", "RESOLVED_EXCEPTION_" + kindA, "count", 1, "amount", 750_000),
                Map.of("status", "RESOLVED_EXCEPTION_" + kindBC, "count", 1, "amount", 750_000)),
                report.stream().filter(r -> r.get("status").toString().contains("EXCEPTION_")).toList());
        Map<String, Object> page = given().queryParam("cycleId", cycle).get(RESOLUTIONS).then().statusCode(200)
                .extract().path("$");
        assertEquals(List.of(Map.of("kind", kindA, "open", 0, "openAmountAtRisk", 0, "resolved", 1,
                "resolvedAmountAtRisk", 750_000), Map.of("kind", kindBC, "open", 1, "openAmountAtRisk", 750_000,
                        "resolved", 1, "resolvedAmountAtRisk", 750_000)), page.get("totals"));
        assertEquals(Set.of(xa, xb), exceptions(given().queryParam("cycleId", cycle).queryParam("state", "RESOLVED"))
                .stream().map(x -> x.get("id")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(openA, metric("graduasi_payment_reconciliation_exceptions_open", kindA));
        assertEquals(openBC + 1, metric("graduasi_payment_reconciliation_exceptions_open", kindBC));
        assertEquals(openBCAtRisk + 750_000, metric("graduasi_payment_reconciliation_rupiah_at_risk_open", kindBC));

        // Audited as the supervisor; the note (free text) stays on the exception.
        withToken(TestTokens.token("auditor-ani", Set.of(Roles.AUDITOR), Set.of("*")))
                .queryParam("entityId", xa).get("/api/v1/audit").then().statusCode(200)
                .body("action", equalTo(List.of("RESOLVE_RECONCILIATION")))
                .body("actor", equalTo(List.of("supervisor-s")))
                .body("[0].summary", equalTo(kindA + " resolved PAID, Rp 750000 at risk; entitlement FAILED -> PAID, "
                        + "provider transaction R-A2-" + cycle));
    }

    private static final String RESOLUTIONS = "/api/v1/reconciliation-exceptions";

    private static List<Map<String, Object>> exceptions(io.restassured.specification.RequestSpecification request) {
        return request.queryParam("limit", 1000).get(RESOLUTIONS).then().statusCode(200).extract().path("items");
    }

    /**
     * Holds the lock a payment round takes (one replica sends at a time), as another replica would, on a connection
     * of its own: no round claims anything until it is closed.
     */
    private static Connection holdSendingLock() throws Exception {
        Connection connection = AssistanceTestSupport.database();
        try (var statement = connection.createStatement()) {
            // Waits for a round under way to commit its claim; session-level, so it outlives transactions.
            statement.execute("select pg_advisory_lock(hashtextextended('graduasi:payment-dispatch', 0))");
        }
        return connection;
    }

    /** A counter with one tag, kind, on /q/metrics; 0 before its first increment. */
    private static double metric(String name, String kind) {
        var sample = java.util.regex.Pattern.compile("(?m)^" + name + "\\{kind=\"" + kind + "\"\\} (\\S+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    /** graduasi_disbursed_rupiah_total{programme="PKH"} on /q/metrics; 0 before the first payment. */
    private static double pkhRupiahDisbursed() {
        var sample = java.util.regex.Pattern.compile(
                "(?m)^graduasi_disbursed_rupiah_total\\{programme=\"PKH\"\\} (\\S+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    private static io.restassured.response.ValidatableResponse confirm(String reference, String transaction,
            String status, String reason) {
        Map<String, String> body = reason == null
                ? Map.of("reference", reference, "providerTransactionId", transaction, "status", status)
                : Map.of("reference", reference, "providerTransactionId", transaction, "status", status,
                        "reasonCode", reason);
        return signed(body).post("/api/v1/payment-confirmations")
                .then().statusCode(200);
    }

    private static long received(String reference) {
        return SimulatedPaymentProvider.RECEIVED.stream().filter(p -> reference.equals(p.getString("reference")))
                .count();
    }

    private static Map<String, Object> entitlement(String household) {
        List<Map<String, Object>> list = given().queryParam("householdId", household).get("/api/v1/entitlements")
                .then().statusCode(200).extract().path("$");
        return list.isEmpty() ? Map.of() : list.get(0);
    }

    /** A verified family with a child born on this day and a younger one (see {@code bornHalfAYearAgo}). */
    private static String household(LocalDate childBorn) {
        return AssistanceTestSupport.household("64.72.01.1001", childBorn, AssistanceTestSupport.bornHalfAYearAgo());
    }
}
