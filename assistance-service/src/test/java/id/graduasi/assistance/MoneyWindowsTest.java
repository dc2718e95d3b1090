package id.graduasi.assistance;

import static id.graduasi.assistance.AssistanceTestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import id.graduasi.assistance.payment.PaymentService;
import id.graduasi.assistance.service.EnrollmentService;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.contract.MemberAdded;
import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The money windows of issue #16, against the real database and a payment provider over HTTP. Registry and
 * graduation events are applied through the service's own handlers (what the consumer calls), so that a seed is
 * a few hundred milliseconds and many seeds run in CI.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SimulatedPaymentProvider.class, restrictToAnnotatedClass = true)
class MoneyWindowsTest {

    private static final String CYCLES = "/api/v1/disbursement-cycles";
    private static final String VILLAGE = "64.72.01.1001";
    private static final int SEEDS = Integer.getInteger("graduasi.money-windows.seeds", 25);

    @Inject
    EnrollmentService enrollments;

    @Inject
    PaymentService payments;

    /** What the provider holds true of a reference it received: PAID or FAILED, and under which transaction. */
    private final Map<String, JsonObject> truth = new HashMap<>();
    /** Every confirmation sent, by provider transaction id: its reference and status. */
    private final Map<String, String[]> confirmationsSent = new HashMap<>();
    /** Provider transactions that contradict an earlier confirmation of the provider's. */
    private final Set<String> contradictions = new HashSet<>();

    /**
     * Decision, dispatch, sending rounds (also at the same moment as the decision), retries, provider callbacks
     * (repeated, late, contradicting), a refusing provider, the unconfirmed-payment sweep and cycle re-runs, in a
     * random order per seed. Then: nothing claimed for a household after assistance applied its graduation (PKH
     * ends at once), no entitlement paid by the provider twice without a reconciliation exception naming it,
     * every contradiction recorded, every confirmation stored, nothing left unsettled.
     */
    @Test
    void randomInterleavingsPayNothingAfterTheDecisionNothingTwiceAndRecordEveryContradiction() throws Exception {
        // Each seed's cycles are in a year of its own, 2001 to 2025 (see pkhHousehold).
        assertTrue(SEEDS <= 25, "at most 25 seeds");
        for (int seed = 1; seed <= SEEDS; seed++) {
            runSeed(seed);
        }
    }

    private void runSeed(int seed) throws Exception {
        Random random = new Random(seed);
        int year = 2000 + seed;
        List<UUID> households = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            households.add(pkhHousehold(LocalDate.of(year - 1, 6, 1)));
        }
        List<String> cycles = new ArrayList<>();
        cycles.add(approvedAndDispatched(year, 1));
        for (UUID h : households) {
            assertEquals(1L, count("select count(*) from entitlement where household_id = '" + h
                    + "' and cycle_id = '" + cycles.get(0) + "' and amount = 750000"), "seed " + seed
                    + ": each family is owed its child's component, not its unborn child's");
        }
        Map<UUID, Object> decidedAt = new HashMap<>();
        String why = "seed " + seed;

        for (int step = 0; step < 30; step++) {
            switch (random.nextInt(9)) {
                case 0 -> send();
                case 1, 2 -> callback(random, households, false);
                case 3 -> callback(random, households, true);
                case 4 -> {
                    UUID h = households.get(random.nextInt(households.size()));
                    if (!decidedAt.containsKey(h)) {
                        if (random.nextBoolean()) {
                            // The decision arrives while a sending round runs.
                            CompletableFuture<Void> round = CompletableFuture.runAsync(this::send);
                            decidedAt.put(h, decide(h));
                            round.join();
                        } else {
                            decidedAt.put(h, decide(h));
                        }
                    }
                }
                case 5 -> cycles.forEach(c -> as("officer-a").post(CYCLES + "/" + c + "/retry-failed").then()
                        .statusCode(202));
                case 6 -> await(() -> payments.sweepRound(Duration.ZERO));
                case 7 -> {
                    SimulatedPaymentProvider.REFUSE_NEXT.set(1);
                    send();
                }
                default -> {
                    // A cycle re-run: the same cycle asked for again (answered, nothing added), dispatched again,
                    // and the next tranche created, approved and dispatched.
                    as("officer-a").contentType(ContentType.JSON).body("{\"programme\": \"PKH\", \"year\": " + year
                            + ", \"tranche\": 1}").post(CYCLES).then().statusCode(200);
                    as("officer-a").post(CYCLES + "/" + cycles.get(0) + "/dispatch").then().statusCode(202);
                    if (cycles.size() < 3) {
                        cycles.add(approvedAndDispatched(year, cycles.size() + 1));
                    }
                }
            }
        }
        SimulatedPaymentProvider.REFUSE_NEXT.set(0);
        drain(households, cycles, why);

