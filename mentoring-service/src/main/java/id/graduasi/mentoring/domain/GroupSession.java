package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A P2K2 session or KUBE meeting; each household invited has a {@link Visit} row saying whether it came. */
@Entity
@Table(name = "group_session")
public class GroupSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public VisitKind kind;

    @Column(name = "worker_id")
    public UUID workerId;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "held_on")
    public LocalDate heldOn;

    public String notes;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
