package id.graduasi.registry.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A household's socio-economic indicators as observed on one date. Rupiah are whole rupiah. */
@Entity
@Table(name = "household_indicators")
public class Indicators extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "observed_on")
    public LocalDate observedOn;

    @Column(name = "income_per_capita_month")
    public long incomePerCapitaMonth;

    @Column(name = "expenditure_per_capita_month")
    public long expenditurePerCapitaMonth;

    @Column(name = "income_sources")
    public short incomeSources;

    public long savings;

    @Column(name = "business_active")
    public boolean businessActive;

    @Column(name = "meals_per_day")
    public short mealsPerDay;

    @Column(name = "floor_area_per_person")
    public BigDecimal floorAreaPerPerson;

    @Enumerated(EnumType.STRING)
    @Column(name = "floor_material")
    public Housing.FloorMaterial floorMaterial;

    @Enumerated(EnumType.STRING)
    @Column(name = "wall_material")
    public Housing.WallMaterial wallMaterial;

    @Enumerated(EnumType.STRING)
    @Column(name = "wall_condition")
    public Housing.Condition wallCondition;

    @Enumerated(EnumType.STRING)
    @Column(name = "roof_condition")
    public Housing.Condition roofCondition;

    @Enumerated(EnumType.STRING)
    @Column(name = "drinking_water")
    public Housing.WaterSource drinkingWater;

    @Enumerated(EnumType.STRING)
    public Housing.Sanitation sanitation;

    @Enumerated(EnumType.STRING)
    public Housing.Electricity electricity;

    /** Asset codes, comma-separated ({@link Housing.Asset}). */
    public String assets;

    @Column(name = "recorded_by")
    public String recordedBy;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    /** The household's observations, newest first: at most {@link ListBounds#MAX_ROWS}. */
    public static Uni<List<Indicators>> history(UUID householdId) {
        return find("householdId = ?1 order by observedOn desc, recordedAt desc", householdId)
                .page(0, ListBounds.MAX_ROWS).list();
    }
}
