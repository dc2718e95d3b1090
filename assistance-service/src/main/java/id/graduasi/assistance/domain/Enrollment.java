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

    @Version
    public long version;

    public static Uni<List<Enrollment>> ofHousehold(UUID householdId) {
        return list("householdId = ?1 order by activatedOn, programme", householdId);
    }

    public static Uni<List<Enrollment>> endedByGraduation(UUID householdId) {
        return list("householdId = ?1 and status = ?2 and exitReason = ?3", householdId, EnrollmentStatus.EXITED,
                "GRADUATED");
    }

    public static Uni<List<Enrollment>> activeOf(UUID householdId) {
        return list("householdId = ?1 and status = ?2", householdId, EnrollmentStatus.ACTIVE);
    }
}
