package id.graduasi.graduation.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import id.graduasi.graduation.domain.GraduationDecision;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.Pathway;
import id.graduasi.graduation.service.DecisionService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Graduation")
public class GraduationResource {

    /** Until authentication lands every decision is attributed to the API itself. */
    private static final String ACTOR = "api";

    private final DecisionService decisions;

    public GraduationResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    public record DecisionRequest(@NotNull UUID householdId, @NotNull Pathway pathway,
            @Pattern(regexp = "[A-Z][A-Z0-9_]{0,59}", message = "must be a reason code like EKONOMI_MEMBAIK")
            String reasonCode) {
    }

    public record DecisionView(UUID id, UUID householdId, Pathway pathway, String reasonCode, LocalDate decidedOn,
            String decidedBy, Instant createdAt) {

        static DecisionView of(GraduationDecision d) {
            return new DecisionView(d.id, d.householdId, d.pathway, d.reasonCode, d.decidedOn, d.decidedBy,
                    d.createdAt);
        }
    }

    public record ReadinessView(UUID householdId, String villageCode, String registryStatus, int activeEnrollments,
            String caseStatus, String decisionStatus, Instant updatedAt) {

        static ReadinessView of(HouseholdView v) {
            return new ReadinessView(v.householdId, v.villageCode, v.registryStatus, v.activeEnrollments,
                    v.caseStatus, v.decisionStatus, v.updatedAt);
        }
    }

    @POST
    @Path("/graduation-decisions")
    @Operation(summary = "Decide a household's graduation (or administrative exit) and announce it",
            description = "409 with the unmet conditions in words when the household cannot take the pathway yet.")
    public Uni<RestResponse<DecisionView>> decide(@Valid @NotNull DecisionRequest request) {
        return decisions.decide(new DecisionService.Proposal(request.householdId(), request.pathway(),
                        request.reasonCode()), ACTOR)
                .map(d -> RestResponse.ResponseBuilder.<DecisionView>created(
                        URI.create("/api/v1/graduation-decisions/" + d.id))
                        .entity(DecisionView.of(d)).build());
    }

    @GET
    @Path("/graduation-decisions/{id}")
    @Operation(summary = "One graduation decision")
    public Uni<DecisionView> decision(@PathParam("id") UUID id) {
        return decisions.decision(id).map(DecisionView::of);
    }

    @GET
    @Path("/households/{householdId}/readiness")
    @Operation(summary = "What graduation knows of a household, from the other services' events")
    public Uni<ReadinessView> readiness(@PathParam("householdId") UUID householdId) {
        return decisions.view(householdId).map(ReadinessView::of);
    }

    @GET
    @Path("/households/{householdId}/graduation-decisions")
    @Operation(summary = "A household's decisions, oldest first")
    public Uni<List<DecisionView>> decisionsOf(@PathParam("householdId") UUID householdId) {
        return decisions.decisions(householdId).map(l -> l.stream().map(DecisionView::of).toList());
    }
}
