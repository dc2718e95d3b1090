package id.graduasi.graduation.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import io.smallrye.mutiny.Uni;

/** The criteria versions; a new document becomes the current version, earlier ones stay for replays. */
@Path("/api/v1/criteria-versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Criteria")
public class CriteriaResource {

    private final CriteriaService criteria;
    private final EvaluationService evaluations;

    public CriteriaResource(CriteriaService criteria, EvaluationService evaluations) {
        this.criteria = criteria;
        this.evaluations = evaluations;
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
    @Operation(summary = "Every criteria version, oldest first; the current one is the one activated last")
    public Uni<List<VersionView>> list() {
        return criteria.all().map(l -> l.stream().map(v -> view(v, false)).toList());
    }

    @GET
    @Path("/current")
    @Operation(summary = "The current criteria version with its document")
    public Uni<VersionView> current() {
        return criteria.current().chain(v -> criteria.entity(v.id())).map(v -> view(v, true));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One criteria version with its document")
    public Uni<VersionView> get(@PathParam("id") int id) {
        return criteria.entity(id).map(v -> view(v, true));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a criteria document the current version",
            description = "201 with the version: a new one if the document differs from every stored version, "
                    + "else the matching version made current again. 400 names the fields at fault.")
    public Uni<RestResponse<VersionView>> activate(
            @HeaderParam(Users.HEADER) @NotNull @Pattern(regexp = Users.PATTERN) String user, String document) {
        return criteria.activate(document, user).map(v -> RestResponse.ResponseBuilder.<VersionView>created(
                URI.create("/api/v1/criteria-versions/" + v.id)).entity(view(v, true)).build());
    }
}
