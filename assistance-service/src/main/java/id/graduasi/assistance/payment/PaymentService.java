package id.graduasi.assistance.payment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import id.graduasi.assistance.domain.DisbursementCycle;
import id.graduasi.assistance.domain.Entitlement;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.assistance.service.CycleService;
import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.DisbursementFailed;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Moves approved money at most once. An APPROVED entitlement is queued (send_due); a round claims due
 * entitlements (SENT) in one statement that also checks the household may still be paid under its programme's
 * exit policy ({@link PaymentRepository#PAYABLE}), commits, and only then calls the provider under the reference
 * {@code <entitlement id>:<attempt>}: no row lock is held while the provider works. The provider's confirmation
 * settles it; every confirmation is stored, and one that contradicts what is held (a late PAID after FAILED and a
 * retry, PAID then FAILED) becomes a reconciliation exception with the rupiah at risk, never a silent rollback.
 * Entitlements SENT without a confirmation are asked about at the provider after a while and settled.
 *
 * <p>What is true of a household that graduated or exited: a claim made after assistance applied the decision
 * never pays it anything its exit policy does not allow (the claim and the decision's cancellation lock the same
 * rows, so one of them runs first); a claim that committed before the decision was applied is paid — that payment
 * left before the decision was known here. Retries check the same rule in the statement that re-queues.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    public record Queued(UUID cycleId, long queued, long cancelled) {
    }

    /** What the provider confirms; {@code amount} (rupiah) when it says how much it paid, else null. */
    public record Confirmation(String reference, String providerTransactionId, String status, String reasonCode,
            Long amount) {

        public Confirmation(String reference, String providerTransactionId, String status, String reasonCode) {
            this(reference, providerTransactionId, status, reasonCode, null);
        }
    }

    /**
     * The answer to a confirmation: the entitlement's status after it, whether it was a repeat, and the kind of
     * reconciliation exception it raised (null when it agreed with what assistance held).
     */
    public record Settled(UUID entitlementId, String status, boolean duplicate, String exception) {

        public Settled(UUID entitlementId, String status, boolean duplicate) {
            this(entitlementId, status, duplicate, null);
        }
    }

    /** Count and rupiah per status; open reconciliation exceptions appear as EXCEPTION_&lt;kind&gt; with the rupiah at risk. */
    public record StatusTotal(String status, long count, long amount) {
    }

    /** The kind of a confirmation whose reference names no entitlement of ours. */
    public static final String UNKNOWN_ENTITLEMENT = "UNKNOWN_ENTITLEMENT";

    static final String EXCEPTIONS_METRIC = "graduasi.payment.reconciliation.exceptions";
    static final String AT_RISK_METRIC = "graduasi.payment.reconciliation.rupiah.at.risk";

    private final PaymentProvider provider;
    private final PaymentRepository repository;
    private final OutboxWriter outbox;
    private final CycleService cycles;
    private final int batchSize;
    private final Duration confirmationTimeout;
    private final AssistanceAccess access;
    private final MeterRegistry metrics;
    private final ReconciliationMetrics openMetrics;

    public PaymentService(PaymentProvider provider, PaymentRepository repository, OutboxWriter outbox,
            CycleService cycles,
            @ConfigProperty(name = "graduasi.assistance.payment.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "graduasi.assistance.payment.confirmation-timeout", defaultValue = "PT30M")
            Duration confirmationTimeout,
            AssistanceAccess access, MeterRegistry metrics, ReconciliationMetrics openMetrics) {
        this.provider = provider;
        this.repository = repository;
        this.outbox = outbox;
        this.cycles = cycles;
        this.batchSize = batchSize;
        this.confirmationTimeout = confirmationTimeout;
        this.access = access;
        this.metrics = metrics;
        this.openMetrics = openMetrics;
    }

    /** Queues every APPROVED, never-sent entitlement of an APPROVED cycle for sending. */
    @WithTransaction
    public Uni<Queued> dispatch(UUID cycleId) {
        return approvedCycle(cycleId).chain(cycle -> repository.queue(cycleId).map(Integer::longValue)
                .call(queued -> audit("DISPATCH_CYCLE", cycle, "queued " + queued)))
                .map(queued -> new Queued(cycleId, queued, 0));
    }

    /**
     * FAILED entitlements go out again under a new attempt if the household may still be paid; the others are
     * CANCELLED. Checked and re-queued in one statement, so a graduation applied meanwhile cannot slip between.
     */
    @WithTransaction
    public Uni<Queued> retryFailed(UUID cycleId) {
        return approvedCycle(cycleId).chain(cycle -> repository.retryFailed(cycleId)
                .call(n -> audit("RETRY_FAILED", cycle, "queued " + n[0] + ", cancelled " + n[1]))
                .map(n -> new Queued(cycleId, n[0], n[1])));
    }

    @Scheduled(every = "${graduasi.assistance.payment.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sendDue() {
        return sendRound().onFailure().invoke(e -> LOG.warnf("payment round failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * One round of sending, by one replica at a time: claim (and commit), call the provider, and if it did not
     * take them, release what may still be paid to go again under the same reference (the provider treats a
     * reference it has seen as the same payment). @return the number of instructions the provider accepted
     */
    public Uni<Integer> sendRound() {
        return Panache.withTransaction(() -> TransactionLocks.tryLock("graduasi:payment-dispatch")
                .chain(mine -> mine ? repository.claim(batchSize) : Uni.createFrom().item(List.<PaymentRepository.Claimed>of())))
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<PaymentProvider.Instruction> instructions = claimed.stream()
                            .map(c -> new PaymentProvider.Instruction(c.id() + ":" + c.attempt(), c.householdId(),
                                    c.amount(), c.programme(), c.year(), c.tranche()))
                            .toList();
                    return provider.send(instructions).replaceWith(claimed.size())
                            .onFailure().recoverWithUni(e -> {
                                LOG.warnf("payment provider did not take %d instructions, they go again: %s",
                                        claimed.size(), e.toString());
                                return Panache.withTransaction(() -> repository.release(
                                        claimed.stream().map(PaymentRepository.Claimed::id).toList(), false))
                                        .replaceWith(0);
                            });
                });
    }

    @Scheduled(every = "${graduasi.assistance.payment.sweep-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepUnconfirmed() {
        return sweepRound(confirmationTimeout).onFailure()
                .invoke(e -> LOG.warnf("unconfirmed payments sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Asks the provider about entitlements SENT longer than {@code olderThan} ago without a confirmation (a lost
     * callback, a crash between claim and call) and settles them: PAID or FAILED as if confirmed; UNKNOWN (never
     * received) goes again if still payable, else is CANCELLED; PENDING waits. @return the entitlements settled
     */
    public Uni<Integer> sweepRound(Duration olderThan) {
        return Panache.withSession(() -> repository.unconfirmed(Instant.now().minus(olderThan), batchSize))
                .chain(stuck -> {
                    if (stuck.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    java.util.Map<String, UUID> byReference = new java.util.HashMap<>();
                    stuck.forEach(u -> byReference.put(u.id() + ":" + u.attempt(), u.id()));
                    return provider.status(List.copyOf(byReference.keySet())).chain(answers -> {
                        List<UUID> unknown = answers.stream()
                                .filter(a -> a.state() == PaymentProvider.State.UNKNOWN)
                                .map(a -> byReference.get(a.reference())).filter(java.util.Objects::nonNull).toList();
                        List<Confirmation> settled = answers.stream()
                                .filter(a -> byReference.containsKey(a.reference()))
                                .filter(a -> a.state() == PaymentProvider.State.PAID
                                        || a.state() == PaymentProvider.State.FAILED)
                                .map(a -> new Confirmation(a.reference(), a.providerTransactionId(), a.state().name(),
                                        a.state() == PaymentProvider.State.FAILED && a.reasonCode() == null
                                                ? "PROVIDER_FAILURE" : a.reasonCode()))
                                .toList();
                        Uni<Integer> released = unknown.isEmpty() ? Uni.createFrom().item(0)
                                : Panache.withTransaction(() -> repository.release(unknown, true));
                        return released.chain(n -> io.smallrye.mutiny.Multi.createFrom().iterable(settled)
                                .onItem().transformToUniAndConcatenate(this::confirm)
                                .collect().asList().map(list -> n + list.size()));
                    });
                });
    }

    /**
     * A confirmation from the provider, stored whatever it says. The same provider transaction again is a repeat
     * and changes nothing. One that settles the SENT attempt it names is applied. Any other is a contradiction:
     * a reconciliation exception with the rupiah at risk (counted in the metrics once committed); a retry still
     * waiting to be sent is held, because the provider says the money already went. A reference that names no
     * entitlement of ours (not {@code <entitlement id>:<attempt>}, or an id we never made) is a contradiction
     * too ({@code UNKNOWN_ENTITLEMENT}): the provider says it moved money we have no record of sending.
     */
    public Uni<Settled> confirm(Confirmation confirmation) {
        UUID entitlementId = null;
        Integer attempt = null;
        String[] parts = confirmation.reference().split(":", -1);
        if (parts.length == 2) {
            try {
                entitlementId = UUID.fromString(parts[0]);
                attempt = Integer.valueOf(parts[1]);
            } catch (IllegalArgumentException e) {
                // not a reference of ours: raised as an unknown entitlement below
            }
        }
        UUID id = entitlementId;
        Integer named = attempt;
        java.util.concurrent.atomic.AtomicReference<PaymentRepository.ReconciliationException> raised =
                new java.util.concurrent.atomic.AtomicReference<>();
        return Panache.withTransaction(() -> (id == null || named == null ? Uni.createFrom().<Entitlement>nullItem()
                : Entitlement.<Entitlement>findById(id, LockModeType.PESSIMISTIC_WRITE)).chain(entitlement -> {
                    if (entitlement == null) {
                        return unknownEntitlement(confirmation, named)
                                .invoke(raised::set).map(x -> new Settled(null, null, x == null,
                                        x == null ? null : x.kind()));
                    }
                    int at = named;
                    return repository.storeConfirmation(confirmation, id, at).chain(stored -> {
                        if (!stored) {
                            return Uni.createFrom().item(new Settled(id, entitlement.status, true));
                        }
                        // The attempt in flight: SENT, or released to go again after the provider seemed to
                        // refuse it (a timeout can hide an acceptance; its confirmation settles it all the same).
                        if (entitlement.attempt == at && (Entitlement.SENT.equals(entitlement.status)
                                || Entitlement.APPROVED.equals(entitlement.status) && entitlement.sendDue)) {
                            return repository.confirmationOutcome(confirmation.providerTransactionId(), "APPLIED")
                                    .chain(() -> settle(entitlement, at, confirmation));
                        }
                        return contradiction(entitlement, at, confirmation).invoke(raised::set)
                                .map(x -> new Settled(id, entitlement.status, false, x == null ? null : x.kind()));
                    });
                })).invoke(settled -> {
                    PaymentRepository.ReconciliationException x = raised.get();
                    if (x != null) {
                        Counter.builder(EXCEPTIONS_METRIC).tag("kind", x.kind()).register(metrics).increment();
                        Counter.builder(AT_RISK_METRIC).tag("kind", x.kind()).register(metrics)
                                .increment(x.amountAtRisk());
                    }
                }).call(settled -> raised.get() == null ? Uni.createFrom().voidItem() : openMetrics.refresh());
    }

    /**
     * A confirmation for a reference that names no entitlement of ours, stored and raised as
     * {@code UNKNOWN_ENTITLEMENT}: a PAID puts at risk what the provider says it paid (0 when it does not say), a
     * FAILED nothing. @return the exception raised, or null for a repeat
     */
    private Uni<PaymentRepository.ReconciliationException> unknownEntitlement(Confirmation confirmation,
            Integer attempt) {
        return repository.storeConfirmation(confirmation, null, attempt).chain(stored -> {
            if (!stored) {
                return Uni.createFrom().nullItem();
            }
            long atRisk = Entitlement.PAID.equals(confirmation.status()) && confirmation.amount() != null
                    ? confirmation.amount() : 0;
            LOG.errorf("payment confirmation %s (%s) for reference %s, which names no entitlement here: "
                    + "reconciliation exception %s", confirmation.providerTransactionId(), confirmation.status(),
                    confirmation.reference(), UNKNOWN_ENTITLEMENT);
            PaymentRepository.ReconciliationException x = new PaymentRepository.ReconciliationException(
                    TimeOrderedIds.next(), null, null, null, null, UNKNOWN_ENTITLEMENT,
                    confirmation.providerTransactionId(), confirmation.reference(), confirmation.status(), null, null,
                    atRisk, Instant.now());
            String summary = "reference naming no entitlement here confirmed " + confirmation.status() + ": "
                    + UNKNOWN_ENTITLEMENT + ", Rp " + atRisk + " at risk"
                    + (confirmation.amount() == null ? " (the provider gave no amount)" : "")
                    + ", provider transaction " + confirmation.providerTransactionId();
            return repository.insert(x)
                    .chain(() -> repository.confirmationOutcome(confirmation.providerTransactionId(), "EXCEPTION"))
                    .chain(() -> access.recordProvider("PAYMENT_EXCEPTION", AssistanceAccess.RECONCILIATION_EXCEPTION,
                            x.id(), null, null, summary))
                    .replaceWith(x);
        });
    }

    /**
     * A confirmation that does not settle the SENT attempt it names. A PAID always contradicts (the provider says
     * money went where assistance does not count it, or counts it twice): the amount is at risk. A FAILED
     * contradicts only a PAID of the same attempt; a FAILED of an attempt already failed, retried or cancelled
     * agrees with what is held and is only stored. @return the exception raised, or null
     */
    private Uni<PaymentRepository.ReconciliationException> contradiction(Entitlement entitlement, int attempt,
            Confirmation confirmation) {
        boolean paid = Entitlement.PAID.equals(confirmation.status());
        String kind;
        if (paid) {
            kind = switch (entitlement.status) {
                case Entitlement.PAID -> "PAID_TWICE";
                case Entitlement.FAILED -> "PAID_AFTER_FAILED";
                case Entitlement.CANCELLED -> "PAID_AFTER_CANCELLED";
                default -> "PAID_FOR_EARLIER_ATTEMPT";
            };
        } else if (Entitlement.PAID.equals(entitlement.status) && entitlement.attempt == attempt) {
            kind = "FAILED_AFTER_PAID";
        } else {
            return repository.confirmationOutcome(confirmation.providerTransactionId(), "NOTED").replaceWith(
                    (PaymentRepository.ReconciliationException) null);
        }
        LOG.errorf("payment confirmation %s (%s) for entitlement %s attempt %d, which is %s at attempt %d: "
                + "reconciliation exception %s", confirmation.providerTransactionId(), confirmation.status(),
                entitlement.id, attempt, entitlement.status, entitlement.attempt, kind);
        PaymentRepository.ReconciliationException x = new PaymentRepository.ReconciliationException(TimeOrderedIds.next(),
                entitlement.id, entitlement.cycleId, entitlement.householdId, entitlement.villageCode, kind,
                confirmation.providerTransactionId(), confirmation.reference(), confirmation.status(),
                entitlement.status, entitlement.attempt, entitlement.amount, Instant.now());
        String held = "";
        if (paid && Entitlement.APPROVED.equals(entitlement.status) && entitlement.sendDue) {
            // The retry has not left yet: it stays unsent until a person settles the exception.
            entitlement.sendDue = false;
            entitlement.statusReason = "HELD_RECONCILIATION";
            held = ", retry held";
        }
        String summary = "attempt " + attempt + " confirmed " + confirmation.status() + " while " + entitlement.status
                + " at attempt " + entitlement.attempt + ": " + kind + ", Rp " + entitlement.amount + " at risk"
                + held + ", provider transaction " + confirmation.providerTransactionId();
        return repository.insert(x)
                .chain(() -> repository.confirmationOutcome(confirmation.providerTransactionId(), "EXCEPTION"))
                .chain(() -> access.recordProvider("PAYMENT_EXCEPTION", AssistanceAccess.ENTITLEMENT, entitlement.id,
                        entitlement.householdId, entitlement.villageCode, summary))
                .replaceWith(x);
    }

    /**
     * Count and rupiah per status of the cycle's entitlements in the caller's regions (filtered in the query),
     * then its reconciliation exceptions per kind: open ones as {@code EXCEPTION_<kind>}, resolved ones as
     * {@code RESOLVED_EXCEPTION_<kind>}, each with the rupiah at risk.
     */
    @WithSession
    public Uni<List<StatusTotal>> reconciliation(UUID cycleId) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("cycle", cycleId);
        String region = access.regionCondition("e.villageCode", params);
        java.util.Map<String, Object> exceptionParams = new java.util.HashMap<>();
        String exceptionRegion = access.regionCondition("r.village_code", exceptionParams);
        return cycles.get(cycleId).chain(cycle -> Panache.getSession().chain(session -> {
            var query = session.createQuery("select e.status, count(e), coalesce(sum(e.amount), 0) from Entitlement e "
                    + "where e.cycleId = :cycle" + (region == null ? "" : " and " + region)
                    + " group by e.status order by e.status", Object[].class);
            params.forEach(query::setParameter);
            return query.getResultList();
        }))
                .chain(rows -> repository.exceptionsByKind(cycleId, exceptionRegion, exceptionParams).map(exceptions -> {
                    List<StatusTotal> totals = new java.util.ArrayList<>(rows.stream().map(r -> (Object[]) r)
                            .map(r -> new StatusTotal(r[0].toString(), ((Number) r[1]).longValue(),
                                    ((Number) r[2]).longValue())).toList());
                    exceptions.forEach(r -> totals.add(new StatusTotal(
                            (Boolean.TRUE.equals(r[1]) ? "EXCEPTION_" : "RESOLVED_EXCEPTION_") + r[0],
                            ((Number) r[2]).longValue(), ((Number) r[3]).longValue())));
                    return totals;
                }));
    }

    private Uni<Settled> settle(Entitlement entitlement, int attempt, Confirmation confirmation) {
        UUID id = entitlement.id;
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String was = entitlement.status;
        entitlement.status = confirmation.status();
        entitlement.sendDue = false;
        entitlement.settledAt = now;
        entitlement.providerTransactionId = confirmation.providerTransactionId();
        entitlement.statusReason = Entitlement.FAILED.equals(confirmation.status()) ? confirmation.reasonCode() : null;
        return DisbursementCycle.<DisbursementCycle>findById(entitlement.cycleId).chain(cycle -> outbox.append(
                Entitlement.PAID.equals(entitlement.status)
                        ? new AidDisbursed(entitlement.id, entitlement.householdId, cycle.id, cycle.programme,
                                cycle.year, cycle.tranche, entitlement.amount, entitlement.villageCode, today)
                        : new DisbursementFailed(entitlement.id, entitlement.householdId, cycle.id, cycle.programme,
                                entitlement.amount, entitlement.statusReason, today)))
                .call(() -> access.recordProvider("CONFIRM_PAYMENT", AssistanceAccess.ENTITLEMENT, entitlement.id,
                        entitlement.householdId, entitlement.villageCode, "attempt " + attempt + " " + was + " -> "
                                + entitlement.status + (entitlement.statusReason == null ? ""
                                        : ", reason " + entitlement.statusReason)
                                + ", provider transaction " + confirmation.providerTransactionId()))
                .replaceWith(new Settled(id, entitlement.status, false));
    }

    private Uni<DisbursementCycle> approvedCycle(UUID cycleId) {
        return TransactionLocks.lock("cycle:" + cycleId).chain(() -> cycles.get(cycleId)).invoke(cycle -> {
            if (cycle.status != DisbursementCycle.Status.APPROVED) {
                throw ProblemException.conflict("status", "cycle " + cycleId + " is " + cycle.status
                        + "; only an APPROVED cycle is paid");
            }
        });
    }

    private Uni<Void> audit(String action, DisbursementCycle cycle, String what) {
        return access.record(action, AssistanceAccess.CYCLE, cycle.id, null, null, cycle.programme + " " + cycle.year
                + " tranche " + cycle.tranche + " " + what);
    }

}