        String ids = households.stream().map(h -> "'" + h + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        for (Map.Entry<UUID, Object> decided : decidedAt.entrySet()) {
            long claimedAfter = ((Number) sql("select count(*) from entitlement where household_id = '"
                    + decided.getKey() + "' and sent_at > ?1", decided.getValue()).get(0)).longValue();
            assertEquals(0, claimedAfter, why + ": a payment claimed after the decision was applied");
        }
        // Paid twice by the provider (its own truth) only with a reconciliation exception naming the entitlement.
        Map<String, Integer> paidAttempts = new HashMap<>();
        truth.forEach((reference, t) -> {
            if ("PAID".equals(t.getString("status"))) {
                paidAttempts.merge(reference.split(":")[0], 1, Integer::sum);
            }
        });
        for (Map.Entry<String, Integer> paid : paidAttempts.entrySet()) {
            if (paid.getValue() > 1) {
                assertTrue(count("select count(*) from reconciliation_exception where entitlement_id = '"
                        + paid.getKey() + "'") > 0, why + ": entitlement " + paid.getKey() + " paid "
                        + paid.getValue() + " times without a reconciliation exception");
            }
        }
        assertEquals(0, count("select count(*) from (select entitlement_id from payment_confirmation "
                + "where outcome = 'APPLIED' and status = 'PAID' group by entitlement_id having count(*) > 1) x"),
                why + ": an entitlement settled PAID twice");
        for (String transaction : contradictions) {
            assertEquals(1, count("select count(*) from reconciliation_exception where provider_transaction_id = '"
                    + transaction + "'"), why + ": contradiction " + transaction + " not recorded");
        }
        assertEquals(confirmationsSent.size(), count("select count(*) from payment_confirmation where provider_transaction_id like 'T%'"),
                why + ": a confirmation not stored");
        assertEquals(0, count("select count(*) from entitlement where household_id in (" + ids
                + ") and (status = 'SENT' or status = 'APPROVED' and send_due)"), why + ": left unsettled");
        for (String cycle : cycles) {
            assertEquals(liveTotals(cycle), storedTotals(cycle), why + ": cycle " + cycle
                    + "'s totals are not its entitlements that are not cancelled");
        }
    }

    /**
     * Each way an entitlement is cancelled takes it out of its cycle's stored totals (entitlement count and rupiah,
     * what the cycle answers and its audit rows say) in the statement that cancels it: a graduation before sending
     * (the decision's cancellation), a retry of a failed payment of a household that graduated meanwhile, and the
     * unconfirmed-payment sweep (in {@link #unconfirmedPaymentsAreAskedAboutAtTheProviderAndSettled}).
     */
    @Test
    void everyWayAnEntitlementIsCancelledTakesItOutOfItsCycleTotals() {
        int year = 2000;
        UUID graduatedEarly = pkhHousehold(LocalDate.of(year - 3, 6, 1));
        UUID failedThenGraduated = pkhHousehold(LocalDate.of(year - 3, 6, 1));
        UUID paid = pkhHousehold(LocalDate.of(year - 3, 6, 1));
        String cycle = as("officer-a").contentType(ContentType.JSON).body("{\"programme\": \"PKH\", \"year\": "
                + year + ", \"tranche\": 1}").post(CYCLES).then().statusCode(201).extract().path("id");
        as("supervisor-b").post(CYCLES + "/" + cycle + "/approval").then().statusCode(200);
        List<Long> approved = storedTotals(cycle);
        assertEquals(liveTotals(cycle), approved);

        decide(graduatedEarly);
        assertEquals("CANCELLED", status(graduatedEarly));
        assertEquals(List.of(approved.get(0) - 1, approved.get(1) - 750_000), storedTotals(cycle),
                "cancelled by the graduation");
        as("officer-a").post(CYCLES + "/" + cycle + "/dispatch").then().statusCode(202);
        send();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "SENT".equals(status(failedThenGraduated)) && "SENT".equals(status(paid)));
        String paidReference = reference(paid);
        String failedReference = reference(failedThenGraduated);
        await(() -> payments.confirm(new PaymentService.Confirmation(paidReference, "TOTALS-P", "PAID", null)));
        await(() -> payments.confirm(new PaymentService.Confirmation(failedReference, "TOTALS-F", "FAILED",
                "ACCOUNT_CLOSED")));
        decide(failedThenGraduated);
        assertEquals("FAILED", status(failedThenGraduated), "a failed payment is the retry's to settle");
        assertEquals(List.of(approved.get(0) - 1, approved.get(1) - 750_000), storedTotals(cycle));

