package id.graduasi.registry.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.HouseholdStatusChange;
import id.graduasi.registry.service.HouseholdService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/households")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Households")
public class HouseholdResource {

    /** Until authentication lands every REST write is attributed to the API itself. */
    private static final String ACTOR = "api";

    private final HouseholdService households;

    public HouseholdResource(HouseholdService households) {
        this.households = households;
    }

    public record RegisterHousehold(
            @NotNull @Pattern(regexp = "\\d{16}", message = "must be the 16-digit KK number")
            @Schema(examples = "6472011503090001") String kkNumber,
            @NotNull @Pattern(regexp = "\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}",
                    message = "must be a Kemendagri village code like 64.72.01.1001")
            @Schema(examples = "64.72.01.1001") String villageCode,
            @NotBlank @Size(max = 120) @Schema(examples = "Siti Aminah") String headName,
            @NotNull @Min(1) @Max(30) @Schema(examples = "4") Integer memberCount) {
    }

    /** {@code reason} is a code and travels in events; {@code note} is free text and stays in the registry. */
    public record StatusTransition(@NotNull HouseholdStatus status,
            @Pattern(regexp = "[A-Z][A-Z0-9_]{0,59}", message = "must be a reason code like FIELD_VERIFICATION")
            @Schema(examples = "FIELD_VERIFICATION") String reason,
            @Size(max = 500) @Schema(examples = "Visited on 12 March; documents complete") String note) {
    }

    public record HouseholdView(UUID id, String kkNumber, String villageCode, String headName, int memberCount,
            HouseholdStatus status, LocalDate registeredOn, Instant updatedAt) {

        static HouseholdView of(Household h) {
            return new HouseholdView(h.id, h.kkNumber, h.villageCode, h.headName, h.memberCount, h.status,
                    h.registeredOn, h.updatedAt);
        }
    }

    public record StatusChangeView(HouseholdStatus fromStatus, HouseholdStatus toStatus, String reason, String note,
            String changedBy, Instant changedAt) {

        static StatusChangeView of(HouseholdStatusChange c) {
            return new StatusChangeView(c.fromStatus, c.toStatus, c.reason, c.note, c.changedBy, c.changedAt);
        }
    }

    @POST
    @Operation(summary = "Register a household", description = "409 when the KK number is already registered.")
    public Uni<RestResponse<HouseholdView>> register(@Valid @NotNull RegisterHousehold request) {
        return households.register(new HouseholdService.Registration(request.kkNumber(), request.villageCode(),
                        request.headName().strip(), request.memberCount()), ACTOR)
                .map(h -> RestResponse.ResponseBuilder.<HouseholdView>created(URI.create("/api/v1/households/" + h.id))
                        .entity(HouseholdView.of(h)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One household")
    public Uni<HouseholdView> get(@PathParam("id") UUID id) {
        return households.get(id).map(HouseholdView::of);
    }

    @POST
    @Path("/{id}/status")
    @Operation(summary = "Move a household along its lifecycle",
            description = "REGISTERED → VERIFIED → ACTIVE → GRADUATED | EXITED; GRADUATED → ACTIVE on relapse. "
                    + "An invalid transition is 409.")
    public Uni<HouseholdView> transition(@PathParam("id") UUID id, @Valid @NotNull StatusTransition request) {
        return households.transition(id, request.status(), request.reason(), request.note(), ACTOR)
                .map(HouseholdView::of);
    }

    @GET
    @Path("/{id}/status-history")
    @Operation(summary = "Every status change of a household, oldest first")
    public Uni<List<StatusChangeView>> history(@PathParam("id") UUID id) {
        return households.history(id).map(list -> list.stream().map(StatusChangeView::of).toList());
    }
}
