package id.graduasi.assistance.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.service.Allocations;
import id.graduasi.security.Roles;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/programmes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Programmes")
public class ProgrammeResource {

    private final Programmes programmes;
    private final Allocations allocations;

    public ProgrammeResource(Programmes programmes, Allocations allocations) {
        this.programmes = programmes;
        this.allocations = allocations;
    }

    public record ProgrammeView(Programmes.Programme programme, Allocations.Allocation allocation) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.PARTNER, Roles.AUDITOR})
    @Operation(summary = "The programmes as configured, with the year's allocation (funding source, budget, quota)")
    public List<ProgrammeView> all(@QueryParam("year") Integer year) {
        int y = year != null ? year : LocalDate.now(ZoneOffset.UTC).getYear();
        return programmes.all().stream()
                .map(p -> new ProgrammeView(p, allocations.of(p.code(), y).orElse(null))).toList();
    }
}
