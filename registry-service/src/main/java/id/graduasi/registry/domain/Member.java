package id.graduasi.registry.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A person on a household's KK. The NIK is kept only encrypted, with a keyed hash to find it: a copy of the
 * database does not reveal who the poorest families are.
 */
@Entity
public class Member extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "nik_hash")
    public String nikHash;

    @Column(name = "nik_encrypted")
    public String nikEncrypted;

    /** The household's village, kept with the person so duplicates are found by place and birth date alone. */
    @Column(name = "village_code")
    public String villageCode;

    public String name;

    @Enumerated(EnumType.STRING)
    public Sex sex;

    @Column(name = "birth_date")
    public LocalDate birthDate;

    @Enumerated(EnumType.STRING)
    public Relationship relationship;

    @Enumerated(EnumType.STRING)
    @Column(name = "education_level")
    public EducationLevel educationLevel;

    @Column(name = "school_enrolled")
    public boolean schoolEnrolled;

    public String occupation;

    public boolean disability;

    public boolean pregnant;

    public boolean active;

    @Column(name = "added_at")
    public Instant addedAt;

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "removal_reason")
    public String removalReason;

    /** The order of a household's members in its snapshot, as {@link #activeOf} reads them: the head first. */
    public static final java.util.Comparator<Member> IN_SNAPSHOT_ORDER = java.util.Comparator
            .<Member>comparingInt(m -> m.relationship == Relationship.HEAD ? 0 : 1)
            .thenComparing(m -> m.addedAt).thenComparing(m -> m.id.toString()); // PostgreSQL's uuid order

    /** Bounded like every list (a family card of more than {@link ListBounds#MAX_ROWS} people does not exist). */
    public static Uni<List<Member>> activeOf(UUID householdId) {
        return find("householdId = ?1 and active = true"
                + " order by case when relationship = 'HEAD' then 0 else 1 end, addedAt, id", householdId)
                .page(0, ListBounds.MAX_ROWS).list();
    }

    /** As many as the hashes asked for (a person is an active member once), which a request or batch bounds. */
    public static Uni<List<Member>> activeByNikHashes(List<String> nikHashes) {
        return list("nikHash in ?1 and active = true", nikHashes);
    }
}
