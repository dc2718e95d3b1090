package id.graduasi.mentoring.rest;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.mentoring.config.MentoringConfig;
import id.graduasi.mentoring.rest.Views.AgendaView;
import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.service.FollowUpService;
import id.graduasi.mentoring.service.WorkerService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;

/**
 * The field app's own view: the worker is the one whose username is the token's user (403 if no worker has it).
 */
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
    @Operation(summary = "My OPEN and MONITORING cases")
    public Uni<List<CaseView>> caseload() {
        return workers.me().chain(workers::caseload)
                .map(l -> l.stream().map(CaseView::of).toList());
    }

    @GET
    @Path("/agenda")
    @RolesAllowed(Roles.SOCIAL_WORKER)
    @Operation(summary = "My follow-ups and regular visits, overdue or due within horizonDays of asOf")
    public Uni<AgendaView> agenda(@QueryParam("asOf") LocalDate asOf, @QueryParam("horizonDays") @Min(0) @Max(366) Integer horizonDays) {
        return workers.me()
                .chain(w -> SocialWorkerResource.agenda(followUps, config, w.id, asOf, horizonDays));
    }
}
