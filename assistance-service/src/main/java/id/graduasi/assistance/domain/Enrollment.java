package id.graduasi.assistance.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A household's participation in one programme. */
@Entity
public class Enrollment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    public String programme;

    @Enumerated(EnumType.STRING)
    public EnrollmentStatus status;

    @Column(name = "exit_reason")
    public String exitReason;

    @Column(name = "activated_on")
    public LocalDate activatedOn;

    @Column(name = "ended_on")
    public LocalDate endedOn;

    @Column(name = "proposed_on")
    public LocalDate proposedOn;

    @Column(name = "suspension_reason")
    public String suspensionReason;

    public String justification;

    @Column(name = "enrolled_by")
    public String enrolledBy;

    @Column(name = "kube_group_id")
    public UUID kubeGroupId;

    @Column(name = "transitional_until")
    public LocalDate transitionalUntil;

    @Version
    public long version;

    // A household has one enrollment per programme, so these lists are as short as the programmes; bounded anyway.
    public static Uni<List<Enrollment>> ofHousehold(UUID householdId) {
        return find("householdId = ?1 order by activatedOn, programme", householdId).page(0, ListBounds.MAX_ROWS)
                .list();
    }

    public static Uni<Enrollment> of(UUID householdId, String programme) {
        return find("householdId = ?1 and programme = ?2", householdId, programme).firstResult();
    }

    public static Uni<List<Enrollment>> endedByGraduation(UUID householdId) {
        return find("householdId = ?1 and status = ?2 and exitReason = ?3 order by programme", householdId,
                EnrollmentStatus.EXITED, "GRADUATED").page(0, ListBounds.MAX_ROWS).list();
    }

    /** Enrollments that have not ended: PROPOSED, ACTIVE or SUSPENDED. */
    public static Uni<List<Enrollment>> currentOf(UUID householdId) {
        return find("householdId = ?1 and status <> ?2 order by programme", householdId, EnrollmentStatus.EXITED)
                .page(0, ListBounds.MAX_ROWS).list();
    }

    /** Active enrollments whose post-graduation support ran out before {@code day}. */
    public static Uni<List<Enrollment>> transitionOverBefore(java.time.LocalDate day, int limit) {
        return find("transitionalUntil < ?1 and status = ?2 order by transitionalUntil", day, EnrollmentStatus.ACTIVE)
                .page(0, limit).list();
    }

    public static Uni<Long> activatedIn(String programme, int year) {
        return count("programme = ?1 and activatedOn >= ?2 and activatedOn < ?3", programme,
                java.time.LocalDate.of(year, 1, 1), java.time.LocalDate.of(year + 1, 1, 1));
    }
}
