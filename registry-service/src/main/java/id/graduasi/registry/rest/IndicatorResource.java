package id.graduasi.registry.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.registry.domain.Housing;
import id.graduasi.registry.domain.Indicators;
import id.graduasi.registry.security.RegistryAccess;
import id.graduasi.registry.service.IndicatorService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households/{id}/indicators")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Indicators")
public class IndicatorResource {


    private final IndicatorService indicators;

    private final RegistryAccess access;

    public IndicatorResource(IndicatorService indicators, RegistryAccess access) {
        this.indicators = indicators;
        this.access = access;
    }

    /** Rupiah are whole rupiah: per capita per month for income and expenditure, in total for savings. */
    public record Observation(
            @NotNull @Schema(examples = "2026-03-01") LocalDate observedOn,
            @NotNull @Min(0) @Schema(examples = "950000") Long incomePerCapitaMonth,
            @NotNull @Min(0) @Schema(examples = "880000") Long expenditurePerCapitaMonth,
            @NotNull @Min(0) @Max(20) Integer incomeSources,
            @Min(0) Long savings,
            boolean businessActive,
            @NotNull @Min(0) @Max(6) Integer mealsPerDay,
            @NotNull @DecimalMin("0.01") @DecimalMax("1000") @Digits(integer = 4, fraction = 2)
            @Schema(examples = "8.5") BigDecimal floorAreaPerPerson,
            @NotNull Housing.FloorMaterial floorMaterial,
            @NotNull Housing.WallMaterial wallMaterial,
            @NotNull Housing.Condition wallCondition,
            @NotNull Housing.Condition roofCondition,
            @NotNull Housing.WaterSource drinkingWater,
            @NotNull Housing.Sanitation sanitation,
            @NotNull Housing.Electricity electricity,
            Set<Housing.Asset> assets) {

        Indicators toEntity() {
            Indicators i = new Indicators();
            i.observedOn = observedOn;
            i.incomePerCapitaMonth = incomePerCapitaMonth;
            i.expenditurePerCapitaMonth = expenditurePerCapitaMonth;
            i.incomeSources = incomeSources.shortValue();
            i.savings = savings == null ? 0 : savings;
            i.businessActive = businessActive;
            i.mealsPerDay = mealsPerDay.shortValue();
            i.floorAreaPerPerson = floorAreaPerPerson;
            i.floorMaterial = floorMaterial;
            i.wallMaterial = wallMaterial;
            i.wallCondition = wallCondition;
            i.roofCondition = roofCondition;
            i.drinkingWater = drinkingWater;
            i.sanitation = sanitation;
            i.electricity = electricity;
            i.assets = assets == null ? ""
                    : assets.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
            return i;
        }
    }

    public record ObservationView(UUID id, LocalDate observedOn, long incomePerCapitaMonth,
            long expenditurePerCapitaMonth, int incomeSources, long savings, boolean businessActive, int mealsPerDay,
            BigDecimal floorAreaPerPerson, Housing.FloorMaterial floorMaterial, Housing.WallMaterial wallMaterial,
            Housing.Condition wallCondition, Housing.Condition roofCondition, Housing.WaterSource drinkingWater,
            Housing.Sanitation sanitation, Housing.Electricity electricity, List<String> assets, String recordedBy,
            Instant recordedAt) {

        static ObservationView of(Indicators i) {
            return new ObservationView(i.id, i.observedOn, i.incomePerCapitaMonth, i.expenditurePerCapitaMonth,
                    i.incomeSources, i.savings, i.businessActive, i.mealsPerDay, i.floorAreaPerPerson,
                    i.floorMaterial, i.wallMaterial, i.wallCondition, i.roofCondition, i.drinkingWater, i.sanitation,
                    i.electricity, IndicatorService.assets(i.assets), i.recordedBy, i.recordedAt);
        }
    }

    @POST
    @Operation(summary = "Record the household's indicators as observed on a date",
            description = "Observations are kept, never overwritten; each is announced as HouseholdUpdated.")
    @jakarta.annotation.security.RolesAllowed({Roles.OFFICER, Roles.ADMIN, Roles.SOCIAL_WORKER})
    public Uni<RestResponse<ObservationView>> record(@PathParam("id") UUID id, @Valid @NotNull Observation request) {
        String actor = access.caller().id();
        return access.household(id).chain(h -> access.auditedOn(h, "RECORD_INDICATORS",
                        () -> indicators.record(id, request.toEntity(), actor),
                        saved -> "indicators " + saved.id + " observed on " + saved.observedOn))
                .map(saved -> RestResponse.ResponseBuilder.<ObservationView>created(
                        URI.create("/api/v1/households/" + id + "/indicators")).entity(ObservationView.of(saved))
                        .build());
    }

    @GET
    @Operation(summary = "Every observation of the household, newest first", description = ListBounds.AT_MOST)
    @jakarta.annotation.security.RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER})
    public Uni<List<ObservationView>> history(@PathParam("id") UUID id) {
        return access.household(id).chain(h -> indicators.history(id)).map(list -> list.stream().map(ObservationView::of).toList());
    }
}
