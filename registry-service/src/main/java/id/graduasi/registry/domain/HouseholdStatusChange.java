package id.graduasi.registry.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "household_status_change")
public class HouseholdStatusChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public HouseholdStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public HouseholdStatus toStatus;

    public String reason;

    public String note;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "changed_at")
    public Instant changedAt;

    /** The household's status changes, oldest first: the newest {@link ListBounds#MAX_ROWS}. */
    public static Uni<List<HouseholdStatusChange>> history(UUID householdId) {
        return find("householdId = ?1 order by changedAt desc, id desc", householdId).page(0, ListBounds.MAX_ROWS)
                .<HouseholdStatusChange>list().map(ListBounds::oldestFirst);
    }
}
