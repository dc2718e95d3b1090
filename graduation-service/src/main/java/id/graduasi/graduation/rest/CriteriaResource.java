package id.graduasi.graduation.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.graduation.domain.CriteriaVersion;
import id.graduasi.graduation.service.CriteriaService;
import id.graduasi.graduation.service.EvaluationService;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The criteria versions; a new document becomes the current version, earlier ones stay for replays. The
 * criteria hold no personal data and are the same for every region: staff and auditors read them; only an
 * ADMIN whose token grants every region publishes one.
 */
@Cancellable(false)
@Path("/api/v1/criteria-versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Criteria")
public class CriteriaResource {

    private final CriteriaService criteria;
    private final EvaluationService evaluations;
    private final Caller caller;

    public CriteriaResource(CriteriaService criteria, EvaluationService evaluations, Caller caller) {
        this.criteria = criteria;
        this.evaluations = evaluations;
        this.caller = caller;
    }

    /** @param content null in lists */
    public record VersionView(int id, String label, String contentHash, String source, String createdBy,
            Instant createdAt, Instant activatedAt, JsonNode content) {
    }

    private VersionView view(CriteriaVersion v, boolean withContent) {
        return new VersionView(v.id, v.label, v.contentHash, v.source, v.createdBy, v.createdAt, v.activatedAt,
                withContent ? evaluations.tree(v.content) : null);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Operation(summary = "Every criteria version, oldest first; the current one is the one activated last",
            description = ListBounds.AT_MOST)
    public Uni<List<VersionView>> list() {
        return criteria.all().map(l -> l.stream().map(v -> view(v, false)).toList());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/current")
    @Operation(summary = "The current criteria version with its document")
    public Uni<VersionView> current() {
        return criteria.current().chain(v -> criteria.entity(v.id())).map(v -> view(v, true));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.SOCIAL_WORKER, Roles.AUDITOR})
    @Path("/{id}")
    @Operation(summary = "One criteria version with its document")
    public Uni<VersionView> get(@PathParam("id") int id) {
        return criteria.entity(id).map(v -> view(v, true));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a criteria document the current version (ADMIN, regions [*])",
            description = "201 with the version: a new one if the document differs from every stored version, "
                    + "else the matching version made current again. 400 names the fields at fault; 403 for a "
                    + "token that does not grant every region (the criteria apply everywhere).")
    public Uni<RestResponse<VersionView>> activate(String document) {
        if (!caller.scope().unrestricted()) {
            throw new ProblemException(403, "Forbidden", "the criteria apply to every region: publishing a "
                    + "version needs a token granting regions [*]", java.util.List.of());
        }
        return criteria.activate(document, caller.id()).map(v -> RestResponse.ResponseBuilder.<VersionView>created(
                URI.create("/api/v1/criteria-versions/" + v.id)).entity(view(v, true)).build());
    }
}
