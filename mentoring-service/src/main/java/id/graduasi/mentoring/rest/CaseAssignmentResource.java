package id.graduasi.mentoring.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.mentoring.rest.Views.AssignmentView;
import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.service.WorkerService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cases")
public class CaseAssignmentResource {

    private final WorkerService workers;

    public CaseAssignmentResource(WorkerService workers) {
        this.workers = workers;
    }

    public record Reassignment(@NotNull UUID workerId) {
    }

    @POST
    @Path("/{caseId}/assignment")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Give a case to another active worker (WorkerAssigned, reason REASSIGNED)",
            description = "A case or worker outside your regions is 404.")
    public Uni<CaseView> reassign(@PathParam("caseId") UUID caseId, @Valid @NotNull Reassignment request) {
        return workers.reassign(caseId, request.workerId()).map(CaseView::of);
    }

    @GET
    @Path("/{caseId}/assignments")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "A case's assignment history, oldest first", description = ListBounds.AT_MOST)
    public Uni<List<AssignmentView>> history(@PathParam("caseId") UUID caseId) {
        return workers.history(caseId).map(l -> l.stream().map(AssignmentView::of).toList());
    }

    @GET
    @Path("/unassigned")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "OPEN and MONITORING cases no active worker covers, in a region (prefix of village codes)",
            description = SocialWorkerResource.CASE_PAGES)
    public Uni<RestResponse<List<CaseView>>> unassigned(@QueryParam("regionPrefix") @NotNull
            @Pattern(regexp = Views.REGION_PREFIX, message = Views.REGION_MESSAGE) String regionPrefix,
            @QueryParam("after") @Size(max = 400) String after,
            @QueryParam("limit") @Min(1) @Max(ListBounds.MAX_ROWS) Integer limit, @Context UriInfo uri) {
        int size = limit == null ? ListBounds.MAX_ROWS : limit;
        return workers.unassigned(regionPrefix, SocialWorkerResource.casePosition(after), size)
                .map(page -> SocialWorkerResource.casePage(page, size, uri));
    }
}
