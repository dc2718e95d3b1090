package id.graduasi.assistance.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** The registry's household as assistance sees it: ids, region, status and the housing
 * indicators eligibility reads, from registry events. */
@Entity
@Table(name = "household_projection")
public class HouseholdProjection extends PanacheEntityBase {

    @Id
    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "village_code")
    public String villageCode;

    public String status;

    @Column(name = "member_count")
    public int memberCount;

    @Column(name = "floor_material")
    public String floorMaterial;

    @Column(name = "wall_material")
    public String wallMaterial;

    @Column(name = "wall_condition")
    public String wallCondition;

    @Column(name = "roof_condition")
    public String roofCondition;

    public String sanitation;

    @Column(name = "floor_area_per_person")
    public BigDecimal floorAreaPerPerson;

    @Column(name = "indicators_observed_on")
    public LocalDate indicatorsObservedOn;

    /** The registry's status as of {@link #registryRevision}; {@link #status} is what assistance acts on. */
    @Column(name = "registry_status")
    public String registryStatus;

    /** The highest registry revision applied: an event with a lower one changes nothing. */
    @Column(name = "registry_revision")
    public Long registryRevision;

    /** The graduation decision last applied, and whether it was reverted since. */
    @Column(name = "decision_id")
    public UUID decisionId;

    @Column(name = "decision_reverted")
    public boolean decisionReverted;

    /** The highest graduation decision sequence applied: a decision event not above it changes nothing. */
    @Column(name = "decision_sequence")
    public Long decisionSequence;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    /** The projections of these ids that exist (a consumer's batch: as many as it has events). */
    public static Uni<List<HouseholdProjection>> byIds(List<UUID> ids) {
        return list("householdId in ?1", ids);
    }
}
