package id.graduasi.mentoring.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** Which of these workers are active. */
    public static Uni<Set<UUID>> activeAmong(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(Set.of())
                : SocialWorker.<SocialWorker>list("id in ?1 and status = ?2", ids, WorkerStatus.ACTIVE)
                        .map(workers -> workers.stream().map(w -> w.id).collect(Collectors.toSet()));
    }
}
