package id.graduasi.graduation.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The readiness view of one household, assembled from registry, assistance and mentoring events. */
@Entity
@Table(name = "household_view")
public class HouseholdView extends PanacheEntityBase {

    @Id
    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "registry_status")
    public String registryStatus;

    @Column(name = "active_enrollments")
    public int activeEnrollments;

    @Column(name = "case_status")
    public String caseStatus;

    /** GRADUATED or EXITED once this service decided; cleared when the registry reports a relapse. */
    @Column(name = "decision_status")
    public String decisionStatus;

    /** The highest registry revision applied: a registry event with a lower one changes nothing. */
    @Column(name = "registry_revision")
    public Long registryRevision;

    /** The decision the registry's last status change echoed (null: an officer's change). */
    @Column(name = "registry_decision_id")
    public UUID registryDecisionId;

    /**
     * The last number given to a decision or a reversal of this household: each takes the next, under the
     * household's lock, so consumers can tell a re-sent older decision event from a newer one (issue #16).
     */
    @Column(name = "decision_sequence")
    public long decisionSequence;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "registered_on")
    public java.time.LocalDate registeredOn;

    /** Set when an event that may change the evaluation arrives; the re-evaluation worker clears it. */
    @Column(name = "dirty_since")
    public Instant dirtySince;

    @Column(name = "last_evaluation_id")
    public UUID lastEvaluationId;

    /** The pathway the latest evaluation found met, or null. */
    @Column(name = "met_pathway")
    public String metPathway;

    @Version
    public long version;

    /** The number for the next decision or reversal of this household. Call with the household locked. */
    public long nextDecisionSequence() {
        return ++decisionSequence;
    }

    /** The views of several households (a consumer's wave): at most one each. */
    public static io.smallrye.mutiny.Uni<java.util.List<HouseholdView>> byIds(java.util.List<UUID> householdIds) {
        return list("householdId in ?1", householdIds);
    }

    /**
     * The view, its row locked until the transaction ends: commands that change it (an evaluation, a decision)
     * wait for each other instead of failing on the optimistic lock, and the background worker skips it.
     */
    public static io.smallrye.mutiny.Uni<HouseholdView> locked(UUID householdId) {
        return id.graduasi.events.persistence.NativeSql
                .rows("select 1 from household_view where household_id = ?1 for update", householdId)
                .chain(() -> HouseholdView.<HouseholdView>findById(householdId));
    }
}
