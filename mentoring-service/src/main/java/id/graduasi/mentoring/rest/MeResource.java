package id.graduasi.mentoring.rest;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import io.smallrye.mutiny.Uni;

/**
 * The field app's own view: the worker is the one whose username is in {@code X-Graduasi-User} (403 if no
 * worker has it). Issue #7 will take the user from the OIDC token instead of the header.
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
    @Operation(summary = "My OPEN and MONITORING cases")
    public Uni<List<CaseView>> caseload(
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user) {
        return workers.byUsername(user).chain(w -> workers.caseload(w.id))
                .map(l -> l.stream().map(CaseView::of).toList());
    }

    @GET
    @Path("/agenda")
    @Operation(summary = "My follow-ups and regular visits, overdue or due within horizonDays of asOf")
    public Uni<AgendaView> agenda(
            @HeaderParam(Views.USER_HEADER) @NotNull @Pattern(regexp = Views.USER_PATTERN) String user,
            @QueryParam("asOf") LocalDate asOf, @QueryParam("horizonDays") @Min(0) @Max(366) Integer horizonDays) {
        return workers.byUsername(user)
                .chain(w -> SocialWorkerResource.agenda(followUps, config, w.id, asOf, horizonDays));
    }
}
