package id.graduasi.mentoring.rest;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.mentoring.config.MentoringConfig;
import id.graduasi.mentoring.rest.Views.AgendaView;
import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.service.FollowUpService;
import id.graduasi.mentoring.service.WorkerService;
import id.graduasi.rest.ListBounds;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The field app's own view: the worker is the one whose username is the token's user (403 if no worker has it).
 */
@Cancellable(false)
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Field app")
public class MeResource {

    private final WorkerService workers;
    private final FollowUpService followUps;
    private final MentoringConfig config;

    public MeResource(WorkerService workers, FollowUpService followUps, MentoringConfig config) {
        this.workers = workers;
        this.followUps = followUps;
        this.config = config;
    }

    @GET
    @Path("/caseload")
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "My OPEN and MONITORING cases", description = SocialWorkerResource.CASE_PAGES)
    public Uni<RestResponse<List<CaseView>>> caseload(@QueryParam("after") @Size(max = 400) String after,
            @QueryParam("limit") @Min(1) @Max(ListBounds.MAX_ROWS) Integer limit, @Context UriInfo uri) {
        int size = limit == null ? ListBounds.MAX_ROWS : limit;
        WorkerService.CasePosition position = SocialWorkerResource.casePosition(after);
        return workers.me().chain(w -> workers.caseload(w, position, size))
                .map(page -> SocialWorkerResource.casePage(page, size, uri));
    }

    @GET
    @Path("/agenda")
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "My follow-ups and regular visits, overdue or due within horizonDays of asOf",
            description = SocialWorkerResource.AGENDA_BOUND)
    public Uni<AgendaView> agenda(@QueryParam("asOf") LocalDate asOf, @QueryParam("horizonDays") @Min(0) @Max(366) Integer horizonDays) {
        return workers.me()
                .chain(w -> SocialWorkerResource.agenda(followUps, config, w.id, asOf, horizonDays));
    }
}
