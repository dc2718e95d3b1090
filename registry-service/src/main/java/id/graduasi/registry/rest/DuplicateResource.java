package id.graduasi.registry.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.registry.domain.DuplicateCandidate;
import id.graduasi.registry.security.RegistryAccess;
import id.graduasi.registry.service.DuplicateService;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/duplicate-candidates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Duplicates")
public class DuplicateResource {

    private final DuplicateService duplicates;
    private final RegistryAccess access;

    public DuplicateResource(DuplicateService duplicates, RegistryAccess access) {
        this.duplicates = duplicates;
        this.access = access;
    }

    public record CandidateView(UUID id, UUID householdId, UUID memberId, UUID otherHouseholdId, UUID otherMemberId,
            String reason, String status, Instant createdAt, String resolvedBy, Instant resolvedAt) {

        static CandidateView of(DuplicateCandidate c) {
            return new CandidateView(c.id, c.householdId, c.memberId, c.otherHouseholdId, c.otherMemberId, c.reason,
                    c.status, c.createdAt, c.resolvedBy, c.resolvedAt);
        }
    }

    @GET
    @Operation(summary = "People who may be registered twice, oldest first",
            description = "Merge with POST /api/v1/households/{duplicateId}/merge, or dismiss.")
    @jakarta.annotation.security.RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR})
    public Uni<List<CandidateView>> list(
            @QueryParam("status") @Pattern(regexp = "OPEN|DISMISSED|MERGED", message = "must be OPEN, DISMISSED or MERGED")
            String status,
            @QueryParam("limit") @Min(1) @Max(500) Integer limit) {
        return duplicates.list(status == null ? DuplicateCandidate.OPEN : status, limit == null ? 100 : limit,
                        access.caller().scope())
                .map(list -> list.stream().map(CandidateView::of).toList());
    }

    @POST
    @Path("/{id}/dismiss")
    @Operation(summary = "Not the same person: close the flag")
    @jakarta.annotation.security.RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<CandidateView> dismiss(@PathParam("id") UUID id) {
        String actor = access.caller().id();
        return duplicates.find(id).chain(candidate -> access.household(candidate.householdId))
                .chain(h -> access.audited(() -> duplicates.dismiss(id, actor), "DISMISS_DUPLICATE",
                        "duplicate-candidate", c -> c.id, c -> h.villageCode,
                        c -> "dismissed: households " + c.householdId + " and " + c.otherHouseholdId))
                .map(CandidateView::of);
    }
}
