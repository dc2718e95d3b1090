package id.graduasi.registry.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A family (keluarga) as identified by its KK number. */
@Entity
public class Household extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "kk_number")
    public String kkNumber;

    @Column(name = "village_code")
    public String villageCode;

    public String address;

    public BigDecimal latitude;

    public BigDecimal longitude;

    @Enumerated(EnumType.STRING)
    @Column(name = "welfare_category")
    public WelfareCategory welfareCategory;

    @Column(name = "dtsen_decile")
    public short dtsenDecile;

    @Enumerated(EnumType.STRING)
    @Column(name = "registration_source")
    public RegistrationSource registrationSource;

    @Enumerated(EnumType.STRING)
    public HouseholdStatus status;

    @Column(name = "registered_on")
    public LocalDate registeredOn;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The bulk import that created it, if any. */
    @Column(name = "import_job_id")
    public UUID importJobId;
}
