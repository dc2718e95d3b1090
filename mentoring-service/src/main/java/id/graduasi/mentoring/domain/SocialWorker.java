package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A pendamping sosial: a login, a caseload capacity and the areas covered (see {@link WorkerArea}). No name. */
@Entity
@Table(name = "social_worker")
public class SocialWorker extends PanacheEntityBase {

    @Id
    public UUID id;

    public String username;

    public int capacity;

    @Enumerated(EnumType.STRING)
    public WorkerStatus status;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public long version;

    public static Uni<SocialWorker> byUsername(String username) {
        return find("username", username).firstResult();
    }
}
