package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static id.graduasi.assistance.AssistanceTestSupport.given;
import static id.graduasi.assistance.AssistanceTestSupport.signed;
import static id.graduasi.assistance.AssistanceTestSupport.withToken;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

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
    private static final int YEAR = 2034;

    @Test
    void eachEntitlementIsPaidOnceDespiteResendsRetriesAndRepeatedCallbacksAndAGraduatedFamilyNever() {
        LocalDate born = LocalDate.of(YEAR - 3, 6, 1); // under 7 on the reference date: 750,000 a tranche
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

    @Test
    void aConfirmationThatNamesNoSentPaymentIsRefusedNamingTheField() {
        signed(Map.of("reference", "nonsense", "providerTransactionId", "X-1",
                "status", "PAID")).post("/api/v1/payment-confirmations").then().statusCode(400)
                .body("errors[0].field", equalTo("reference"));
        signed(Map.of("reference", UUID.randomUUID() + ":1",
                "providerTransactionId", "X-2", "status", "PAID")).post("/api/v1/payment-confirmations")
                .then().statusCode(404);
        signed(Map.of("reference", UUID.randomUUID() + ":1",
                "providerTransactionId", "X-3", "status", "MAYBE")).post("/api/v1/payment-confirmations")
                .then().statusCode(400).contentType("application/problem+json");
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

    private static String household(LocalDate childBorn) {
        UUID household = UUID.randomUUID();
        TestKafka.publish(new HouseholdRegistered(household, "64.72.01.1001", 1, LocalDate.now()));
        TestKafka.publish(new MemberAdded(household, UUID.randomUUID(), "CHILD", "F", childBorn, null, false, false,
                false, LocalDate.now()));
        TestKafka.publish(new HouseholdStatusChanged(household, "64.72.01.1001", "REGISTERED", "VERIFIED",
                "FIELD_VERIFICATION", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/households/" + household)
                .then().extract().path("status"), "VERIFIED"::equals);
        return household.toString();
    }
}
