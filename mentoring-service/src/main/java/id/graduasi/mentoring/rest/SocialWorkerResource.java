package id.graduasi.mentoring.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.mentoring.config.MentoringConfig;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.rest.Views.AgendaView;
import id.graduasi.mentoring.rest.Views.CaseView;
import id.graduasi.mentoring.rest.Views.WorkerView;
import id.graduasi.mentoring.service.CaseService;
import id.graduasi.mentoring.service.FollowUpService;
import id.graduasi.mentoring.service.WorkerService;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.Pages;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Social workers, their caseloads and agendas, for supervisors (who manage the workers of their regions) and
 * staff who read. A worker is visible when one of its areas overlaps the caller's regions (else 404); changing it
 * needs every area in them (else 403). Field workers use {@code /api/v1/me/...}.
 */
@Cancellable(false)
@Path("/api/v1/social-workers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Social workers")
public class SocialWorkerResource {

    private final WorkerService workers;
    private final FollowUpService followUps;
    private final MentoringConfig config;

    public SocialWorkerResource(WorkerService workers, FollowUpService followUps, MentoringConfig config) {
        this.workers = workers;
        this.followUps = followUps;
        this.config = config;
    }

    public record NewWorker(@NotNull @Pattern(regexp = Views.USER_PATTERN) String username,
            @NotNull @Min(1) @Max(10000) Integer capacity,
            @NotNull @Size(min = 1, max = 200) List<@NotNull @Pattern(regexp = Views.AREA,
                    message = "must be a district (64.72.01) or village (64.72.01.1001) code") String> areas) {
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Register a social worker (ACTIVE)",
            description = "201 with the worker. Unassigned cases of the areas covered are balanced over the "
                    + "covering workers at once (WorkerAssigned, reason BALANCED). 403 for an area outside your "
                    + "regions; 409 if the username exists. The username is the user of the worker's tokens.")
    public Uni<Response> create(@Valid @NotNull NewWorker request) {
        return workers.create(request.username(), request.capacity(), new LinkedHashSet<>(request.areas()))
                .map(d -> Response.created(URI.create("/api/v1/social-workers/" + d.worker().id))
                        .entity(WorkerView.of(d)).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Workers covering areas in a region, by username",
            description = "regionPrefix: a region code (64.72 lists the workers of every district and village of "
                    + "that regency). Only ACTIVE workers unless includeInactive=true. A page at a time: limit "
                    + "1-1000 (default 1000); a full page carries the next page's cursor in the X-Next-Cursor and "
                    + "Link (rel=next) headers: pass it as after.")
    public Uni<RestResponse<List<WorkerView>>> list(@QueryParam("regionPrefix") @NotNull
            @Pattern(regexp = Views.REGION_PREFIX, message = Views.REGION_MESSAGE) String regionPrefix,
            @QueryParam("includeInactive") @DefaultValue("false") boolean includeInactive,
            @QueryParam("after") @Size(max = 400) String after,
            @QueryParam("limit") @Min(1) @Max(ListBounds.MAX_ROWS) Integer limit, @Context UriInfo uri) {
        int size = limit == null ? ListBounds.MAX_ROWS : limit;
        return workers.inRegion(regionPrefix, includeInactive, Pages.decode(after), size)
                .map(page -> Pages.of(page, size, d -> d.worker().username, WorkerView::of, uri));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "A social worker with its areas and case count")
    public Uni<WorkerView> get(@PathParam("id") UUID id) {
        return workers.get(id).map(WorkerView::of);
    }

    public record WorkerChange(@NotNull @Min(1) @Max(10000) Integer capacity,
            @NotNull @Size(min = 1, max = 200) List<@NotNull @Pattern(regexp = Views.AREA,
                    message = "must be a district (64.72.01) or village (64.72.01.1001) code") String> areas) {
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Change a worker's capacity and areas",
            description = "An active worker hands the cases the new areas no longer cover to the least-loaded other "
                    + "covering worker (WorkerAssigned, reason REASSIGNED; unassigned if nobody covers them) and "
                    + "picks up the unassigned cases of the new areas (BALANCED). Cases already assigned to others "
                    + "stay where they are, and a lower capacity moves nothing: it weighs the next choices.")
    public Uni<WorkerView> update(@PathParam("id") UUID id, @Valid @NotNull WorkerChange request) {
        return workers.update(id, request.capacity(), new LinkedHashSet<>(request.areas())).map(WorkerView::of);
    }

    @POST
    @Path("/{id}/deactivation")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "The worker leaves: INACTIVE, caseload redistributed (WorkerAssigned, reason WORKER_LEFT)")
    public Uni<WorkerView> deactivate(@PathParam("id") UUID id) {
        return workers.deactivate(id).map(WorkerView::of);
    }

    @POST
    @Path("/{id}/activation")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "The worker is back: ACTIVE, and picks up unassigned cases of the areas covered")
    public Uni<WorkerView> activate(@PathParam("id") UUID id) {
        return workers.activate(id).map(WorkerView::of);
    }

    @GET
    @Path("/{id}/caseload")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "The worker's OPEN and MONITORING cases in your regions", description = CASE_PAGES)
    public Uni<RestResponse<List<CaseView>>> caseload(@PathParam("id") UUID id,
            @QueryParam("after") @Size(max = 400) String after,
            @QueryParam("limit") @Min(1) @Max(ListBounds.MAX_ROWS) Integer limit, @Context UriInfo uri) {
        int size = limit == null ? ListBounds.MAX_ROWS : limit;
        return workers.caseload(id, casePosition(after), size).map(page -> casePage(page, size, uri));
    }

    static final String AGENDA_BOUND = "At most the 1,000 follow-ups due first and the regular visits of the 1,000 "
            + "cases visited longest ago.";

    static final String CASE_PAGES = "By village, then household, a page at a time: limit 1-1000 (default 1000); "
            + "a full page carries the next page's cursor in the X-Next-Cursor and Link (rel=next) headers: pass it "
            + "as after.";

    static WorkerService.CasePosition casePosition(String after) {
        String text = Pages.decode(after);
        try {
            return text == null ? null : WorkerService.CasePosition.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("after", "is not a cursor of this list");
        }
    }

    static RestResponse<List<CaseView>> casePage(List<MentoringCase> page, int size, UriInfo uri) {
        return Pages.of(page, size, c -> WorkerService.CasePosition.of(c).text(), CaseView::of, uri);
    }

    @GET
    @Path("/{id}/agenda")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "Follow-ups and regular visits overdue or due within horizonDays of asOf (default today)",
            description = "Only the cases in your regions. " + AGENDA_BOUND)
    public Uni<AgendaView> agenda(@PathParam("id") UUID id, @QueryParam("asOf") LocalDate asOf,
            @QueryParam("horizonDays") @Min(0) @Max(366) Integer horizonDays) {
        return workers.get(id).chain(d -> agenda(followUps, config, d.worker().id, asOf, horizonDays));
    }

    static Uni<AgendaView> agenda(FollowUpService followUps, MentoringConfig config, UUID worker, LocalDate asOf,
            Integer horizonDays) {
        LocalDate day = asOf != null ? asOf : CaseService.today();
        int horizon = horizonDays != null ? horizonDays : config.agendaHorizonDays();
        return followUps.agenda(worker, day, horizon).map(items -> new AgendaView(worker, day,
                day.plusDays(horizon), items.stream().filter(FollowUpService.AgendaItem::overdue).count(), items));
    }
}