        as("officer-a").post(CYCLES + "/" + cycle + "/retry-failed").then().statusCode(202)
                .body("cancelled", org.hamcrest.Matchers.equalTo(1));
        assertEquals("CANCELLED", status(failedThenGraduated));
        assertEquals(List.of(approved.get(0) - 2, approved.get(1) - 1_500_000), storedTotals(cycle),
                "cancelled by the retry");
        assertEquals(liveTotals(cycle), storedTotals(cycle));
        // What the cycle answers is the stored totals.
        as("officer-a").get(CYCLES + "/" + cycle).then().statusCode(200)
                .body("entitlementCount", org.hamcrest.Matchers.equalTo(approved.get(0).intValue() - 2))
                .body("totalAmount", org.hamcrest.Matchers.equalTo(approved.get(1).intValue() - 1_500_000));
    }

    /** A cycle's stored entitlement count and rupiah. */
    private static List<Long> storedTotals(String cycle) {
        Object[] row = (Object[]) sql("select entitlement_count, total_amount from disbursement_cycle where id = '"
                + cycle + "'").get(0);
        return List.of(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** A cycle's entitlements that are not cancelled: count and rupiah. */
    private static List<Long> liveTotals(String cycle) {
        Object[] row = (Object[]) sql("select count(*), coalesce(sum(amount), 0) from entitlement where cycle_id = '"
                + cycle + "' and status <> 'CANCELLED'").get(0);
        return List.of(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /**
     * Two cycles of one one-off programme (business capital, Rp 5,000,000 once) created at the same moment: each
     * household gets the aid in one of them only, and the year's budget (Rp 500,000,000: 100 households) is not
     * exceeded although each cycle alone would fit in it (55 households each, 110 together).
     */
    @Test
    void twoCyclesOfOneOneOffProgrammeCreatedAtOnceGiveNobodyTheAidTwiceAndStayWithinBudget() throws Exception {
        int year = LocalDate.now().getYear();
        for (int i = 0; i < 55; i++) {
            UUID household = UUID.randomUUID();
            apply(() -> enrollments.onRegistered(new HouseholdRegistered(household, VILLAGE, 1, LocalDate.now())));
            apply(() -> enrollments.onMemberAdded(new MemberAdded(household, UUID.randomUUID(), "HEAD", "M",
                    LocalDate.of(1985, 1, 1), null, false, false, false, LocalDate.now())));
            as("officer-a").contentType(ContentType.JSON).body("{\"householdId\": \"" + household
                    + "\", \"programme\": \"MODAL_USAHA\", \"justification\": \"business plan approved\"}")
                    .post("/api/v1/enrollments").then().statusCode(201);
        }
        // Both creations must compute before either commits, as two officers' requests can: a transaction of the
        // test's own holds the pending audit entries' table (which every audited write appends to after its work)
        // until both are blocked, one on that table (computed) and the other on the programme's lock (or, were
        // cycles of a programme not serialised, on the table too, computed without seeing the first's entitlements).
        // The sequencer has chained the earlier writes' entries, so while the table is held it has nothing to move
        // and no backend but the creations waits for the holder.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from audit_pending") == 0);
        List<CompletableFuture<Integer>> creations = new ArrayList<>();
        // As the owner: a SHARE lock needs rights the service's role does not have on the audit tables.
        try (java.sql.Connection holder = id.graduasi.testing.TestDatabaseAccess.owner()) {
            holder.setAutoCommit(false);
            try (var statement = holder.createStatement()) {
                statement.execute("lock table audit_pending in share mode");
            }
            CyclicBarrier start = new CyclicBarrier(2);
            for (int tranche = 1; tranche <= 2; tranche++) {
                String body = "{\"programme\": \"MODAL_USAHA\", \"year\": " + year + ", \"tranche\": " + tranche
                        + "}";
                creations.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return as("officer-a").contentType(ContentType.JSON).body(body).post(CYCLES).then().extract()
                            .statusCode();
                }));
            }
            // Blocked by the holder, or by a backend the holder blocks (the second creation, on the programme lock).
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
                try (var statement = holder.createStatement(); var rows = statement.executeQuery("""
                        with blocked as (
                            select pid from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid)))
                        select count(*) from pg_stat_activity a
                        where a.pid in (select pid from blocked)
                           or exists (select 1 from blocked b where b.pid = any(pg_blocking_pids(a.pid)))""")) {
                    rows.next();
                    return rows.getLong(1) >= 2;
                }
            });
            holder.commit();
        }
        for (CompletableFuture<Integer> creation : creations) {
            int status = creation.join();
            assertTrue(status == 201 || status == 409, "created, or refused as over budget: " + status);
        }
        assertEquals(0, count("""
                select count(*) from (
                    select x.enrollment_id from entitlement x join disbursement_cycle c on c.id = x.cycle_id
                    where c.programme = 'MODAL_USAHA' and x.status <> 'CANCELLED'
                    group by x.enrollment_id having count(*) > 1) twice"""), "a household given one-off aid twice");
        assertEquals(55, count("""
                select count(*) from entitlement x join disbursement_cycle c on c.id = x.cycle_id
                where c.programme = 'MODAL_USAHA' and x.status <> 'CANCELLED'"""), "every household given it once");
        assertTrue(count("""
                select coalesce(sum(x.amount), 0) from entitlement x join disbursement_cycle c on c.id = x.cycle_id
                where c.programme = 'MODAL_USAHA' and c.year = """ + year + " and x.status <> 'CANCELLED'")
                <= 500_000_000L, "budget exceeded");
    }

    /**
     * Payments handed to the provider and never confirmed are asked about: one the provider lost goes again under
     * the same reference; one it says it paid is settled PAID without any callback; one it still works on waits;
     * and one it lost of a household that graduated meanwhile is cancelled, never sent.
     */
    @Test
    void unconfirmedPaymentsAreAskedAboutAtTheProviderAndSettled() {
        UUID lost = pkhHousehold(LocalDate.of(1997, 6, 1));
        UUID pending = pkhHousehold(LocalDate.of(1997, 6, 1));
        UUID graduated = pkhHousehold(LocalDate.of(1997, 6, 1));
        approvedAndDispatched(2000, 2);
        SimulatedPaymentProvider.LOSE_NEXT.set(1);
        send();
        // The scheduled round may have claimed them first: wait until the provider has lost that request.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> SimulatedPaymentProvider.LOSE_NEXT.get() == 0);
        String lostReference = reference(lost);
        String pendingReference = reference(pending);
        String graduatedReference = reference(graduated);
        assertEquals(List.of("SENT", "SENT", "SENT"), List.of(status(lost), status(pending), status(graduated)));
        assertTrue(receivedFor(List.of(lost, pending, graduated)).isEmpty(), "the provider lost them");
        decide(graduated); // SENT is not cancelled by the decision: the sweep finds out whether it left
        String cycle = sql("select cast(cycle_id as text) from entitlement where household_id = '" + graduated + "'")
                .get(0).toString();
        List<Long> before = storedTotals(cycle);

        await(() -> payments.sweepRound(Duration.ZERO));
        assertEquals("CANCELLED", status(graduated), "lost, and no longer payable");
        assertEquals(List.of(before.get(0) - 1, before.get(1) - 750_000), storedTotals(cycle),
                "cancelled by the sweep: out of the cycle's totals");
        assertEquals(liveTotals(cycle), storedTotals(cycle));
        assertTrue(Set.of("APPROVED", "SENT").contains(status(lost)), "lost, still payable: queued again (and "
                + "perhaps already claimed by the scheduled round)");
        send();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> new HashSet<>(
                receivedFor(List.of(lost, pending, graduated))).equals(Set.of(lostReference, pendingReference)));

        SimulatedPaymentProvider.STATUS.put(lostReference, new JsonObject().put("status", "PAID")
                .put("providerTransactionId", "SWEEP-1"));
        await(() -> payments.sweepRound(Duration.ZERO));
        assertEquals("PAID", status(lost), "settled from the provider's answer");
        assertEquals("SENT", status(pending), "the provider still works on it");
        assertEquals(1, count("select count(*) from payment_confirmation where provider_transaction_id = 'SWEEP-1' "
                + "and outcome = 'APPLIED'"));
        assertTrue(SimulatedPaymentProvider.RECEIVED.stream()
                .noneMatch(p -> graduatedReference.equals(p.getString("reference"))));
    }

    private static String reference(UUID household) {
        return sql("select cast(id as text) || ':' || attempt from entitlement where household_id = '" + household
                + "'").get(0).toString();
    }

    private static String status(UUID household) {
        return sql("select status from entitlement where household_id = '" + household + "'").get(0).toString();
    }

    // ---- the actors ----

    /**
     * A PKH family with a child born on {@code childBorn}, which earns EARLY_CHILDHOOD (750,000 a tranche) on the
     * reference dates of the cycles it is meant for: the seeds' (2001 to 2025) from a child born the year before,
     * not yet born on the other tests' (2000) from a child born in 1997 (those families may be in the first seeds'
     * cycles: each seed looks at its own). A younger child makes the family eligible today and earns nothing
     * before its birth.
     */
    private UUID pkhHousehold(LocalDate childBorn) {
        UUID household = UUID.randomUUID();
        apply(() -> enrollments.onRegistered(new HouseholdRegistered(household, VILLAGE, 2, LocalDate.now())));
        apply(() -> enrollments.onMemberAdded(new MemberAdded(household, UUID.randomUUID(), "CHILD", "F", childBorn,
                null, false, false, false, LocalDate.now())));
        apply(() -> enrollments.onMemberAdded(new MemberAdded(household, UUID.randomUUID(), "CHILD", "M",
                AssistanceTestSupport.bornHalfAYearAgo(), null, false, false, false, LocalDate.now())));
        apply(() -> enrollments.onStatusChanged(new HouseholdStatusChanged(household, VILLAGE, "REGISTERED",
                "VERIFIED", "FIELD_VERIFICATION", Instant.now())));
        return household;
    }

    private static String approvedAndDispatched(int year, int tranche) {
        String cycle = as("officer-a").contentType(ContentType.JSON).body("{\"programme\": \"PKH\", \"year\": "
                + year + ", \"tranche\": " + tranche + "}").post(CYCLES).then().statusCode(201).extract().path("id");
        as("supervisor-b").post(CYCLES + "/" + cycle + "/approval").then().statusCode(200);
        as("officer-a").post(CYCLES + "/" + cycle + "/dispatch").then().statusCode(202);
        return cycle;
    }

    /** Applies a graduation (PKH: END_NOW) and returns the database's clock once it is committed. */
    private Object decide(UUID household) {
        apply(() -> enrollments.onGraduationDecided(AssistanceTestSupport.v2(new GraduationDecided(UUID.randomUUID(),
                household, VILLAGE, "GRADUASI_MANDIRI", "EKONOMI_MEMBAIK", LocalDate.now()))));
        return sql("select clock_timestamp()").get(0);
    }

    private void send() {
        await(() -> payments.sendRound());
    }

    /**
     * The provider confirms a reference it received: the first time as it decides (mostly PAID), again as a
     * repeat; or, when {@code contradict}, it changes its mind about a settled one under a new transaction.
     */
    private void callback(Random random, List<UUID> households, boolean contradict) {
        List<String> received = receivedFor(households);
        if (received.isEmpty()) {
            return;
        }
        String reference = received.get(random.nextInt(received.size()));
        JsonObject known = truth.get(reference);
        if (known == null) {
            boolean paid = random.nextInt(10) < 7;
            known = new JsonObject().put("status", paid ? "PAID" : "FAILED")
                    .put("providerTransactionId", "T-" + reference).put("reasonCode", paid ? null : "ACCOUNT_CLOSED");
            truth.put(reference, known);
            SimulatedPaymentProvider.STATUS.put(reference, known);
        } else if (contradict) {
            boolean nowPaid = !"PAID".equals(known.getString("status"));
            String transaction = "T" + (confirmationsSent.size() + 1) + "-" + reference;
            known = new JsonObject().put("status", nowPaid ? "PAID" : "FAILED").put("providerTransactionId",
                    transaction).put("reasonCode", nowPaid ? null : "REVERSED");
            // What the provider says now stands; the contradiction must be recorded if it is a PAID (money went)
            // or a FAILED of what assistance holds PAID under this very attempt.
            if (nowPaid || heldPaidAt(reference)) {
                contradictions.add(transaction);
            }
            truth.put(reference, known);
            SimulatedPaymentProvider.STATUS.put(reference, known);
        }
        confirm(reference, known);
    }

    private boolean heldPaidAt(String reference) {
        String[] parts = reference.split(":");
        return count("select count(*) from entitlement where id = '" + parts[0] + "' and status = 'PAID' and attempt = "
                + parts[1]) > 0;
    }

    private void confirm(String reference, JsonObject known) {
        String transaction = known.getString("providerTransactionId");
        confirmationsSent.put(transaction, new String[] { reference, known.getString("status") });
        await(() -> payments.confirm(new PaymentService.Confirmation(reference, transaction,
                known.getString("status"), known.getString("reasonCode"))));
    }

    /** Until nothing is due or unconfirmed: send, confirm what is unconfirmed truthfully (PAID), sweep, retry. */
    private void drain(List<UUID> households, List<String> cycles, String why) {
        for (int round = 0; round < 40; round++) {
            send();
            for (String reference : receivedFor(households)) {
                if (!truth.containsKey(reference)) {
                    JsonObject paid = new JsonObject().put("status", "PAID").put("providerTransactionId",
                            "T-" + reference);
                    truth.put(reference, paid);
                    SimulatedPaymentProvider.STATUS.put(reference, paid);
                    confirm(reference, paid);
                }
            }
            await(() -> payments.sweepRound(Duration.ZERO));
            cycles.forEach(c -> as("officer-a").post(CYCLES + "/" + c + "/retry-failed").then().statusCode(202));
            String ids = households.stream().map(h -> "'" + h + "'").reduce((a, b) -> a + "," + b).orElseThrow();
            if (count("select count(*) from entitlement where household_id in (" + ids
                    + ") and (status = 'SENT' or status = 'APPROVED' and send_due)") == 0) {
                return;
            }
        }
        String ids = households.stream().map(h -> "'" + h + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        throw new AssertionError(why + ": payments still unsettled after draining: " + sql("select cast(id as text) "
                + "|| ' ' || status || ' attempt ' || attempt || ' due ' || send_due from entitlement where household_id in ("
                + ids + ") and (status = 'SENT' or status = 'APPROVED' and send_due)") + ", truth " + truth);
    }

    private static List<String> receivedFor(List<UUID> households) {
        Set<String> ids = new HashSet<>();
        households.forEach(h -> ids.add(h.toString()));
        return SimulatedPaymentProvider.RECEIVED.stream().filter(p -> ids.contains(p.getString("householdId")))
                .map(p -> p.getString("reference")).distinct().toList();
    }

    // ---- plumbing ----

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void apply(Supplier<Uni<Void>> handler) {
        await(handler);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sql(String query, Object... parameters) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(query);
            for (int i = 0; i < parameters.length; i++) {
                q.setParameter(i + 1, parameters[i]);
            }
            return q.getResultList();
        }))).stream().map(o -> (Object) o).toList();
    }

    private static long count(String query) {
        return ((Number) sql(query).get(0)).longValue();
    }
}
