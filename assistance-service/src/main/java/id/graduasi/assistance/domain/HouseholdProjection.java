package id.graduasi.assistance.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The registry's household as assistance sees it: ids, region and status only, from registry events. */
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

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
