package id.graduasi.assistance.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A programme's latest verdict on a household, and its reasons (a JSON array of explained conditions). */
@Entity
@IdClass(Eligibility.Key.class)
public class Eligibility extends PanacheEntityBase {

    public record Key(UUID householdId, String programme) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "household_id")
    public UUID householdId;

    @Id
    public String programme;

    public boolean eligible;

    public String reasons;

    @Column(name = "evaluated_at")
    public Instant evaluatedAt;

    public static Uni<List<Eligibility>> ofHousehold(UUID householdId) {
        // One row per programme; bounded anyway.
        return find("householdId = ?1 order by programme", householdId).page(0, ListBounds.MAX_ROWS).list();
    }
}
