package id.graduasi.assistance.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.service.Allocations;
import id.graduasi.assistance.service.RealizationService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/realization")
@Tag(name = "Realization")
public class RealizationResource {

    private final RealizationService realization;

    public RealizationResource(RealizationService realization) {
        this.realization = realization;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
    @Operation(summary = "Paid against target and budget for a programme and year, per region",
            description = "Counts only entitlements in your regions; a partner counts nothing of a programme its "
                    + "token does not grant.")
    public Uni<RealizationService.Realization> json(
            @QueryParam("programme") @NotNull @Pattern(regexp = "[A-Z_]{2,40}") String programme,
            @QueryParam("year") @NotNull @Min(2000) @Max(2100) Integer year,
            @QueryParam("region") @Pattern(regexp = Allocations.REGION_CODE) String region,
            @QueryParam("level") @DefaultValue("regency") String level) {
        return realization.of(programme, year, region, level);
    }

    @GET
    @Path("/csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
    @Operation(summary = "The same per region, as CSV: region,households_paid,rupiah_paid,entitlements,"
            + "rupiah_entitled,target_households,households_percent,budget_idr,budget_percent (the last four empty "
            + "where no regional share is allocated)")
    public Uni<String> csv(
            @QueryParam("programme") @NotNull @Pattern(regexp = "[A-Z_]{2,40}") String programme,
            @QueryParam("year") @NotNull @Min(2000) @Max(2100) Integer year,
            @QueryParam("region") @Pattern(regexp = Allocations.REGION_CODE) String region,
            @QueryParam("level") @DefaultValue("regency") String level) {
        return realization.of(programme, year, region, level).map(r -> {
            StringBuilder csv = new StringBuilder("region,households_paid,rupiah_paid,entitlements,rupiah_entitled,"
                    + "target_households,households_percent,budget_idr,budget_percent\n");
            r.regions().forEach(g -> csv.append(g.region()).append(',').append(g.householdsPaid()).append(',')
                    .append(g.rupiahPaid()).append(',').append(g.entitlements()).append(',')
                    .append(g.rupiahEntitled()).append(',').append(blank(g.targetHouseholds())).append(',')
                    .append(blank(g.householdsPercent())).append(',').append(blank(g.budget())).append(',')
                    .append(blank(g.budgetPercent())).append('\n'));
            return csv.toString();
        });
    }

    private static String blank(Object value) {
        return value == null ? "" : value.toString();
    }
}
