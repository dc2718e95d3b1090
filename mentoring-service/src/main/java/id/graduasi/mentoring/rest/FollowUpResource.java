package id.graduasi.mentoring.rest;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.service.CaseService;
import id.graduasi.mentoring.service.FollowUpService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follow-ups")
public class FollowUpResource {

    private final FollowUpService followUps;

    public FollowUpResource(FollowUpService followUps) {
        this.followUps = followUps;
    }

    public record OverdueCounts(String regionPrefix, FollowUpService.RegionLevel level, LocalDate asOf, long total,
            List<FollowUpService.RegionCount> regions) {
    }

    @GET
    @Path("/overdue-counts")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Open follow-ups past their due date, per regency, district (default) or village",
            description = "Only the follow-ups in your regions are counted.")
    public Uni<OverdueCounts> overdueCounts(
            @QueryParam("regionPrefix") @NotNull @Pattern(regexp = Views.REGION_PREFIX,
                    message = Views.REGION_MESSAGE) String regionPrefix,
            @QueryParam("level") @DefaultValue("DISTRICT") FollowUpService.RegionLevel level,
            @QueryParam("asOf") LocalDate asOf) {
        LocalDate day = asOf != null ? asOf : CaseService.today();
        return followUps.overdueCounts(regionPrefix, level, day).map(regions -> new OverdueCounts(regionPrefix,
                level, day, regions.stream().mapToLong(FollowUpService.RegionCount::overdue).sum(), regions));
    }
}
