package id.graduasi.graduation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.graduation.service.StatisticsService;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Graduation statistics: aggregates only (no household ids), counted over the caller's regions. A PARTNER
 * agency reads them for its granted regions and programmes: only households ever enrolled in one of its
 * programmes are counted, and by programme only its programmes appear.
 */
@Cancellable(false)
@Path("/api/v1/statistics/graduations")
@Tag(name = "Statistics")
public class StatisticsResource {

    private static final String GROUP_BY = "region|programme|cohort|pathway";
    private static final String LEVEL = "province|regency|district|village";

    private final StatisticsService statistics;
    private final Caller caller;

    public StatisticsResource(StatisticsService statistics, Caller caller) {
        this.statistics = statistics;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Graduations, exits, graduation rate, relapse rate and time to graduation per group",
            description = "groupBy region (at regionLevel, default regency), programme, cohort (registration year) "
                    + "or pathway; region restricts to a region code prefix. Only households in your regions are "
                    + "counted (a partner's: only those ever enrolled in its programmes). The same as CSV at /csv.")
    public Uni<StatisticsService.Statistics> json(
            @QueryParam("groupBy") @DefaultValue("region") @Pattern(regexp = GROUP_BY) String groupBy,
            @QueryParam("regionLevel") @DefaultValue("regency") @Pattern(regexp = LEVEL) String level,
            @QueryParam("region") @Pattern(regexp = Codes.REGION) String region) {
        return statistics.graduations(StatisticsService.GroupBy.valueOf(groupBy.toUpperCase()), level, region,
                new StatisticsService.Audience(caller.scope(), caller.is(Roles.PARTNER) ? caller.programmes() : null));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
    @Path("/csv")
    @Produces("text/csv")
    @Operation(summary = "The same as CSV: group,households,graduated,exited,reverted,graduation_rate,relapse_rate,"
            + "median_days_to_graduation,mean_days_to_graduation (the last row is TOTAL)")
    public Uni<String> csv(
            @QueryParam("groupBy") @DefaultValue("region") @Pattern(regexp = GROUP_BY) String groupBy,
            @QueryParam("regionLevel") @DefaultValue("regency") @Pattern(regexp = LEVEL) String level,
            @QueryParam("region") @Pattern(regexp = Codes.REGION) String region) {
        return json(groupBy, level, region).map(s -> {
            StringBuilder csv = new StringBuilder("group,households,graduated,exited,reverted,graduation_rate,"
                    + "relapse_rate,median_days_to_graduation,mean_days_to_graduation\n");
            s.groups().forEach(g -> row(csv, g));
            row(csv, s.total());
            return csv.toString();
        });
    }

    private static void row(StringBuilder csv, StatisticsService.Group g) {
        csv.append(g.group()).append(',').append(g.households()).append(',').append(g.graduated()).append(',')
                .append(g.exited()).append(',').append(g.reverted()).append(',').append(blank(g.graduationRate()))
                .append(',').append(blank(g.relapseRate())).append(',').append(blank(g.medianDaysToGraduation()))
                .append(',').append(blank(g.meanDaysToGraduation())).append('\n');
    }

    private static String blank(Object value) {
        return value == null ? "" : value.toString();
    }
}
