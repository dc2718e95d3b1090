package id.graduasi.mentoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A household's case follows its life: OPEN while a social worker coaches it, MONITORING for the configured
 * months after graduation, CLOSED when monitoring ends or the household leaves the registry; a relapse
 * (GRADUATED back to ACTIVE in the registry) re-opens it.
 */
@ApplicationScoped
public class CaseService {

    private final OutboxWriter outbox;
    private final int monitoringMonths;

    public CaseService(OutboxWriter outbox,
            @ConfigProperty(name = "graduasi.mentoring.monitoring-months") int monitoringMonths) {
        this.outbox = outbox;
        this.monitoringMonths = monitoringMonths;
    }

    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return MentoringCase.ofHousehold(event.householdId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return open(newCase(event.householdId(), event.villageCode()));
        });
    }

    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        boolean relapse = "GRADUATED".equals(event.fromStatus()) && "ACTIVE".equals(event.toStatus());
        boolean exited = "EXITED".equals(event.toStatus());
        if (!relapse && !exited) {
            return Uni.createFrom().voidItem();
        }
        return MentoringCase.ofHousehold(event.householdId()).chain(mentoringCase -> {
            if (mentoringCase == null) {
                return relapse ? open(newCase(event.householdId(), event.villageCode())) : Uni.createFrom().voidItem();
            }
            if (relapse && mentoringCase.status != CaseStatus.OPEN) {
                mentoringCase.status = CaseStatus.OPEN;
                mentoringCase.monitoringUntil = null;
                mentoringCase.closedAt = null;
                return announceOpened(mentoringCase);
            }
            return exited ? close(mentoringCase, "HOUSEHOLD_EXITED") : Uni.createFrom().voidItem();
        });
    }

    /**
     * A graduated family is monitored for the configured months; an administrative exit (moved, deceased,
     * duplicate) closes the case at once, since there is nobody left to visit.
     */
    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecided decision) {
        return MentoringCase.ofHousehold(decision.householdId()).chain(found -> {
            if (found != null && found.status != CaseStatus.OPEN) {
                return Uni.createFrom().voidItem();
            }
            // The decision may be read before the registration (another topic): the case is then created here.
            MentoringCase mentoringCase = found != null ? found : newCase(decision.householdId(), decision.villageCode());
            Uni<Void> created = found != null ? Uni.createFrom().voidItem() : mentoringCase.persist().replaceWithVoid();
            if ("ADMINISTRATIVE_EXIT".equals(decision.pathway())) {
                return created.chain(() -> close(mentoringCase, "HOUSEHOLD_EXITED"));
            }
            mentoringCase.status = CaseStatus.MONITORING;
            mentoringCase.monitoringUntil = decision.decidedOn().plusMonths(monitoringMonths);
            return created.chain(() -> outbox.append(new CaseMonitoringStarted(mentoringCase.id,
                    mentoringCase.householdId, mentoringCase.monitoringUntil))).replaceWithVoid();
        });
    }

    /**
     * Closes the cases whose monitoring ended before {@code today}, a bounded batch per call, on one replica
     * at a time.
     */
    @WithTransaction
    public Uni<Integer> closeEndedMonitoring(LocalDate today, int limit) {
        return TransactionLocks.tryLock("mentoring:monitoring-closer").chain(owner -> !owner
                ? Uni.createFrom().item(0)
                : closeBatch(today, limit));
    }

    private Uni<Integer> closeBatch(LocalDate today, int limit) {
        return MentoringCase.<MentoringCase>find("status = ?1 and monitoringUntil < ?2 order by monitoringUntil",
                        CaseStatus.MONITORING, today)
                .page(0, limit).list()
                .chain(cases -> Multi.createFrom().iterable(cases)
                        .onItem().transformToUniAndConcatenate(c -> close(c, "MONITORING_ENDED"))
                        .collect().asList()
                        .replaceWith(cases.size()));
    }

    @WithSession
    public Uni<MentoringCase> ofHousehold(UUID householdId) {
        return MentoringCase.ofHousehold(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("case of household", householdId));
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static MentoringCase newCase(UUID householdId, String villageCode) {
        MentoringCase mentoringCase = new MentoringCase();
        mentoringCase.id = UUID.randomUUID();
        mentoringCase.householdId = householdId;
        mentoringCase.villageCode = villageCode;
        mentoringCase.status = CaseStatus.OPEN;
        mentoringCase.openedAt = Instant.now();
        return mentoringCase;
    }

    private Uni<Void> open(MentoringCase mentoringCase) {
        return mentoringCase.persist().chain(() -> announceOpened(mentoringCase));
    }

    private Uni<Void> announceOpened(MentoringCase mentoringCase) {
        return outbox.append(new CaseOpened(mentoringCase.id, mentoringCase.householdId, mentoringCase.villageCode,
                Instant.now())).replaceWithVoid();
    }

    private Uni<Void> close(MentoringCase mentoringCase, String reason) {
        if (mentoringCase.status == CaseStatus.CLOSED) {
            return Uni.createFrom().voidItem();
        }
        mentoringCase.status = CaseStatus.CLOSED;
        mentoringCase.closedAt = Instant.now();
        return outbox.append(new CaseClosed(mentoringCase.id, mentoringCase.householdId, reason,
                mentoringCase.closedAt)).replaceWithVoid();
    }
}
