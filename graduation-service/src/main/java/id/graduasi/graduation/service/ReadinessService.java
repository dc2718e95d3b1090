package id.graduasi.graduation.service;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.CaseClosed;
import id.graduasi.events.contract.CaseMonitoringStarted;
import id.graduasi.events.contract.CaseOpened;
import id.graduasi.events.contract.EnrollmentActivated;
import id.graduasi.events.contract.EnrollmentEnded;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.HouseholdStatusChanged;
import id.graduasi.graduation.domain.HouseholdView;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Keeps the readiness view in step with the events of the other services. */
@ApplicationScoped
public class ReadinessService {

    @WithTransaction
    public Uni<Void> onRegistered(HouseholdRegistered event) {
        return update(event.householdId(), view -> {
            if (view.registryStatus == null) {
                view.registryStatus = "REGISTERED";
                view.villageCode = event.villageCode();
            }
        });
    }

    @WithTransaction
    public Uni<Void> onStatusChanged(HouseholdStatusChanged event) {
        return update(event.householdId(), view -> {
            view.registryStatus = event.toStatus();
            view.villageCode = event.villageCode();
            if ("GRADUATED".equals(event.fromStatus()) && "ACTIVE".equals(event.toStatus())) {
                view.decisionStatus = null; // a relapse: the household may graduate again
            }
        });
    }

    @WithTransaction
    public Uni<Void> onEnrollmentActivated(EnrollmentActivated event) {
        return update(event.householdId(), view -> view.activeEnrollments++);
    }

    @WithTransaction
    public Uni<Void> onEnrollmentEnded(EnrollmentEnded event) {
        return update(event.householdId(), view -> view.activeEnrollments = Math.max(0, view.activeEnrollments - 1));
    }

    @WithTransaction
    public Uni<Void> onCaseOpened(CaseOpened event) {
        return update(event.householdId(), view -> view.caseStatus = "OPEN");
    }

    @WithTransaction
    public Uni<Void> onCaseMonitoringStarted(CaseMonitoringStarted event) {
        return update(event.householdId(), view -> view.caseStatus = "MONITORING");
    }

    @WithTransaction
    public Uni<Void> onCaseClosed(CaseClosed event) {
        return update(event.householdId(), view -> view.caseStatus = "CLOSED");
    }

    /**
     * Topics are ordered per household only within one topic, so an enrollment or case event may arrive before
     * the registry's announcement: whichever comes first creates the view, the others fill it in.
     */
    private Uni<Void> update(UUID householdId, Consumer<HouseholdView> change) {
        return HouseholdView.<HouseholdView>findById(householdId).chain(found -> {
            HouseholdView view = found != null ? found : new HouseholdView();
            view.householdId = householdId;
            change.accept(view);
            view.updatedAt = Instant.now();
            return found != null ? Uni.createFrom().voidItem() : view.persist().replaceWithVoid();
        });
    }
}
