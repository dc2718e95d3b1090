package id.graduasi.assistance.domain;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A person of a household as the registry's member events describe them: what PKH components depend on. */
@Entity
@Table(name = "member_projection")
public class MemberProjection extends PanacheEntityBase {

    @Id
    @Column(name = "member_id")
    public UUID memberId;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "birth_date")
    public LocalDate birthDate;

    @Column(name = "education_level")
    public String educationLevel;

    @Column(name = "school_enrolled")
    public boolean schoolEnrolled;

    public boolean disability;

    public boolean pregnant;

    public boolean active;
}
