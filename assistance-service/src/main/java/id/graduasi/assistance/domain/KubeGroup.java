package id.graduasi.assistance.domain;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A KUBE joint business group: households that run a business together with one grant. */
@Entity
@Table(name = "kube_group")
public class KubeGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "village_code")
    public String villageCode;

    @Column(name = "business_type")
    public String businessType;

    @Column(name = "chair_household_id")
    public UUID chairHouseholdId;

    @Column(name = "formed_on")
    public LocalDate formedOn;

    @Column(name = "formed_by")
    public String formedBy;
}
