package id.graduasi.registry.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "household_revision")
public class HouseholdRevision extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    public long revision;

    public String change;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "changed_at")
    public Instant changedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public String snapshot;

    /** The household's revisions, oldest first: the newest {@link ListBounds#MAX_ROWS}. */
    public static Uni<List<HouseholdRevision>> of(UUID householdId) {
        return find("householdId = ?1 order by revision desc", householdId).page(0, ListBounds.MAX_ROWS)
                .<HouseholdRevision>list().map(ListBounds::oldestFirst);
    }

    public static Uni<HouseholdRevision> lastBefore(UUID householdId, Instant before) {
        return find("householdId = ?1 and changedAt < ?2 order by revision desc", householdId, before).firstResult();
    }
}
