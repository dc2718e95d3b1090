package id.graduasi.mentoring.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.GraduationDecided;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

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
            MentoringCase mentoringCase = new MentoringCase();
            mentoringCase.id = UUID.randomUUID();
            mentoringCase.householdId = event.householdId();
            mentoringCase.villageCode = event.villageCode();
            mentoringCase.status = CaseStatus.OPEN;
            mentoringCase.openedAt = Instant.now();
            return mentoringCase.persist()
                    .chain(() -> outbox.append(new CaseOpened(mentoringCase.id, mentoringCase.householdId,
                            mentoringCase.villageCode, mentoringCase.openedAt)))
                    .replaceWithVoid();
        });
    }

    /**
     * A graduated family is monitored for the configured months; an administrative exit (moved, deceased,
     * duplicate) closes the case at once, since there is nobody left to visit.
     */
    @WithTransaction
    public Uni<Void> onGraduationDecided(GraduationDecided decision) {
        return MentoringCase.ofHousehold(decision.householdId()).chain(mentoringCase -> {
            if (mentoringCase == null || mentoringCase.status != CaseStatus.OPEN) {
                return Uni.createFrom().voidItem();
            }
            if ("ADMINISTRATIVE_EXIT".equals(decision.pathway())) {
                mentoringCase.status = CaseStatus.CLOSED;
                mentoringCase.closedAt = Instant.now();
                return Uni.createFrom().voidItem();
            }
            mentoringCase.status = CaseStatus.MONITORING;
            mentoringCase.monitoringUntil = decision.decidedOn().plusMonths(monitoringMonths);
            return outbox.append(new CaseMonitoringStarted(mentoringCase.id, mentoringCase.householdId,
                    mentoringCase.monitoringUntil)).replaceWithVoid();
        });
    }

    @WithSession
    public Uni<MentoringCase> ofHousehold(UUID householdId) {
        return MentoringCase.ofHousehold(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("case of household", householdId));
    }
}
