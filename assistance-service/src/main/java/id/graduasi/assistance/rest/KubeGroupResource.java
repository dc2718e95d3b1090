package id.graduasi.assistance.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.assistance.domain.KubeGroup;
import id.graduasi.assistance.service.KubeService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/kube-groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "KUBE groups")
public class KubeGroupResource {

    private final KubeService kube;

    public KubeGroupResource(KubeService kube) {
        this.kube = kube;
    }

    public record NewGroup(@Pattern(regexp = "[A-Z_]{2,40}") String programme, @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = "[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}") String villageCode,
            @NotBlank @Size(max = 60) String businessType, @NotEmpty List<@NotNull UUID> householdIds,
            @Size(max = 500) String justification) {
    }

    public record GroupView(UUID id, String name, String villageCode, String businessType, UUID chairHouseholdId,
            LocalDate formedOn, String formedBy, List<EnrollmentResource.EnrollmentView> members) {
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Form a KUBE group of 5-10 eligible households (the first is its chair)",
            description = "Each household is enrolled ACTIVE in the group programme; the group's grant is paid once, "
                    + "through the chair's enrollment, by the programme's next cycle. 403 for a village outside "
                    + "your regions; a household outside them is refused as unknown.")
    public Uni<Response> form(@Valid @NotNull NewGroup request) {
        return kube.form(new KubeService.NewGroup(request.programme() == null ? "KUBE" : request.programme(),
                request.name(), request.villageCode(), request.businessType(), request.householdIds(),
                request.justification()))
                .chain(this::view)
                .map(view -> Response.created(URI.create("/api/v1/kube-groups/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR})
    @Operation(summary = "A group and its members' enrollments",
            description = "404 when the group's village is outside your regions; members outside them are left out.")
    public Uni<GroupView> get(@PathParam("id") UUID id) {
        return kube.get(id).chain(this::view);
    }

    private Uni<GroupView> view(KubeGroup g) {
        return kube.members(g.id).map(members -> new GroupView(g.id, g.name, g.villageCode, g.businessType,
                g.chairHouseholdId, g.formedOn, g.formedBy,
                members.stream().map(EnrollmentResource.EnrollmentView::of).toList()));
    }
}
